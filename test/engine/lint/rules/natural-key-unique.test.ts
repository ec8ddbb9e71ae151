import {describe, expect, it} from 'vitest';
import type {SessionInput} from '../../../../source/model/session.js';
import {rule} from '../../../../source/engine/lint/rules/natural-key-unique.js';
import {serverUrl} from '../../../helpers/pg.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {fixOnDatabase} from '../catalog-fixes.js';
import {applyFixes, derive, indexNames, run, shopSession, todoSession} from '../fixtures.js';

const session = (isUnique: boolean): SessionInput => ({
	version: 1,
	project: {name: 'projects'},
	entities: [
		{name: 'users', fields: [{name: 'email', type: 'email', unique: isUnique}, {name: 'postal_code', type: 'text'}]},
		{name: 'projects', softDelete: true, fields: [{name: 'code', type: 'text', unique: isUnique}]},
	],
	relationships: [{kind: 'one-to-many', parent: 'users', child: 'projects', onDelete: 'cascade'}],
	isolation: {mode: 'user', enforcement: 'application', shared: [], onOwnerDelete: 'cascade'},
});
const bad = derive(session(false));

describe('natural-key-unique', () => {
	it('ok: unique natural keys, also per owner and among live rows', () => {
		expect(run(rule, derive(session(true)))).toEqual([]);
		expect(run(rule, derive(todoSession()))).toEqual([]);
		expect(run(rule, derive(shopSession()))).toEqual([]);
	});

	it('err: an e-mail and a per-owner code that nothing keeps unique', () => {
		const violations = run(rule, bad);
		expect(violations.map((violation) => violation.target)).toEqual(['users.email', 'projects.code']);
		expect(violations.map((violation) => violation.fixSql)).toEqual([
			'CREATE UNIQUE INDEX CONCURRENTLY users_lower_email_key ON users (lower(email));',
			'CREATE UNIQUE INDEX CONCURRENTLY projects_user_id_code_key ON projects (user_id, code) WHERE deleted_at IS NULL;',
		]);
	});

	describe.skipIf(!serverUrl())('on PostgreSQL', () => {
		it('err: the fixes build the unique indexes', async () => {
			const names = await applyFixes(bad, run(rule, bad), {inspect: async (query) => [...(await indexNames(query, 'users')), ...(await indexNames(query, 'projects'))]});
			expect(names).toEqual(expect.arrayContaining(['users_lower_email_key', 'projects_user_id_code_key']));
		});
	});

	describe('on an existing database (lago)', () => {
		const SQL = `
			CREATE TABLE organizations (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), slug text NOT NULL, email text);
			CREATE UNIQUE INDEX index_organizations_on_slug ON organizations (slug);
			CREATE TABLE add_ons (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), organization_id uuid NOT NULL REFERENCES organizations, code text NOT NULL, deleted_at timestamp);
			CREATE UNIQUE INDEX index_add_ons_on_organization_id_and_code ON add_ons (organization_id, code) WHERE deleted_at IS NULL;
			CREATE TABLE customers (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), organization_id uuid NOT NULL REFERENCES organizations, external_id text NOT NULL, email text, slug text);
			CREATE UNIQUE INDEX index_customers_on_external_id_and_organization_id ON customers (external_id, organization_id);
			CREATE TABLE payment_requests (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), customer_id uuid NOT NULL REFERENCES customers, email text);
			CREATE TABLE users (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), email text, password_digest text);
			CREATE SCHEMA "Billing";
			CREATE TABLE "Billing"."Tags" (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, slug text NOT NULL);
		`;

		it('ok: a code unique per parent, an e-mail next to another key, an e-mail of a child row; err: users.email, a slug in another schema', async () => {
			const violations = runOnDatabase(rule, await designFromSql(SQL));
			expect(Object.fromEntries(violations.map((violation) => [violation.target, violation.fixSql]))).toEqual({
				'users.email': 'CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);',
				'Billing.Tags.slug': 'CREATE UNIQUE INDEX CONCURRENTLY "Tags_slug_key" ON "Billing"."Tags" (slug);',
			});
		});

		it.skipIf(!serverUrl())('err: the fixes build the unique indexes, the second in its schema', async () => {
			const names = await fixOnDatabase(SQL, rule, async (query) =>
				(await query(`SELECT schemaname || '.' || indexname AS name FROM pg_indexes WHERE indexname LIKE '%_slug_key' OR indexname = 'users_email_key' ORDER BY 1`)).map((row) => row.name),
			);
			expect(names).toEqual(['Billing.Tags_slug_key', 'public.users_email_key']);
		});
	});
});
