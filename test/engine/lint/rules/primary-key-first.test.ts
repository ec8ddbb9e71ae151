import {beforeAll, describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/primary-key-first.js';
import type {Design} from '../../../../source/model/design.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {derive, run, saasSession, shopSession, todoSession} from '../fixtures.js';

const SQL = `
CREATE SCHEMA i;
CREATE TABLE i.good (id int PRIMARY KEY, name text);
CREATE TABLE i."times-of-creation" (description text NOT NULL, "time-of-creation" timestamptz PRIMARY KEY);
CREATE TABLE i.t2 (issue_date date NOT NULL, series text NOT NULL, number text NOT NULL, PRIMARY KEY (series, number));
CREATE TABLE i.t3 (app_id uuid NOT NULL, middle text, app_number text NOT NULL, PRIMARY KEY (app_id, app_number));
CREATE TABLE i.second_key_column_first (b int NOT NULL, a int NOT NULL, PRIMARY KEY (a, b));
CREATE TABLE i.nokey (name text, id int);
CREATE TABLE i.p (description text, ref text NOT NULL, at date NOT NULL, PRIMARY KEY (ref, at)) PARTITION BY RANGE (at);
CREATE TABLE i.p_default PARTITION OF i.p DEFAULT;
`;

describe('primary-key-first', () => {
	let design: Design;
	beforeAll(async () => {
		design = await designFromSql(SQL);
	});

	it('ok: the example designs start every table with its key (link tables with their first key column)', () => {
		for (const session of [todoSession(), shopSession(), saasSession()]) expect(run(rule, derive(session))).toEqual([]);
	});

	it('err: tables whose first column is outside the key, once for a partitioned table; not tables without a key', () => {
		const violations = runOnDatabase(rule, design);
		expect(violations.map((violation) => violation.target)).toEqual(['i.p', 'i.t2', 'i.times-of-creation']);
		expect(violations[2]!.message).toBe(
			'i.times-of-creation starts with description, not with its primary key (time-of-creation): \\d, SELECT * and generated models show the key after other columns, where readers do not look for it.',
		);
		expect(violations.every((violation) => violation.fixSql === undefined)).toBe(true);
	});
});
