import {describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/cascade-chain.js';
import type {Violation} from '../../../../source/engine/lint/rule.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {derive, run, shopSession, todoSession} from '../fixtures.js';

const graded = (violations: Violation[]) => violations.map((violation) => [violation.target, violation.severity ?? rule.defaultSeverity]);

describe('cascade-chain', () => {
	it('ok: no chain in the shop; in the todo design only the account deletion, as information', () => {
		expect(run(rule, derive(shopSession()))).toEqual([]);
		const todo = run(rule, derive(todoSession()));
		expect(graded(todo)).toEqual([['users', 'info']]);
		expect(todo[0]!.message).toBe('Deleting one users row deletes ~5 tags, ~200 tasks, ~400 task_tags (users -> tasks -> task_tags).');
	});

	it('err: a chain two levels deep, and threads that cascade to any depth', () => {
		const design = derive({
			version: 1,
			project: {name: 'forum'},
			entities: [
				{name: 'boards', volume: 100, fields: [{name: 'name', type: 'text'}]},
				{name: 'topics', volume: 20_000, fields: [{name: 'title', type: 'text'}]},
				{name: 'posts', volume: 400_000, fields: [{name: 'body', type: 'text'}]},
			],
			relationships: [
				{kind: 'one-to-many', parent: 'boards', child: 'topics', onDelete: 'cascade'},
				{kind: 'one-to-many', parent: 'topics', child: 'posts', onDelete: 'cascade'},
				{kind: 'one-to-many', parent: 'posts', child: 'posts', required: false, onDelete: 'cascade'},
			],
		});
		const violations = run(rule, design);
		expect(graded(violations)).toEqual([
			['boards', 'warning'],
			['posts', 'warning'],
		]);
		expect(violations[0]!.message).toBe('Deleting one boards row deletes ~200 topics, ~4,000 posts (boards -> topics -> posts).');
		expect(violations[1]!.message).toBe('Deleting one posts row deletes its child posts rows, and theirs, to any depth.');
		expect(violations.every((violation) => violation.fixSql === undefined)).toBe(true);
	});

	it('err: one large level (from the owner of an isolated design: information, with the advice)', () => {
		const session = {
			version: 1 as const,
			project: {name: 'metrics'},
			entities: [
				{name: 'users', volume: 1_000, fields: [{name: 'name', type: 'text' as const}]},
				{name: 'readings', volume: 'millions' as const, appendOnly: true, fields: [{name: 'value', type: 'float' as const}]},
			],
			relationships: [{kind: 'one-to-many' as const, parent: 'users', child: 'readings', onDelete: 'cascade' as const}],
		};
		const design = derive(session);
		const violations = run(rule, design);
		expect(graded(violations)).toEqual([['users', 'warning']]);
		expect(violations[0]!.message).toContain('~5,000 readings per users row go in one transaction');
		expect(violations[0]!.action).toContain('in batches');
		const isolated = derive({
			...session,
			relationships: [],
			isolation: {mode: 'user', enforcement: 'application', shared: [], onOwnerDelete: 'cascade'},
		});
		const owner = run(rule, isolated);
		expect(graded(owner)).toEqual([['users', 'info']]);
		expect(owner[0]!.action).toContain('in batches');
	});

	it('err on an existing database without row counts (lago from dump.sql): the chain, without made-up estimates', async () => {
		const design = await designFromSql(`
			CREATE TABLE billable_metrics (id bigint PRIMARY KEY);
			CREATE TABLE groups (id bigint PRIMARY KEY, billable_metric_id bigint REFERENCES billable_metrics ON DELETE CASCADE);
			CREATE TABLE group_properties (id bigint PRIMARY KEY, group_id bigint REFERENCES groups ON DELETE CASCADE);
		`);
		const violations = runOnDatabase(rule, design);
		expect(violations.map((violation) => violation.message)).toEqual([
			'Deleting one billable_metrics row deletes its groups rows, its group_properties rows (billable_metrics -> groups -> group_properties).',
		]);
	});
});
