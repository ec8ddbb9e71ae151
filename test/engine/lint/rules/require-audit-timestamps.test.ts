import {describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/require-audit-timestamps.js';
import {serverUrl} from '../../../helpers/pg.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {fixOnDatabase} from '../catalog-fixes.js';
import {applyFixes, derive, run, todoSession} from '../fixtures.js';

const bad = derive({
	version: 1,
	project: {name: 'notes'},
	entities: [
		{name: 'notes', fields: [{name: 'body', type: 'text'}]},
		{name: 'page_views', appendOnly: true, fields: [{name: 'path', type: 'text'}]},
		{name: 'tags', fields: [{name: 'name', type: 'text'}]},
	],
	relationships: [{kind: 'many-to-many', left: 'notes', right: 'tags'}],
	audit: {timestamps: false},
});

describe('require-audit-timestamps', () => {
	it('ok: entity tables of the todo design have both', () => {
		expect(run(rule, derive(todoSession()))).toEqual([]);
	});

	it('err: no audit columns (append-only tables need created_at only; link tables are not checked)', () => {
		const violations = run(rule, bad);
		expect(violations.map((violation) => violation.target)).toEqual(['notes', 'page_views', 'tags']);
		expect(violations[1]!.fixSql).toBe('ALTER TABLE page_views ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();');
		expect(violations[0]!.fixSql).toContain('CREATE TRIGGER notes_set_updated_at BEFORE UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION set_updated_at();');
	});

	describe.skipIf(!serverUrl())('on PostgreSQL', () => {
		it('err: the fixes add the columns and the trigger', async () => {
			const rows = await applyFixes(bad, run(rule, bad), {
				prepare: ["INSERT INTO notes (body) VALUES ('first')"],
				inspect: async (query) => {
					await query(`UPDATE notes SET body = 'changed'`);
					return query(`SELECT updated_at > created_at AS "isTouched", (SELECT count(*)::int FROM pg_trigger WHERE NOT tgisinternal) AS triggers FROM notes`);
				},
			});
			// created_at and updated_at were added in one transaction each; the UPDATE runs later.
			expect(rows).toEqual([{isTouched: true, triggers: 2}]);
		});
	});

	describe('on an existing database (openstreetmap, lago)', () => {
		const SQL = `
			CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, creation_time timestamp NOT NULL);
			CREATE TABLE ways (id bigint PRIMARY KEY, "timestamp" timestamp NOT NULL, version bigint NOT NULL);
			CREATE TABLE way_tags (way_id bigint NOT NULL REFERENCES ways, k text NOT NULL, v text NOT NULL, PRIMARY KEY (way_id, k));
			CREATE TABLE changesets_subscribers (subscriber_id bigint NOT NULL REFERENCES users, way_id bigint NOT NULL REFERENCES ways);
			CREATE TABLE schema_migrations (version varchar PRIMARY KEY);
			CREATE TABLE events (id bigint NOT NULL, kind text NOT NULL, payload jsonb) PARTITION BY LIST (kind);
			CREATE TABLE events_a PARTITION OF events FOR VALUES IN ('a');
			CREATE SCHEMA "Ops";
			CREATE TABLE "Ops"."Jobs" (id bigint PRIMARY KEY, name text);
		`;

		it('ok: other names for the times, tag rows, link tables, a list of keys, partitions; err: the rest, schema-qualified', async () => {
			const violations = runOnDatabase(rule, await designFromSql(SQL));
			expect(Object.fromEntries(violations.map((violation) => [violation.target, violation.message.split(' column:')[0]]))).toEqual({
				events: 'events has no created_at or updated_at',
				'Ops.Jobs': 'Ops.Jobs has no created_at or updated_at',
				users: 'users has no updated_at',
			});
			expect(violations.find((violation) => violation.target === 'Ops.Jobs')!.fixSql).toContain(
				'CREATE TRIGGER "Jobs_set_updated_at" BEFORE UPDATE ON "Ops"."Jobs" FOR EACH ROW EXECUTE FUNCTION "Ops".set_updated_at();',
			);
		});

		it.skipIf(!serverUrl())('err: the fixes add the columns and triggers, on the partitioned table and in another schema', async () => {
			const rows = await fixOnDatabase(SQL, rule, (query) =>
				query(
					`SELECT attrelid::regclass::text AS "table", count(*)::int AS columns FROM pg_attribute
					 WHERE attname IN ('created_at', 'updated_at') AND attrelid IN ('events_a'::regclass, '"Ops"."Jobs"'::regclass, 'users'::regclass) GROUP BY 1 ORDER BY 1`,
				),
			);
			expect(rows).toEqual([
				{table: '"Ops"."Jobs"', columns: 2},
				{table: 'events_a', columns: 2},
				{table: 'users', columns: 1},
			]);
		});
	});
});
