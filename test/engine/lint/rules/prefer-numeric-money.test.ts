import {describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/prefer-numeric-money.js';
import {serverUrl} from '../../../helpers/pg.js';
import {applyFixes, columnType, derive, run, shopSession} from '../fixtures.js';

const bad = derive({
	version: 1,
	project: {name: 'invoices'},
	entities: [
		{
			name: 'invoices',
			fields: [
				{name: 'amount', type: 'float'},
				{name: 'order_total', type: 'float'},
				{name: 'total_distance', type: 'float'},
				{name: 'weight', type: 'float'},
			],
		},
	],
});

describe('prefer-numeric-money', () => {
	it('ok: the shop keeps money as numeric', () => {
		expect(run(rule, derive(shopSession()))).toEqual([]);
	});

	it('err: amounts as double precision (a distance and a weight are measurements)', () => {
		const violations = run(rule, bad);
		expect(violations.map((violation) => violation.target)).toEqual(['invoices.amount', 'invoices.order_total']);
		expect(violations[0]!.fixSql).toBe('ALTER TABLE invoices ALTER COLUMN amount TYPE numeric(12,2);');
	});

	describe.skipIf(!serverUrl())('on PostgreSQL', () => {
		it('err: the fixes make them exact', async () => {
			const result = await applyFixes(bad, run(rule, bad), {
				prepare: ['INSERT INTO invoices (amount, order_total, total_distance, weight) VALUES (0.1 + 0.2, 10, 1, 1)'],
				inspect: async (query) => [await columnType(query, 'invoices', 'amount'), (await query(`SELECT amount::text AS amount FROM invoices`))[0]!.amount],
			});
			expect(result).toEqual(['numeric(12,2)', '0.30']);
		});
	});
});
