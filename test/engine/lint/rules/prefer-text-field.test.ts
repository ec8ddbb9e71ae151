import {describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/prefer-text-field.js';
import {serverUrl} from '../../../helpers/pg.js';
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
});
