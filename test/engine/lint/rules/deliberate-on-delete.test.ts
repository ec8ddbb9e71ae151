import {describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/deliberate-on-delete.js';
import {serverUrl} from '../../../helpers/pg.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {fixOnDatabase} from '../catalog-fixes.js';
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

	describe('on an existing database (lago, openstreetmap)', () => {
		const SQL = `
			CREATE SCHEMA "Sales";
			CREATE TABLE "Sales".customers (id bigint PRIMARY KEY);
			CREATE TABLE "Sales"."Orders" (
				id bigint PRIMARY KEY,
				customer_id bigint REFERENCES "Sales".customers MATCH FULL ON UPDATE CASCADE,
				legacy_id bigint,
				gone_id bigint DEFAULT 0 REFERENCES "Sales".customers ON DELETE SET DEFAULT
			);
			ALTER TABLE "Sales"."Orders" ADD CONSTRAINT orders_legacy_fk FOREIGN KEY (legacy_id) REFERENCES "Sales".customers NOT VALID;
		`;

		it('err: the fix states RESTRICT and keeps MATCH FULL, ON UPDATE and NOT VALID, schema-qualified; SET DEFAULT was chosen', async () => {
			const violations = runOnDatabase(rule, await designFromSql(SQL));
			expect(Object.fromEntries(violations.map((violation) => [violation.target, violation.fixSql!.split('\n')]))).toEqual({
				Orders_customer_id_fkey: [
					'ALTER TABLE "Sales"."Orders" DROP CONSTRAINT "Orders_customer_id_fkey", ADD CONSTRAINT "Orders_customer_id_fkey" FOREIGN KEY (customer_id) REFERENCES "Sales".customers (id) MATCH FULL ON UPDATE CASCADE ON DELETE RESTRICT NOT VALID;',
					'ALTER TABLE "Sales"."Orders" VALIDATE CONSTRAINT "Orders_customer_id_fkey";',
				],
				orders_legacy_fk: [
					'ALTER TABLE "Sales"."Orders" DROP CONSTRAINT orders_legacy_fk, ADD CONSTRAINT orders_legacy_fk FOREIGN KEY (legacy_id) REFERENCES "Sales".customers (id) ON DELETE RESTRICT NOT VALID;',
				],
			});
		});

		it.skipIf(!serverUrl())('err: after the fixes both keys are RESTRICT, the rest as it was', async () => {
			const rows = await fixOnDatabase(SQL, rule, (query) =>
				query(`SELECT conname, confdeltype, confupdtype, confmatchtype, convalidated FROM pg_constraint WHERE contype = 'f' ORDER BY conname`),
			);
			expect(rows).toEqual([
				{conname: 'Orders_customer_id_fkey', confdeltype: 'r', confupdtype: 'c', confmatchtype: 'f', convalidated: true},
				{conname: 'Orders_gone_id_fkey', confdeltype: 'd', confupdtype: 'a', confmatchtype: 's', convalidated: true},
				{conname: 'orders_legacy_fk', confdeltype: 'r', confupdtype: 'a', confmatchtype: 's', convalidated: false},
			]);
		});
	});
});
