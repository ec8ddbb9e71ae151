import {describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/owner-leads-index.js';
import {serverUrl} from '../../../helpers/pg.js';
import {applyFixes, derive, indexNames, run, saasSession, todoSession, withTable} from '../fixtures.js';

const bad = derive({...saasSession(), indexes: {add: [{entity: 'tasks', columns: ['due'], reason: 'imported'}], drop: []}});

describe('owner-leads-index', () => {
	it('ok: every index of the isolated designs leads with the owner (GIN and the primary key aside)', () => {
		expect(run(rule, derive(saasSession()))).toEqual([]);
		expect(run(rule, derive(todoSession()))).toEqual([]);
	});

	it('err: an index led by another column', () => {
		const violations = run(rule, bad);
		expect(violations.map((violation) => violation.target)).toEqual(['tasks_due_idx']);
		expect(violations[0]!.message).toContain('does not lead with tenant_id');
		expect(violations[0]!.fixSql!.split('\n')).toEqual(['CREATE INDEX CONCURRENTLY tasks_tenant_id_due_idx ON tasks (tenant_id, due);', 'DROP INDEX CONCURRENTLY tasks_due_idx;']);
	});

	it('err: a unique constraint across tenants gets advice, not SQL', () => {
		const global = withTable(derive(saasSession()), 'members', (table) => ({
			...table,
			uniques: [...table.uniques, {name: 'members_display_name_key', columns: ['display_name'], reason: 'imported'}],
		}));
		const [violation] = run(rule, global);
		expect(violation!.message).toContain('one tenant learns from an error that another already uses a value');
		expect(violation!.fixSql).toBeUndefined();
	});

	describe.skipIf(!serverUrl())('on PostgreSQL', () => {
		it('err: the fix rebuilds the index with the owner first', async () => {
			const names = await applyFixes(bad, run(rule, bad), {inspect: (query) => indexNames(query, 'tasks')});
			expect(names).toContain('tasks_tenant_id_due_idx');
			expect(names).not.toContain('tasks_due_idx');
		});
	});
});
