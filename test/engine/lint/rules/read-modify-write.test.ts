import {describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/read-modify-write.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {derive, run, shopSession, todoSession} from '../fixtures.js';

describe('read-modify-write', () => {
	it('ok: no counters in the todo design; a read-heavy shop is not checked', () => {
		expect(run(rule, derive(todoSession()))).toEqual([]);
		expect(run(rule, derive({...shopSession(), workload: {readWrite: 'read-heavy', p95Ms: 50}}))).toEqual([]);
	});

	it('err: a stock level and a counter, with the atomic statement to use', () => {
		const design = derive({
			version: 1,
			project: {name: 'shop'},
			entities: [{name: 'products', fields: [{name: 'stock', type: 'int', check: {min: 0}}, {name: 'view_count', type: 'bigint', default: 0}]}],
		});
		const violations = run(rule, design);
		expect(violations.map((violation) => violation.target)).toEqual(['products.stock', 'products.view_count']);
		expect(violations[0]!.action).toContain('UPDATE products SET stock = stock - $1 WHERE id = $2 AND stock >= $1 RETURNING stock;');
		expect(violations[0]!.action).toContain('SELECT stock FROM products WHERE id = $1 FOR UPDATE;');
		expect(violations[0]!.action).toContain('SQLSTATE 40001');
		expect(violations[1]!.action).toContain('UPDATE products SET view_count = view_count + 1 WHERE id = $1 RETURNING view_count;');
		expect(violations.every((violation) => violation.fixSql === undefined)).toBe(true);
	});

	it('ok on an existing database (lago): durations and bounds; err: a balance, with the statement schema-qualified', async () => {
		const design = await designFromSql(`
			CREATE TABLE rate_card_rates (id bigint PRIMARY KEY, billing_interval_count integer NOT NULL, billing_interval_cycle_count integer);
			CREATE TABLE recurring_rules (id bigint PRIMARY KEY, threshold_credits numeric, target_ongoing_balance numeric, max_quantity integer);
			CREATE SCHEMA "Billing";
			CREATE TABLE "Billing"."Wallets" (id bigint PRIMARY KEY, balance_cents bigint NOT NULL);
		`);
		const violations = runOnDatabase(rule, design);
		expect(violations.map((violation) => violation.target)).toEqual(['Billing.Wallets.balance_cents']);
		expect(violations[0]!.action).toContain('UPDATE "Billing"."Wallets" SET balance_cents = balance_cents - $1 WHERE id = $2 AND balance_cents >= $1 RETURNING balance_cents;');
	});
});
