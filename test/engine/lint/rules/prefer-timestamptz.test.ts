import {describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/prefer-timestamptz.js';
import {serverUrl} from '../../../helpers/pg.js';
import {applyFixes, columnType, derive, run, todoSession, withColumn} from '../fixtures.js';

const design = derive(todoSession());
const bad = withColumn(design, 'tasks', 'completed_at', (column) => ({...column, type: {name: 'timestamp'}}));

describe('prefer-timestamptz', () => {
	it('ok: the todo design keeps instants as timestamptz', () => {
		expect(run(rule, design)).toEqual([]);
	});

	it('err: a timestamp without time zone', () => {
		const violations = run(rule, bad);
		expect(violations.map((violation) => violation.target)).toEqual(['tasks.completed_at']);
		expect(violations[0]!.fixSql).toBe("ALTER TABLE tasks ALTER COLUMN completed_at TYPE timestamptz USING completed_at AT TIME ZONE 'UTC';");
	});

	describe.skipIf(!serverUrl())('on PostgreSQL', () => {
		it('err: the fix keeps the instants, read as UTC', async () => {
			const result = await applyFixes(bad, run(rule, bad), {
				prepare: [
					"INSERT INTO users (email, name, password_hash) VALUES ('a@example.com', 'A', 'x')",
					"INSERT INTO tasks (user_id, title, completed_at) SELECT id, 'T', '2024-03-01 12:00' FROM users",
				],
				inspect: async (query) => [
					await columnType(query, 'tasks', 'completed_at'),
					(await query(`SELECT completed_at = '2024-03-01 12:00Z'::timestamptz AS "isSame" FROM tasks`))[0]!.isSame,
				],
			});
			expect(result).toEqual(['timestamp with time zone', true]);
		});
	});
});
