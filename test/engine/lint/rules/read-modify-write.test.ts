import {describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/read-modify-write.js';
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
});
