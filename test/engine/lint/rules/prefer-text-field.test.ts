import {describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/prefer-text-field.js';
import {serverUrl} from '../../../helpers/pg.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {fixOnDatabase} from '../catalog-fixes.js';
import {applyFixes, columnType, derive, run, shopSession, withColumn} from '../fixtures.js';

const shop = derive(shopSession());
// As imported: varchar(255) on a column the search vector reads, varchar without a length, a varchar(80) nobody explained.
let bad = withColumn(shop, 'products', 'name', (column) => ({...column, type: {name: 'varchar', length: 255}, reason: 'imported'}));
bad = withColumn(bad, 'customers', 'name', (column) => ({...column, type: {name: 'varchar'}, reason: 'imported'}));
bad = withColumn(bad, 'categories', 'name', (column) => ({...column, type: {name: 'varchar', length: 80}, reason: 'imported'}));

describe('prefer-text-field', () => {
	it('ok: a varchar whose limit the user stated', () => {
		expect(shop.tables.find((table) => table.name === 'products')!.columns.find((column) => column.name === 'sku')!.type).toEqual({name: 'varchar', length: 32});
		expect(run(rule, shop)).toEqual([]);
	});

	it('err: varchar(255), varchar without a length, an unexplained varchar(80)', () => {
		const violations = run(rule, bad);
		expect(violations.map((violation) => violation.target)).toEqual(['customers.name', 'products.name', 'categories.name']);
		expect(violations[0]!.fixSql).toBe('ALTER TABLE customers ALTER COLUMN name TYPE text;');
		// products.name feeds the generated search vector: it is dropped and added back around the type change.
		const products = violations[1]!.fixSql!.split('\n');
		expect(products[0]).toMatch(/^ALTER TABLE products DROP COLUMN search_vector, ALTER COLUMN name TYPE text, ADD COLUMN search_vector tsvector NOT NULL GENERATED ALWAYS AS \(.*\) STORED;$/);
		expect(products[1]).toMatch(/^CREATE INDEX CONCURRENTLY products_search_vector_idx ON products USING gin \(search_vector\);$/);
		// Its CHECK (char_length(name) BETWEEN 1 AND 200) is already tighter than 255.
		expect(products).toHaveLength(2);
		expect(violations[2]!.fixSql!.split('\n')).toEqual([
			'ALTER TABLE categories ALTER COLUMN name TYPE text;',
			'ALTER TABLE categories ADD CONSTRAINT categories_name_length_check CHECK (char_length(name) <= 80) NOT VALID;',
			'ALTER TABLE categories VALIDATE CONSTRAINT categories_name_length_check;',
		]);
	});

	describe.skipIf(!serverUrl())('on PostgreSQL', () => {
		it('err: the fixes make the columns text and keep the limits', async () => {
			const types = await applyFixes(bad, run(rule, bad), {
				inspect: async (query) => [
					await columnType(query, 'customers', 'name'),
					await columnType(query, 'products', 'name'),
					await columnType(query, 'categories', 'name'),
					(await query(`SELECT count(*)::int AS n FROM pg_index WHERE indexrelid = 'products_search_vector_idx'::regclass`))[0]!.n,
				],
			});
			expect(types).toEqual(['text', 'text', 'text', 1]);
		});
	});

	describe('on an existing database', () => {
		const SQL = `
			CREATE SCHEMA v;
			CREATE TABLE v.clients (id int PRIMARY KEY, email varchar(200), phone varchar(50), nickname varchar);
			CREATE VIEW v.client_emails AS SELECT id, email FROM v.clients;
			CREATE TABLE v.tp (ref_type varchar(36) NOT NULL, day date NOT NULL) PARTITION BY RANGE (day);
			CREATE TABLE v.tp_default PARTITION OF v.tp DEFAULT;
			CREATE TABLE v.archived_clients (note varchar(10)) INHERITS (v.clients);
		`;

		it('err: every varchar(n) and bare varchar, schema-qualified; partitions and inherited columns through their parent; no fix under a view', async () => {
			const violations = runOnDatabase(rule, await designFromSql(SQL));
			expect(violations.map((violation) => violation.target)).toEqual(['v.archived_clients.note', 'v.clients.email', 'v.clients.phone', 'v.clients.nickname', 'v.tp.ref_type']);
			expect(violations[2]!.fixSql!.split('\n')).toEqual([
				'ALTER TABLE v.clients ALTER COLUMN phone TYPE text;',
				'ALTER TABLE v.clients ADD CONSTRAINT clients_phone_length_check CHECK (char_length(phone) <= 50) NOT VALID;',
				'ALTER TABLE v.clients VALIDATE CONSTRAINT clients_phone_length_check;',
			]);
			expect(violations[2]!.action).not.toContain('session');
			expect(violations[1]!.fixSql).toBeUndefined();
			expect(violations[1]!.action).toContain('The view v.client_emails reads v.clients.email, and PostgreSQL refuses to change the type of a column a view depends on');
		});

		it.skipIf(!serverUrl())('err: the fixes reach partitions and inheritance children', async () => {
			const types = await fixOnDatabase(SQL, rule, async (query) => [
				await columnType(query, 'v.clients', 'phone'),
				await columnType(query, 'v.archived_clients', 'phone'),
				await columnType(query, 'v.tp_default', 'ref_type'),
				await columnType(query, 'v.clients', 'email'),
			]);
			expect(types).toEqual(['text', 'text', 'text', 'character varying(200)']);
		});
	});
});
