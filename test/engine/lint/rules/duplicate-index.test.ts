import {describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/duplicate-index.js';
import {serverUrl} from '../../../helpers/pg.js';
import {applyFixes, derive, indexNames, run, todoSession} from '../fixtures.js';

const design = derive(todoSession());
const original = design.indexes.find((index) => index.table === 'tasks' && index.where.length === 0)!;
const bad = {
	...design,
	indexes: [
		...design.indexes,
		{...original, name: 'tasks_copy_idx', origin: 'override' as const, serves: []},
		// The same keys as the unique constraint tags_user_id_name_key.
		{...original, name: 'tags_user_id_name_idx', table: 'tags', keys: [{column: 'user_id'}, {column: 'name'}], include: [], origin: 'override' as const, serves: []},
	],
};

describe('duplicate-index', () => {
	it('ok: the todo design has no two identical indexes', () => {
		expect(run(rule, design)).toEqual([]);
	});

	it('err: a copy of an index, and an index that repeats a unique constraint', () => {
		const violations = run(rule, bad);
		expect(violations.map((violation) => violation.target)).toEqual(['tasks_copy_idx', 'tags_user_id_name_idx']);
		expect(violations[0]!.message).toContain(`is the same index as ${original.name}`);
		expect(violations[1]!.message).toContain('is the same index as tags_user_id_name_key');
		expect(violations.map((violation) => violation.fixSql)).toEqual(['DROP INDEX CONCURRENTLY tasks_copy_idx;', 'DROP INDEX CONCURRENTLY tags_user_id_name_idx;']);
	});

	it('err: of two copies the one with more INCLUDE columns is kept; different INCLUDE columns get advice, no SQL', () => {
		const include = (names: Record<string, string[]>) => ({...bad, indexes: bad.indexes.map((index) => ({...index, include: names[index.name] ?? index.include}))});
		const [wider] = run(rule, include({tasks_copy_idx: ['title']}));
		expect([wider!.target, wider!.fixSql]).toEqual([original.name, `DROP INDEX CONCURRENTLY ${original.name};`]);
		const [different] = run(rule, include({tasks_copy_idx: ['title'], [original.name]: ['notes']}));
		expect(different!.target).toBe('tasks_copy_idx');
		expect(different!.fixSql).toBeUndefined();
		expect(different!.action).toContain(`Add INCLUDE (title) to ${original.name}`);
	});

	describe.skipIf(!serverUrl())('on PostgreSQL', () => {
		it('err: the fixes drop the copies', async () => {
			const names = await applyFixes(bad, run(rule, bad), {inspect: async (query) => [...(await indexNames(query, 'tasks')), ...(await indexNames(query, 'tags'))]});
			expect(names).not.toContain('tasks_copy_idx');
			expect(names).not.toContain('tags_user_id_name_idx');
			expect(names).toContain(original.name);
		});
	});
});
