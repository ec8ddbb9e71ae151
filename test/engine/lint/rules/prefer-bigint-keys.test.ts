import {describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/prefer-bigint-keys.js';
import type {Violation} from '../../../../source/engine/lint/rule.js';
import {serverUrl} from '../../../helpers/pg.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {fixOnDatabase} from '../catalog-fixes.js';
import {applyFixes, columnType, derive, run, todoSession, withColumn} from '../fixtures.js';

const design = derive(todoSession());
const integer = (column: (typeof design.tables)[number]['columns'][number]) => ({...column, type: {name: 'integer' as const}});
let bad = withColumn(design, 'tasks', 'id', integer);
bad = withColumn(bad, 'task_tags', 'tag_id', integer);
bad = withColumn(bad, 'users', 'id', integer);

describe('prefer-bigint-keys', () => {
	it('ok: bigint keys', () => {
		expect(run(rule, design)).toEqual([]);
	});

	it('err: integer keys on large tables (warnings) and on a small one (information)', () => {
		const violations = run(rule, bad) as Violation[];
		expect(violations.map((violation) => [violation.target, violation.severity])).toEqual([
			['users.id', 'info'],
			['tasks.id', undefined],
			['task_tags.tag_id', undefined],
		]);
		expect(violations[1]!.message).toContain('stops at 2,147,483,647 — on a table expected to hold ~2,000,000 rows');
		expect(violations[1]!.action).toContain('task_tags.task_id');
		expect(violations[1]!.fixSql).toBe('ALTER TABLE tasks ALTER COLUMN id TYPE bigint;');
	});

	describe.skipIf(!serverUrl())('on PostgreSQL', () => {
		it('err: the fixes widen the keys and their identity sequences', async () => {
			const result = await applyFixes(bad, run(rule, bad), {
				inspect: async (query) => [
					await columnType(query, 'users', 'id'),
					await columnType(query, 'tasks', 'id'),
					await columnType(query, 'task_tags', 'tag_id'),
					(await query(`SELECT format_type(seqtypid, NULL) AS type FROM pg_sequence WHERE seqrelid = pg_get_serial_sequence('tasks', 'id')::regclass`))[0]!.type,
				],
			});
			expect(result).toEqual(['bigint', 'bigint', 'bigint', 'bigint']);
		});
	});

	describe('on an existing database (openstreetmap)', () => {
		const SQL = `
			CREATE TABLE relations (id bigint PRIMARY KEY);
			CREATE TABLE relation_members (relation_id bigint NOT NULL REFERENCES relations, sequence_id integer NOT NULL, member_id bigint NOT NULL, PRIMARY KEY (relation_id, sequence_id));
			CREATE SCHEMA "Ops";
			CREATE TABLE "Ops".issues (id serial PRIMARY KEY, title text);
		`;

		it('ok: a position within a composite key; err: a serial key in another schema, with its sequence', async () => {
			const violations = runOnDatabase(rule, await designFromSql(SQL));
			expect(violations.map((violation) => [violation.target, violation.severity, violation.fixSql])).toEqual([
				['Ops.issues.id', 'info', 'ALTER TABLE "Ops".issues ALTER COLUMN id TYPE bigint;\nALTER SEQUENCE "Ops".issues_id_seq AS bigint;'],
			]);
		});

		it.skipIf(!serverUrl())('err: the fix widens the key and its sequence', async () => {
			const result = await fixOnDatabase(SQL, rule, async (query) => [
				await columnType(query, '"Ops".issues', 'id'),
				(await query(`SELECT format_type(seqtypid, NULL) AS type FROM pg_sequence WHERE seqrelid = '"Ops".issues_id_seq'::regclass`))[0]!.type,
			]);
			expect(result).toEqual(['bigint', 'bigint']);
		});
	});
});
