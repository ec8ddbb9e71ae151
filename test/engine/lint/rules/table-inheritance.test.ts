import {beforeAll, describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/table-inheritance.js';
import type {Design} from '../../../../source/model/design.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {derive, run, saasSession, shopSession, todoSession} from '../fixtures.js';

const SQL = `
CREATE SCHEMA n;
CREATE TABLE n.parent_table (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, info text);
CREATE TABLE n.child_table (extra text) INHERITS (n.parent_table);
CREATE TABLE n."second-child" (extra2 text) INHERITS (n.child_table);
CREATE TABLE n.p (id bigint NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE n.p_default PARTITION OF n.p DEFAULT;
`;

describe('table-inheritance', () => {
	let design: Design;
	beforeAll(async () => {
		design = await designFromSql(SQL);
	});

	it('ok: the example designs, and partitions (which are not inheritance)', () => {
		for (const session of [todoSession(), shopSession(), saasSession()]) expect(run(rule, derive(session))).toEqual([]);
		expect(runOnDatabase(rule, design).map((violation) => violation.target)).not.toContain('n.p_default');
	});

	it('err: every table that INHERITS, naming its parents', () => {
		const violations = runOnDatabase(rule, design);
		expect(violations.map((violation) => [violation.target, violation.related])).toEqual([
			['n.child_table', ['n.parent_table']],
			['n.second-child', ['n.child_table']],
		]);
		expect(violations[0]!.message).toContain('a foreign key to n.parent_table never finds n.child_table');
	});
});
