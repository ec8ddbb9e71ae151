import {describe, expect, it} from 'vitest';
import type {SessionInput} from '../../../../source/model/session.js';
import {rule} from '../../../../source/engine/lint/rules/random-uuid-keys.js';
import {derive, run, todoSession} from '../fixtures.js';

const session = (volume: 'thousands' | 'millions'): SessionInput => ({
	version: 1,
	project: {name: 'orders'},
	keys: {primaryKey: 'uuid'},
	entities: [{name: 'orders', volume, fields: [{name: 'note', type: 'text'}]}],
});

describe('random-uuid-keys', () => {
	it('ok: bigint identity keys, and random uuids on a small table', () => {
		expect(run(rule, derive(todoSession()))).toEqual([]);
		expect(run(rule, derive(session('thousands')))).toEqual([]);
	});

	it('err: random uuids on a table of millions', () => {
		const violations = run(rule, derive(session('millions')));
		expect(violations.map((violation) => violation.target)).toEqual(['orders.id']);
		expect(violations[0]!.action).toContain('ALTER TABLE orders ALTER COLUMN id SET DEFAULT uuidv7();');
		expect(violations[0]!.fixSql).toBeUndefined();
	});
});
