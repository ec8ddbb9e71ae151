import {beforeAll, describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/natural-primary-key.js';
import type {Design} from '../../../../source/model/design.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {derive, run, saasSession, shopSession, todoSession} from '../fixtures.js';

const SQL = `
CREATE TABLE good (id integer PRIMARY KEY);
CREATE TABLE keyed_by_uuid (id uuid PRIMARY KEY, a bigint NOT NULL, b smallint NOT NULL, UNIQUE (a, b));
CREATE TABLE links (a bigint, b smallint, PRIMARY KEY (a, b));
CREATE TABLE "times-of-creation" (description text NOT NULL, "time-of-creation" timestamptz PRIMARY KEY);
CREATE TABLE passports (issued date NOT NULL, series text NOT NULL, number text NOT NULL, PRIMARY KEY (series, number));
CREATE TABLE apps (app_id uuid NOT NULL, app_number text NOT NULL, PRIMARY KEY (app_id, app_number));
CREATE TABLE no_key (code text);
CREATE SCHEMA p;
CREATE TABLE p.readings (at timestamptz NOT NULL, id uuid NOT NULL, PRIMARY KEY (at, id)) PARTITION BY RANGE (at);
CREATE TABLE p.readings_default PARTITION OF p.readings DEFAULT;
CREATE TABLE p.tp (created date NOT NULL, ref_type varchar(36) NOT NULL, PRIMARY KEY (created, ref_type)) PARTITION BY RANGE (created);
CREATE TABLE p.tp_default PARTITION OF p.tp DEFAULT;
`;

describe('natural-primary-key', () => {
	let design: Design;
	beforeAll(async () => {
		design = await designFromSql(SQL);
	});

	it('ok: the derived designs use surrogate keys', () => {
		for (const session of [todoSession(), shopSession(), saasSession()]) expect(run(rule, derive(session))).toEqual([]);
	});

	it('err: primary keys of values from the data; dates and timestamps only count on partitioned tables, judged on the parent', () => {
		const violations = runOnDatabase(rule, design);
		expect(violations.map((violation) => [violation.target, violation.table])).toEqual([
			['apps_pkey', 'apps'],
			['passports_pkey', 'passports'],
			['times-of-creation_pkey', 'times-of-creation'],
			['tp_pkey', 'p.tp'],
		]);
		expect(violations[1]!.message).toContain('series (text), number (text) are values from the data');
		expect(violations[1]!.action).toContain('keep (series, number) UNIQUE');
	});
});
