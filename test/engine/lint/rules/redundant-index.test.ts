import {describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/redundant-index.js';
import {serverUrl} from '../../../helpers/pg.js';
import {applyFixes, derive, indexNames, run, todoSession} from '../fixtures.js';

const design = derive(todoSession());
const wide = design.indexes.find((index) => index.table === 'tasks' && index.keys.length >= 2 && index.where.length === 0)!;
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
});
