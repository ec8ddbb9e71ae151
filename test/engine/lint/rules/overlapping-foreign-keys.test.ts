import {beforeAll, describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/overlapping-foreign-keys.js';
import type {Design} from '../../../../source/model/design.js';
import {serverUrl} from '../../../helpers/pg.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {fixOnDatabase} from '../catalog-fixes.js';
import {derive, run, saasSession, shopSession, todoSession} from '../fixtures.js';

const SQL = `
CREATE SCHEMA b;
CREATE TABLE b.clients (id bigint PRIMARY KEY, email text NOT NULL, phone text NOT NULL, UNIQUE (email, phone));
CREATE TABLE b.prefs (id bigint PRIMARY KEY, email text NOT NULL, phone text NOT NULL,
	CONSTRAINT prefs_email_phone_fk FOREIGN KEY (email, phone) REFERENCES b.clients (email, phone),
	CONSTRAINT prefs_phone_email_fk FOREIGN KEY (phone, email) REFERENCES b.clients (phone, email));
CREATE TABLE b.pairs (id bigint PRIMARY KEY, x text NOT NULL, y text NOT NULL,
	CONSTRAINT pairs_xy_fk FOREIGN KEY (x, y) REFERENCES b.clients (email, phone),
	CONSTRAINT pairs_yx_fk FOREIGN KEY (y, x) REFERENCES b.clients (email, phone));
CREATE TABLE b.dict (ref_type int PRIMARY KEY, ref_value text NOT NULL, UNIQUE (ref_type, ref_value));
CREATE TABLE b.t1 (id bigint PRIMARY KEY, ref_type int NOT NULL, ref_value text NOT NULL,
	CONSTRAINT t1_ref_type_fkey FOREIGN KEY (ref_type) REFERENCES b.dict (ref_type),
	CONSTRAINT t1_ref_type_ref_value_fk FOREIGN KEY (ref_type, ref_value) REFERENCES b.dict (ref_type, ref_value));
CREATE TABLE b.t2 (id bigint PRIMARY KEY, ref_type int NOT NULL, ref_value text,
	CONSTRAINT t2_ref_type_fkey FOREIGN KEY (ref_type) REFERENCES b.dict (ref_type),
	CONSTRAINT t2_ref_type_ref_value_fk FOREIGN KEY (ref_type, ref_value) REFERENCES b.dict (ref_type, ref_value));
CREATE TABLE b.members (tenant_id bigint NOT NULL, id bigint NOT NULL, PRIMARY KEY (tenant_id, id));
CREATE TABLE b.issues (id bigint PRIMARY KEY, tenant_id bigint NOT NULL, assignee_id bigint, reporter_id bigint,
	FOREIGN KEY (tenant_id, assignee_id) REFERENCES b.members (tenant_id, id),
	FOREIGN KEY (tenant_id, reporter_id) REFERENCES b.members (tenant_id, id));
CREATE TABLE b.copies (id bigint PRIMARY KEY, ref_type int REFERENCES b.dict (ref_type),
	CONSTRAINT copies_again FOREIGN KEY (ref_type) REFERENCES b.dict (ref_type));
`;

describe('overlapping-foreign-keys', () => {
	let design: Design;
	beforeAll(async () => {
		design = await designFromSql(SQL);
	});

	it('ok: the example designs, whose scoped references share only the owner column', () => {
		for (const session of [todoSession(), shopSession(), saasSession()]) expect(run(rule, derive(session))).toEqual([]);
	});

	it('ok: two references that share a scope column, and exact copies (duplicate-foreign-key)', () => {
		expect(runOnDatabase(rule, design).filter((violation) => violation.table === 'b.issues' || violation.table === 'b.copies')).toEqual([]);
	});

	it('err: the same pairs in another order, one key inside another, one column paired two ways', () => {
		const violations = runOnDatabase(rule, design);
		expect(violations.map((violation) => [violation.target, violation.table, violation.related, violation.severity])).toEqual([
			['pairs_yx_fk', 'b.pairs', ['pairs_xy_fk'], undefined],
			['prefs_phone_email_fk', 'b.prefs', ['prefs_email_phone_fk'], undefined],
			['t1_ref_type_fkey', 'b.t1', ['t1_ref_type_ref_value_fk'], undefined],
			['t2_ref_type_fkey', 'b.t2', ['t2_ref_type_ref_value_fk'], 'info'],
		]);
		const [pairs, prefs, t1, t2] = violations;
		expect(pairs!.fixSql).toBeUndefined();
		expect(pairs!.message).toContain('with different columns of b.clients');
		expect(prefs!.message).toContain('pair the same columns in another order');
		expect(prefs!.fixSql).toBe('ALTER TABLE b.prefs DROP CONSTRAINT prefs_phone_email_fk;');
		expect(t1!.message).toContain('ref_value is NOT NULL, so every row that satisfies t1_ref_type_ref_value_fk also satisfies t1_ref_type_fkey');
		expect(t1!.fixSql).toBe('ALTER TABLE b.t1 DROP CONSTRAINT t1_ref_type_fkey;');
		// ref_value may be NULL: t2_ref_type_fkey checks the rows the composite key skips.
		expect(t2!.fixSql).toBeUndefined();
		expect(t2!.message).toContain('checks only the rows where ref_value is NULL');
	});

	describe.skipIf(!serverUrl())('on PostgreSQL', () => {
		it('err: the fixes drop the key that checks nothing of its own', async () => {
			const keys = await fixOnDatabase(SQL, rule, async (query) =>
				(await query(`SELECT conname FROM pg_constraint WHERE contype = 'f' AND conrelid IN ('b.prefs'::regclass, 'b.t1'::regclass) ORDER BY 1`)).map((row) => row.conname),
			);
			expect(keys).toEqual(['prefs_email_phone_fk', 't1_ref_type_ref_value_fk']);
		});
	});
});
