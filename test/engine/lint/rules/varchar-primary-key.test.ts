import {beforeAll, describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/varchar-primary-key.js';
import type {Design} from '../../../../source/model/design.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {derive, run, saasSession, todoSession} from '../fixtures.js';

const SQL = `
CREATE TABLE t_uuid (id uuid PRIMARY KEY);
CREATE TABLE "t-short" ("id-short" varchar(32) PRIMARY KEY);
CREATE TABLE t_long (id_long varchar(36) PRIMARY KEY);
CREATE TABLE t_braced (id char(38) PRIMARY KEY);
CREATE TABLE t_code (code varchar(40) PRIMARY KEY);
CREATE TABLE t_not_key (id_long varchar(36) NOT NULL);
CREATE TABLE t_link ("id-short" varchar(32) NOT NULL REFERENCES "t-short", id_long varchar(36) NOT NULL REFERENCES t_long, PRIMARY KEY (id_long, "id-short"));
CREATE SCHEMA p;
CREATE TABLE p.tp (created date NOT NULL, ref varchar(36) NOT NULL, PRIMARY KEY (created, ref)) PARTITION BY RANGE (created);
CREATE TABLE p.tp_default PARTITION OF p.tp DEFAULT;
`;

describe('varchar-primary-key', () => {
	let design: Design;
	beforeAll(async () => {
		design = await designFromSql(SQL);
	});

	it('ok: the derived designs key by bigint or uuid', () => {
		for (const session of [todoSession(), saasSession()]) expect(run(rule, derive(session))).toEqual([]);
	});

	it('err: varchar(32/36/38) and char of those lengths in a primary key, judged once on a partitioned table', () => {
		const violations = runOnDatabase(rule, design);
		expect(violations.map((violation) => [violation.target, violation.table])).toEqual([
			['t-short_pkey', 't-short'],
			['t_braced_pkey', 't_braced'],
			['t_link_pkey', 't_link'],
			['t_long_pkey', 't_long'],
			['tp_pkey', 'p.tp'],
		]);
		expect(violations[2]!.message).toContain('has id_long (varchar(36)), id-short (varchar(32)): the lengths of a UUID written as text');
		expect(violations[3]!.action).toContain('USING id_long::uuid');
	});
});
