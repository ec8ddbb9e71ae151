import {describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/prefer-jsonb.js';
import {serverUrl} from '../../../helpers/pg.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {fixOnDatabase} from '../catalog-fixes.js';
import {applyFixes, columnType, derive, run, saasSession, withColumn} from '../fixtures.js';

const design = derive(saasSession());
const bad = withColumn(design, 'audit_events', 'details', (column) => ({...column, type: {name: 'json'}}));

describe('prefer-jsonb', () => {
	it('ok: documents are jsonb', () => {
		expect(run(rule, design)).toEqual([]);
	});

	it('err: a json column', () => {
		const violations = run(rule, bad);
		expect(violations.map((violation) => violation.target)).toEqual(['audit_events.details']);
		expect(violations[0]!.fixSql).toBe('ALTER TABLE audit_events ALTER COLUMN details TYPE jsonb USING details::jsonb;');
	});

	describe.skipIf(!serverUrl())('on PostgreSQL', () => {
		it('err: the fix converts the column and its documents', async () => {
			const result = await applyFixes(bad, run(rule, bad), {
				prepare: [
					"INSERT INTO tenants (name, slug) VALUES ('T', 't')",
					`INSERT INTO audit_events (tenant_id, action, details) SELECT id, 'login', '{"b": 1, "a": 2}' FROM tenants`,
				],
				inspect: async (query) => [await columnType(query, 'audit_events', 'details'), (await query(`SELECT details->>'a' AS a FROM audit_events`))[0]!.a],
			});
			expect(result).toEqual(['jsonb', '2']);
		});
	});

	describe('on an existing database', () => {
		const SQL = `
			CREATE SCHEMA j;
			CREATE TABLE j.parent (id int NOT NULL, raw_data json, day date NOT NULL) PARTITION BY RANGE (day);
			CREATE TABLE j.partition_default PARTITION OF j.parent DEFAULT;
			INSERT INTO j.parent VALUES (1, '{"a": 1}', '2024-01-01');
		`;

		it('err: a json column of a partitioned table, reported once, schema-qualified', async () => {
			const violations = runOnDatabase(rule, await designFromSql(SQL));
			expect(violations.map((violation) => violation.target)).toEqual(['j.parent.raw_data']);
			expect(violations[0]!.fixSql).toBe('ALTER TABLE j.parent ALTER COLUMN raw_data TYPE jsonb USING raw_data::jsonb;');
		});

		it.skipIf(!serverUrl())('err: the fix converts the partitions too', async () => {
			const result = await fixOnDatabase(SQL, rule, async (query) => [
				await columnType(query, 'j.partition_default', 'raw_data'),
				(await query(`SELECT raw_data->>'a' AS a FROM j.parent`))[0]!.a,
			]);
			expect(result).toEqual(['jsonb', '1']);
		});
	});
});
