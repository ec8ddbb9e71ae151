import {describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/prefer-timestamptz.js';
import {serverUrl} from '../../../helpers/pg.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {fixOnDatabase} from '../catalog-fixes.js';
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

	describe('on an existing database', () => {
		const SQL = `
			CREATE SCHEMA ts;
			CREATE TABLE ts."t-multi" (id int PRIMARY KEY, ts timestamp, created_at timetz, plain timestamp, seen timestamp(3));
			CREATE INDEX idx_mid ON ts."t-multi" (id, date_trunc('day', ts));
			CREATE INDEX idx_seen ON ts."t-multi" (id) WHERE seen IS NOT NULL;
			CREATE VIEW ts.recent AS SELECT id, plain FROM ts."t-multi";
			CREATE TABLE ts.tp (creation_date timestamp NOT NULL, done_at timestamp) PARTITION BY RANGE (creation_date);
			CREATE TABLE ts.tp_default PARTITION OF ts.tp DEFAULT;
			INSERT INTO ts."t-multi" VALUES (1, '2024-03-01 12:00', '09:00+01', '2024-03-01 12:00', '2024-03-01 12:00');
		`;

		it('err: timestamp and timetz; no fix under an index expression, a view or as partition key; partitions through their parent', async () => {
			const violations = runOnDatabase(rule, await designFromSql(SQL));
			const fixed = Object.fromEntries(violations.map((violation) => [violation.target, violation.fixSql ?? null]));
			expect(fixed).toEqual({
				'ts.t-multi.ts': null,
				'ts.t-multi.created_at': null,
				'ts.t-multi.plain': null,
				'ts.t-multi.seen': `ALTER TABLE ts."t-multi" ALTER COLUMN seen TYPE timestamptz USING seen AT TIME ZONE 'UTC';`,
				'ts.tp.creation_date': null,
				'ts.tp.done_at': `ALTER TABLE ts.tp ALTER COLUMN done_at TYPE timestamptz USING done_at AT TIME ZONE 'UTC';`,
			});
			const action = (target: string) => violations.find((violation) => violation.target === target)!.action;
			expect(action('ts.t-multi.ts')).toContain('ts.idx_mid computes an expression of ts');
			expect(action('ts.t-multi.created_at')).toContain('make it time and keep the zone');
			expect(action('ts.t-multi.plain')).toContain('The view ts.recent reads');
			expect(action('ts.tp.creation_date')).toContain('partition key');
		});

		it.skipIf(!serverUrl())('err: the fixes apply, the partial index is rebuilt, the partitions follow', async () => {
			const result = await fixOnDatabase(SQL, rule, async (query) => [
				await columnType(query, 'ts."t-multi"', 'seen'),
				await columnType(query, 'ts.tp_default', 'done_at'),
				(await query(`SELECT count(*)::int AS n FROM pg_index WHERE indexrelid = 'ts.idx_seen'::regclass`))[0]!.n,
				(await query(`SELECT seen = '2024-03-01 12:00Z'::timestamptz AS same FROM ts."t-multi"`))[0]!.same,
			]);
			expect(result).toEqual(['timestamp with time zone', 'timestamp with time zone', 1, true]);
		});
	});
});
