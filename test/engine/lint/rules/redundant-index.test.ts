import {describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/redundant-index.js';
import {serverUrl} from '../../../helpers/pg.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {fixOnDatabase} from '../catalog-fixes.js';
import {applyFixes, derive, indexNames, run, todoSession} from '../fixtures.js';

const design = derive(todoSession());
const wide = design.indexes.find((index) => index.table === 'tasks' && index.keys.length >= 2)!;
const bad = derive({
	...todoSession(),
	indexes: {
		add: [
			{entity: 'tasks', columns: [wide.keys[0]!.column], reason: 'imported'},
			{entity: 'tags', columns: ['user_id', 'name'], reason: 'imported', where: [{column: 'name', is: 'not-null'}]},
		],
		drop: [],
	},
});

describe('redundant-index', () => {
	it('ok: the planner folds prefixes away', () => {
		expect(run(rule, design)).toEqual([]);
	});

	it('err: a hand-made prefix of an index (a partial one with another predicate is not)', () => {
		const violations = run(rule, bad);
		expect(violations.map((violation) => violation.target)).toEqual(['tasks_user_id_idx']);
		// The unique constraint (user_id, id) comes first among the indexes that cover it.
		expect(violations[0]!.message).toContain('is a leading prefix of tasks_user_id_id_key (user_id, id)');
		expect(violations[0]!.fixSql).toBe('DROP INDEX CONCURRENTLY tasks_user_id_idx;');
	});

	it('err: a prefix of a unique constraint', () => {
		const prefix = derive({...todoSession(), indexes: {add: [{entity: 'tags', columns: ['user_id'], reason: 'imported'}], drop: []}});
		const [violation] = run(rule, prefix);
		expect(violation!.message).toContain('is a leading prefix of tags_user_id_name_key (user_id, name)');
	});

	describe.skipIf(!serverUrl())('on PostgreSQL', () => {
		it('err: the fix drops the prefix', async () => {
			const names = await applyFixes(bad, run(rule, bad), {inspect: (query) => indexNames(query, 'tasks')});
			expect(names).not.toContain('tasks_user_id_idx');
			expect(names).toContain(wide.name);
		});
	});

	describe('on an existing database', () => {
		const SQL = `
			CREATE SCHEMA "Ops";
			CREATE TABLE "Ops".jobs (a int, b int);
			CREATE INDEX "Jobs_a" ON "Ops".jobs (a);
			CREATE INDEX jobs_a_b ON "Ops".jobs (a, b);
		`;

		it('err: the DROP INDEX names the index in its schema', async () => {
			const violations = runOnDatabase(rule, await designFromSql(SQL));
			expect(violations.map((violation) => [violation.target, violation.fixSql])).toEqual([['Ops.Jobs_a', 'DROP INDEX CONCURRENTLY "Ops"."Jobs_a";']]);
		});

		it.skipIf(!serverUrl())('err: the fix drops it', async () => {
			const names = await fixOnDatabase(SQL, rule, async (query) => (await query(`SELECT indexname FROM pg_indexes WHERE schemaname = 'Ops' ORDER BY 1`)).map((row) => row.indexname));
			expect(names).toEqual(['jobs_a_b']);
		});
	});
});
