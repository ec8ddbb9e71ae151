import {describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/updated-at-trigger.js';
import {serverUrl} from '../../../helpers/pg.js';
import {applyFixes, derive, run, todoSession} from '../fixtures.js';

const design = derive(todoSession());
const bad = {...design, triggers: [], functions: design.functions.filter((fn) => fn.name !== 'set_updated_at')};

describe('updated-at-trigger', () => {
	it('ok: every updated_at of the todo design has its trigger', () => {
		expect(run(rule, design)).toEqual([]);
	});

	it('err: no triggers, and no function either', () => {
		const violations = run(rule, bad);
		expect(violations.map((violation) => violation.target)).toEqual(['users.updated_at', 'tasks.updated_at', 'tags.updated_at']);
		expect(violations[0]!.fixSql!.split('\n')).toEqual([
			'CREATE OR REPLACE FUNCTION set_updated_at()',
			'RETURNS trigger',
			'LANGUAGE plpgsql',
			'AS $body$',
			'BEGIN',
			'    NEW.updated_at := now();',
			'    RETURN NEW;',
			'END;',
			'$body$;',
			'CREATE TRIGGER users_set_updated_at BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION set_updated_at();',
		]);
		expect(run(rule, {...bad, functions: design.functions})[0]!.fixSql).toBe(
			'CREATE TRIGGER users_set_updated_at BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION set_updated_at();',
		);
	});

	describe.skipIf(!serverUrl())('on PostgreSQL', () => {
		it('err: after the fixes an UPDATE moves updated_at', async () => {
			const rows = await applyFixes(bad, run(rule, bad), {
				prepare: ["INSERT INTO users (email, name, password_hash, updated_at) VALUES ('a@example.com', 'A', 'x', '2000-01-01')"],
				inspect: async (query) => {
					await query(`UPDATE users SET name = 'B'`);
					return query(`SELECT updated_at > '2000-01-01' AS "isCurrent" FROM users`);
				},
			});
			expect(rows).toEqual([{isCurrent: true}]);
		});
	});
});
