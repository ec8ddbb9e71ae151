import {describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/prefer-numeric-money.js';
import {serverUrl} from '../../../helpers/pg.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {fixOnDatabase} from '../catalog-fixes.js';
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

	describe('on an existing database', () => {
		const SQL = `
			CREATE SCHEMA mo;
			CREATE TABLE mo.accounts (id int PRIMARY KEY, "account_balance-bad" money NOT NULL DEFAULT 0, fee double precision, weight real);
			CREATE TABLE mo.tp (day date NOT NULL, account_balance money) PARTITION BY RANGE (day);
			CREATE TABLE mo.tp_default PARTITION OF mo.tp DEFAULT;
			INSERT INTO mo.accounts VALUES (1, 12.34, 0.5, 1);
		`;

		it('err: the money type whatever the name (a warning), float money (an error); partitions through their parent', async () => {
			const violations = runOnDatabase(rule, await designFromSql(SQL));
			expect(violations.map((violation) => [violation.target, violation.severity])).toEqual([
				['mo.accounts.account_balance-bad', 'warning'],
				['mo.accounts.fee', undefined],
				['mo.tp.account_balance', 'warning'],
			]);
			expect(violations[0]!.fixSql).toBe('ALTER TABLE mo.accounts ALTER COLUMN "account_balance-bad" TYPE numeric(19,2);');
			expect(violations[0]!.message).toContain('lc_monetary');
		});

		it.skipIf(!serverUrl())('err: the fixes keep the amounts and the default', async () => {
			const result = await fixOnDatabase(SQL, rule, async (query) => [
				await columnType(query, 'mo.accounts', 'account_balance-bad'),
				await columnType(query, 'mo.tp_default', 'account_balance'),
				(await query(`SELECT "account_balance-bad"::text AS balance FROM mo.accounts`))[0]!.balance,
				(await query(`INSERT INTO mo.accounts (id) VALUES (2) RETURNING "account_balance-bad"::text AS balance`))[0]!.balance,
			]);
			expect(result).toEqual(['numeric(19,2)', 'numeric(19,2)', '12.34', '0.00']);
		});
	});
});
