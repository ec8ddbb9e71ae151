import {describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/large-object-column.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {derive, run, shopSession, todoSession} from '../fixtures.js';

describe('large-object-column', () => {
	it('ok: the engine stores binary data as bytea', () => {
		for (const session of [todoSession(), shopSession()]) expect(run(rule, derive(session))).toEqual([]);
	});

	it('err: oid and lo columns (the lo extension is a domain over oid); bytea, oid[] and partitions are not reported', async () => {
		const design = await designFromSql(`
			CREATE SCHEMA m;
			CREATE DOMAIN m.lo AS oid;
			CREATE TABLE m.documents (id int PRIMARY KEY, "Content" oid NOT NULL, preview bytea, versions oid[]);
			CREATE TABLE m.images (id int PRIMARY KEY, raster m.lo);
			CREATE TABLE m.attachments (at date NOT NULL, data oid) PARTITION BY RANGE (at);
			CREATE TABLE m.attachments_2024 PARTITION OF m.attachments FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
		`);
		const violations = runOnDatabase(rule, design);
		expect(violations.map((violation) => violation.target)).toEqual(['m.attachments.data', 'm.documents.Content', 'm.images.raster']);
		expect(violations[1]!.message).toContain('an oid column');
		expect(violations[2]!.message).toContain('unless the lo_manage trigger unlinks it');
		expect(violations[1]!.action).toContain('UPDATE m.documents SET <new> = lo_get("Content")');
		expect(violations.every((violation) => violation.fixSql === undefined)).toBe(true);
	});
});
