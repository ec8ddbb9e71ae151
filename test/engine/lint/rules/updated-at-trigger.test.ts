import {describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/updated-at-trigger.js';
import {serverUrl} from '../../../helpers/pg.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {fixOnDatabase} from '../catalog-fixes.js';
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

	describe('on an existing database (lago)', () => {
		const SQL = `
			CREATE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.touched := true; RETURN NEW; END$$;
			CREATE TABLE notes (id bigint PRIMARY KEY, body text, updated_at timestamptz NOT NULL DEFAULT now());
			CREATE TABLE events (id bigint NOT NULL, kind text NOT NULL, updated_at timestamp(6) NOT NULL) PARTITION BY LIST (kind);
			CREATE TABLE events_a PARTITION OF events FOR VALUES IN ('a');
			CREATE SCHEMA "Ops";
			CREATE TABLE "Ops"."Jobs" (id bigint PRIMARY KEY, updated_at timestamptz);
			INSERT INTO events VALUES (1, 'a', '2000-01-01');
		`;

		it('err: once per partitioned table, in UTC for a timestamp column, schema-qualified, never replacing a function of the database', async () => {
			const violations = runOnDatabase(rule, await designFromSql(SQL));
			const triggers = Object.fromEntries(violations.map((violation) => [violation.target, violation.fixSql!.split('\n').at(-1)]));
			expect(triggers).toEqual({
				'events.updated_at': 'CREATE TRIGGER events_set_updated_at BEFORE UPDATE ON events FOR EACH ROW EXECUTE FUNCTION set_updated_at_utc();',
				'notes.updated_at': 'CREATE TRIGGER notes_set_updated_at BEFORE UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION set_updated_at_2();',
				'Ops.Jobs.updated_at': 'CREATE TRIGGER "Jobs_set_updated_at" BEFORE UPDATE ON "Ops"."Jobs" FOR EACH ROW EXECUTE FUNCTION "Ops".set_updated_at();',
			});
			expect(violations.find((violation) => violation.target === 'events.updated_at')!.fixSql).toContain(`NEW.updated_at := now() AT TIME ZONE 'UTC';`);
		});

		it.skipIf(!serverUrl())('err: after the fixes an UPDATE of a partition sets the time in UTC, whatever the session time zone', async () => {
			const rows = await fixOnDatabase(SQL, rule, async (query) => {
				await query(`SET TimeZone = 'America/New_York'; UPDATE events_a SET id = 2`);
				return query(`SELECT abs(extract(epoch FROM updated_at - (now() AT TIME ZONE 'UTC'))) < 60 AS "isUtc" FROM events`);
			});
			expect(rows).toEqual([{isUtc: true}]);
		});
	});
});
