import {describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/require-check-rules.js';
import {serverUrl} from '../../../helpers/pg.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {fixOnDatabase} from '../catalog-fixes.js';
import {applyFixes, derive, run, shopSession} from '../fixtures.js';

const bad = derive({
	version: 1,
	project: {name: 'stockroom'},
	entities: [
		{name: 'cost_centers', fields: [{name: 'name', type: 'text'}]},
		{name: 'items', fields: [{name: 'unit_price', type: 'numeric', precision: 10, scale: 2}, {name: 'stock', type: 'int'}, {name: 'total_distance', type: 'float'}]},
	],
	relationships: [{kind: 'one-to-many', parent: 'cost_centers', child: 'items', column: 'cost_center_id', onDelete: 'restrict'}],
});

describe('require-check-rules', () => {
	it('ok: money and quantities of the shop carry CHECK rules', () => {
		expect(run(rule, derive(shopSession()))).toEqual([]);
	});

	it('err: a price and a stock level without one (a reference and a distance are not amounts)', () => {
		const violations = run(rule, bad);
		expect(violations.map((violation) => violation.target)).toEqual(['items.unit_price', 'items.stock']);
		expect(violations[0]!.fixSql!.split('\n')).toEqual([
			'ALTER TABLE items ADD CONSTRAINT items_unit_price_range_check CHECK (unit_price >= 0) NOT VALID;',
			'ALTER TABLE items VALIDATE CONSTRAINT items_unit_price_range_check;',
		]);
	});

	describe.skipIf(!serverUrl())('on PostgreSQL', () => {
		it('err: the fixes add the checks', async () => {
			const rows = await applyFixes(bad, run(rule, bad), {
				inspect: (query) => query(`SELECT conname FROM pg_constraint WHERE conrelid = 'items'::regclass AND contype = 'c' AND convalidated ORDER BY 1`),
			});
			expect(rows).toEqual([{conname: 'items_stock_range_check'}, {conname: 'items_unit_price_range_check'}]);
		});
	});

	describe('on an existing database (lago)', () => {
		const SQL = `
			CREATE TABLE fees (id bigint PRIMARY KEY, amount_cents bigint NOT NULL, fee_type integer, payment_status integer NOT NULL DEFAULT 0);
			CREATE TABLE usages (id bigint NOT NULL, kind text NOT NULL, total_amount numeric) PARTITION BY LIST (kind);
			CREATE TABLE usages_a PARTITION OF usages FOR VALUES IN ('a');
		`;

		it('ok: codes named after money (fee_type, payment_status), partitions through their parent; err: the amounts', async () => {
			const violations = runOnDatabase(rule, await designFromSql(SQL));
			expect(violations.map((violation) => violation.target).sort()).toEqual(['fees.amount_cents', 'usages.total_amount']);
		});

		it.skipIf(!serverUrl())('err: the CHECK added to the partitioned table reaches its partition', async () => {
			const rows = await fixOnDatabase(SQL, rule, (query) => query(`SELECT conrelid::regclass::text AS "table", conname FROM pg_constraint WHERE contype = 'c' AND conrelid <> 0 ORDER BY 1, 2`));
			expect(rows).toEqual([
				{table: 'fees', conname: 'fees_amount_cents_range_check'},
				{table: 'usages', conname: 'usages_total_amount_range_check'},
				{table: 'usages_a', conname: 'usages_total_amount_range_check'},
			]);
		});
	});
});
