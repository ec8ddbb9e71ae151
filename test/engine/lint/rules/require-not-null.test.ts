import {describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/require-not-null.js';
import {serverUrl} from '../../../helpers/pg.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {fixOnDatabase} from '../catalog-fixes.js';
import {applyFixes, derive, run, todoSession, withColumn} from '../fixtures.js';

const design = derive(todoSession());
const nullable = (column: (typeof design.tables)[number]['columns'][number]) => ({...column, nullable: true});
let bad = withColumn(design, 'users', 'created_at', (column) => {
	const {default: _default, ...rest} = column;
	return {...rest, nullable: true};
});
bad = withColumn(bad, 'tasks', 'user_id', nullable);
bad = withColumn(bad, 'tags', 'name', nullable);

describe('require-not-null', () => {
	it('ok: audit, owner and unique columns of the todo design are NOT NULL', () => {
		expect(run(rule, design)).toEqual([]);
	});

	it('err: nullable audit, owner and unique-key columns', () => {
		const violations = run(rule, bad);
		expect(violations.map((violation) => violation.target)).toEqual(['users.created_at', 'tasks.user_id', 'tags.name']);
		expect(violations[0]!.fixSql!.split('\n')).toEqual(['ALTER TABLE users ALTER COLUMN created_at SET DEFAULT now();', 'ALTER TABLE users ALTER COLUMN created_at SET NOT NULL;']);
		// tasks is large: the CHECK proves NOT NULL so SET NOT NULL skips its scan.
		expect(violations[1]!.fixSql!.split('\n')).toEqual([
			'ALTER TABLE tasks ADD CONSTRAINT tasks_user_id_not_null_check CHECK (user_id IS NOT NULL) NOT VALID;',
			'ALTER TABLE tasks VALIDATE CONSTRAINT tasks_user_id_not_null_check;',
			'ALTER TABLE tasks ALTER COLUMN user_id SET NOT NULL;',
			'ALTER TABLE tasks DROP CONSTRAINT tasks_user_id_not_null_check;',
		]);
		expect(violations[2]!.message).toContain('NULLs never collide');
	});

	describe.skipIf(!serverUrl())('on PostgreSQL', () => {
		it('err: the fixes make the columns NOT NULL', async () => {
			const rows = await applyFixes(bad, run(rule, bad), {
				inspect: (query) =>
					query(
						`SELECT attrelid::regclass::text AS "table", attname AS "column", attnotnull AS "notNull" FROM pg_attribute
						 WHERE (attrelid, attname) IN (('users'::regclass, 'created_at'), ('tasks'::regclass, 'user_id'), ('tags'::regclass, 'name')) ORDER BY 1, 2`,
					),
			});
			expect(rows).toEqual([
				{table: 'tags', column: 'name', notNull: true},
				{table: 'tasks', column: 'user_id', notNull: true},
				{table: 'users', column: 'created_at', notNull: true},
			]);
		});
	});

	describe('on an existing database (lago, openstreetmap)', () => {
		const SQL = `
			CREATE TABLE plans (id bigint PRIMARY KEY);
			CREATE TABLE subscriptions (id bigint PRIMARY KEY);
			CREATE TABLE entitlements (
				id bigint PRIMARY KEY, feature text NOT NULL, plan_id bigint REFERENCES plans, subscription_id bigint REFERENCES subscriptions,
				CONSTRAINT entitlement_check_exactly_one_parent CHECK ((plan_id IS NOT NULL) <> (subscription_id IS NOT NULL))
			);
			CREATE UNIQUE INDEX idx_unique_feature_per_plan ON entitlements (feature, plan_id);
			CREATE UNIQUE INDEX idx_unique_feature_per_subscription ON entitlements (feature, subscription_id);
			CREATE TABLE fees_taxes (id bigint PRIMARY KEY, fee_id bigint NOT NULL, tax_id bigint, created_at timestamp NOT NULL);
			CREATE UNIQUE INDEX index_fees_taxes_on_fee_id_and_tax_id ON fees_taxes (fee_id, tax_id) WHERE tax_id IS NOT NULL AND created_at >= '2023-09-12';
			CREATE TABLE filter_values (id bigint PRIMARY KEY, filter_id bigint NOT NULL, value text);
			CREATE UNIQUE INDEX idx_values_on_filter_and_value ON filter_values (filter_id, value) NULLS NOT DISTINCT;
			CREATE TABLE organizations (id bigint PRIMARY KEY, api_key text);
			CREATE UNIQUE INDEX index_organizations_on_api_key ON organizations (api_key);
			CREATE TABLE events (id bigint NOT NULL, kind text NOT NULL, created_at timestamptz DEFAULT now()) PARTITION BY LIST (kind);
			CREATE TABLE events_a PARTITION OF events FOR VALUES IN ('a');
			CREATE SCHEMA "Ops";
			CREATE TABLE "Ops"."Jobs" (id bigint PRIMARY KEY, created_at timestamptz);
		`;

		it('ok: NULLs a CHECK governs, a key over rows that have a value, NULLS NOT DISTINCT; partitions through their parent', async () => {
			const violations = runOnDatabase(rule, await designFromSql(SQL));
			expect(Object.fromEntries(violations.map((violation) => [violation.target, violation.fixSql]))).toEqual({
				'organizations.api_key': 'ALTER TABLE organizations ALTER COLUMN api_key SET NOT NULL;',
				'events.created_at': 'ALTER TABLE events ALTER COLUMN created_at SET NOT NULL;',
				'Ops.Jobs.created_at': 'ALTER TABLE "Ops"."Jobs" ALTER COLUMN created_at SET DEFAULT now();\nALTER TABLE "Ops"."Jobs" ALTER COLUMN created_at SET NOT NULL;',
			});
		});

		it.skipIf(!serverUrl())('err: the fixes apply, in another schema and through the partitioned table', async () => {
			const rows = await fixOnDatabase(SQL, rule, (query) =>
				query(
					`SELECT attrelid::regclass::text AS "table", attnotnull AS "notNull" FROM pg_attribute
					 WHERE (attrelid, attname) IN (('organizations'::regclass, 'api_key'), ('events_a'::regclass, 'created_at'), ('"Ops"."Jobs"'::regclass, 'created_at')) ORDER BY 1`,
				),
			);
			expect(rows).toEqual([
				{table: '"Ops"."Jobs"', notNull: true},
				{table: 'events_a', notNull: true},
				{table: 'organizations', notNull: true},
			]);
		});
	});
});
