import {describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/deliberate-on-delete.js';
import {serverUrl} from '../../../helpers/pg.js';
import {applyFixes, derive, run, todoSession} from '../fixtures.js';

const design = derive({
	version: 1,
	project: {name: 'blog'},
	entities: [
		{name: 'authors', fields: [{name: 'name', type: 'text'}]},
		{name: 'posts', fields: [{name: 'title', type: 'text'}]},
	],
	relationships: [{kind: 'one-to-many', parent: 'authors', child: 'posts', onDelete: 'no-action'}],
});

describe('deliberate-on-delete', () => {
	it('ok: every relationship of the todo design chose an action', () => {
		expect(run(rule, derive(todoSession()))).toEqual([]);
	});

	it('err: ON DELETE NO ACTION', () => {
		const violations = run(rule, design);
		expect(violations).toHaveLength(1);
		expect(violations[0]!.target).toBe('posts_author_id_fkey');
		expect(violations[0]!.message).toContain('posts.author_id -> authors is ON DELETE NO ACTION');
		expect(violations[0]!.fixSql!.split('\n')).toEqual([
			'ALTER TABLE posts DROP CONSTRAINT posts_author_id_fkey, ADD CONSTRAINT posts_author_id_fkey FOREIGN KEY (author_id) REFERENCES authors (id) ON DELETE RESTRICT NOT VALID;',
			'ALTER TABLE posts VALIDATE CONSTRAINT posts_author_id_fkey;',
		]);
	});

	describe.skipIf(!serverUrl())('on PostgreSQL', () => {
		it('err: the fix states RESTRICT', async () => {
			const rows = await applyFixes(design, run(rule, design), {
				inspect: (query) => query(`SELECT confdeltype, convalidated FROM pg_constraint WHERE conname = 'posts_author_id_fkey'`),
			});
			expect(rows).toEqual([{confdeltype: 'r', convalidated: true}]);
		});
	});
});
