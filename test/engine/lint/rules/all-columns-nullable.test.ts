import {beforeAll, describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/all-columns-nullable.js';
import type {Design} from '../../../../source/model/design.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {derive, run, saasSession, shopSession, todoSession} from '../fixtures.js';

const SQL = `
CREATE SCHEMA j;
CREATE TABLE j.bad_design (product_type text NOT NULL, description text, product_subtype text NOT NULL, PRIMARY KEY (product_type, product_subtype));
CREATE TABLE j."no-pk" (description text, "Product" text);
CREATE TABLE j.only_pk (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);
CREATE TABLE j."good-design" (description text NOT NULL, id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);
CREATE TABLE j.p (id bigint NOT NULL, note text, at date, PRIMARY KEY (id)) PARTITION BY HASH (id);
CREATE TABLE j.p_0 PARTITION OF j.p FOR VALUES WITH (modulus 1, remainder 0);
`;

describe('all-columns-nullable', () => {
	let design: Design;
	beforeAll(async () => {
		design = await designFromSql(SQL);
	});

	it('ok: the example designs (audit timestamps are NOT NULL; link tables are all key)', () => {
		for (const session of [todoSession(), shopSession(), saasSession()]) expect(run(rule, derive(session))).toEqual([]);
	});

	it('info: in a session, optional fields were chosen one by one', () => {
		const design = derive({
			version: 1,
			project: {name: 'notes', description: 'Notes.'},
			entities: [{name: 'notes', fields: [{name: 'body', type: 'text', required: false}, {name: 'color', type: 'text', required: false}]}],
			audit: {timestamps: false},
		});
		const violations = run(rule, design);
		expect(violations.map((violation) => [violation.target, violation.severity])).toEqual([['notes', 'info']]);
	});

	it('err: tables whose every column but the key is nullable, with or without a key; a partitioned table once', () => {
		const violations = runOnDatabase(rule, design);
		expect(violations.map((violation) => violation.target)).toEqual(['j.bad_design', 'j.no-pk', 'j.p']);
		const [keyed, keyless] = violations;
		expect(violations.every((violation) => violation.severity === undefined)).toBe(true);
		expect(keyed!.message).toContain('Every column of j.bad_design besides its primary key accepts NULL (description): a row with nothing in it but its key');
		expect(keyless!.message).toContain('Every column of j.no-pk accepts NULL (description, Product): a row with nothing in it at all');
		expect(keyless!.action).toContain('SELECT count(*) FROM j."no-pk" WHERE description IS NULL');
	});
});
