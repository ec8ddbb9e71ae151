import {describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/row-level-security.js';
import {serverUrl} from '../../../helpers/pg.js';
import {applyFixes, derive, run, saasSession, todoSession, withTable} from '../fixtures.js';

const design = derive(saasSession());
const withoutPolicies = {...design, policies: design.policies.filter((policy) => policy.table !== 'tasks' && policy.table !== 'projects')};
const bad = withTable(withoutPolicies, 'tasks', (table) => ({...table, rowLevelSecurity: false}));

describe('row-level-security', () => {
	it('ok: every isolated table is secured; application enforcement is not checked', () => {
		expect(run(rule, design)).toEqual([]);
		expect(run(rule, derive(todoSession()))).toEqual([]);
	});

	it('err: a table without RLS, and one with RLS but no policy', () => {
		const violations = run(rule, bad);
		expect(violations.map((violation) => violation.target)).toEqual(['projects', 'tasks']);
		expect(violations[0]!.message).toContain('no policy: the application sees none of its rows');
		expect(violations[1]!.fixSql!.split('\n')).toEqual([
			'ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;',
			'ALTER TABLE tasks FORCE ROW LEVEL SECURITY;',
			'CREATE POLICY tasks_isolation ON tasks USING (tenant_id = app_current_tenant_id()) WITH CHECK (tenant_id = app_current_tenant_id());',
		]);
	});

	describe.skipIf(!serverUrl())('on PostgreSQL', () => {
		it('err: the fixes secure both tables', async () => {
			const rows = await applyFixes(bad, run(rule, bad), {
				inspect: (query) =>
					query(
						`SELECT relname AS "table", relrowsecurity AS "isOn", relforcerowsecurity AS "isForced", (SELECT count(*)::int FROM pg_policy WHERE polrelid = c.oid) AS policies
						 FROM pg_class c WHERE relname IN ('projects', 'tasks') ORDER BY 1`,
					),
			});
			expect(rows).toEqual([
				{table: 'projects', isOn: true, isForced: true, policies: 1},
				{table: 'tasks', isOn: true, isForced: true, policies: 1},
			]);
		});
	});
});
