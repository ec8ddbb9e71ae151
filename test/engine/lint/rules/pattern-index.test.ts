import {describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/pattern-index.js';
import type {Violation} from '../../../../source/engine/lint/rule.js';
import {serverUrl} from '../../../helpers/pg.js';
import {applyFixes, derive, indexNames, run, shopSession, todoSession} from '../fixtures.js';

const todo = derive(todoSession());
const pendingIndex = todo.patterns.find((pattern) => pattern.name === 'ListPendingTasks')!.index!;
const withoutPendingIndex = derive({...todoSession(), indexes: {add: [], drop: [pendingIndex]}});
const shop = derive(shopSession());
const searchIndex = shop.indexes.find((index) => index.method === 'gin')!;
const withoutSearchIndex = derive({...shopSession(), indexes: {add: [], drop: [searchIndex.name]}});
// The pattern an index was made for is gone, as in a design imported with its indexes but without that query.
const orphaned = {
	...todo,
	patterns: todo.patterns.filter((pattern) => pattern.name !== 'ListPendingTasks'),
	indexes: todo.indexes.map((index) => (index.name === pendingIndex ? {...index, serves: []} : index)),
};
const handMade = derive({...todoSession(), indexes: {add: [{entity: 'tasks', columns: ['title'], reason: 'the admin screen sorts by title'}], drop: []}});

describe('pattern-index', () => {
	it('ok: every pattern has its index and every index serves one', () => {
		expect(run(rule, todo)).toEqual([]);
		expect(run(rule, shop)).toEqual([]);
	});

	it('ok: a hand-made index that can serve a pattern', () => {
		const design = derive({...todoSession(), indexes: {add: [{entity: 'tasks', columns: ['user_id', 'due'], reason: 'pending tasks'}], drop: []}});
		expect(run(rule, design).filter((violation) => violation.target.startsWith('tasks_user_id_due'))).toEqual([]);
	});

	it('err: a pattern whose index was dropped', () => {
		const violations = run(rule, withoutPendingIndex);
		expect(violations.map((violation) => violation.target)).toEqual(['ListPendingTasks']);
		expect(violations[0]!.message).toContain('ListPendingTasks (a user\'s pending tasks, soonest due first, ~300/s) has no index: every run reads all of tasks (~2,000,000 rows)');
		expect(violations[0]!.fixSql).toMatch(/^CREATE INDEX CONCURRENTLY \w+ ON tasks \(user_id, due.*\) WHERE completed_at IS NULL;$/);
	});

	it('err: a search whose GIN index was dropped', () => {
		const violations = run(rule, withoutSearchIndex);
		expect(violations.map((violation) => violation.fixSql)).toEqual([`CREATE INDEX CONCURRENTLY ${searchIndex.name} ON products USING gin (search_vector);`]);
	});

	it('err: an index that serves nothing (a warning), or a hand-made one (information)', () => {
		const idle = run(rule, orphaned) as Violation[];
		expect(idle.map((violation) => [violation.target, violation.severity])).toEqual([[pendingIndex, undefined]]);
		expect(idle[0]!.message).toContain('serves no access pattern and covers no foreign key');
		expect(idle[0]!.fixSql).toBe(`DROP INDEX CONCURRENTLY ${pendingIndex};`);
		const manual = run(rule, handMade) as Violation[];
		expect(manual.map((violation) => [violation.target, violation.severity])).toEqual([['tasks_title_idx', 'info']]);
	});

	describe.skipIf(!serverUrl())('on PostgreSQL', () => {
		it('err: the fixes create the missing indexes', async () => {
			const names = await applyFixes(withoutPendingIndex, run(rule, withoutPendingIndex), {inspect: (query) => indexNames(query, 'tasks')});
			expect(names).toContain(pendingIndex);
			const gin = await applyFixes(withoutSearchIndex, run(rule, withoutSearchIndex), {inspect: (query) => indexNames(query, 'products')});
			expect(gin).toContain(searchIndex.name);
		});

		it('err: the fixes drop the idle indexes', async () => {
			const names = await applyFixes(orphaned, [...run(rule, orphaned), ...run(rule, handMade)], {
				prepare: ['CREATE INDEX tasks_title_idx ON tasks (title)'],
				inspect: (query) => indexNames(query, 'tasks'),
			});
			expect(names).not.toContain(pendingIndex);
			expect(names).not.toContain('tasks_title_idx');
		});
	});
});
