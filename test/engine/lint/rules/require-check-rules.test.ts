import {describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/require-check-rules.js';
import {serverUrl} from '../../../helpers/pg.js';
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
});
