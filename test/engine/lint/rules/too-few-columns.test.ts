import {beforeAll, describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/too-few-columns.js';
import type {Design} from '../../../../source/model/design.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {derive, run, saasSession, shopSession, todoSession} from '../fixtures.js';

const SQL = `
CREATE SCHEMA l;
CREATE TABLE l.empty ();
CREATE TABLE l.another (id bigserial PRIMARY KEY, CHECK (id > 1000));
CREATE TABLE l.codes (code text PRIMARY KEY);
CREATE TABLE l.uses (id bigint PRIMARY KEY, code text REFERENCES l.codes (code));
CREATE TABLE l.tp (ref_type bigint NOT NULL, entity_id text NOT NULL) PARTITION BY RANGE (ref_type);
ALTER TABLE l.tp DROP COLUMN entity_id;
CREATE TABLE l.tp_default PARTITION OF l.tp DEFAULT;
`;

describe('too-few-columns', () => {
	let design: Design;
	beforeAll(async () => {
		design = await designFromSql(SQL);
	});

	it('ok: the example designs', () => {
		for (const session of [todoSession(), shopSession(), saasSession()]) expect(run(rule, derive(session))).toEqual([]);
	});

	it('err: tables of no column or one (dropped columns do not count), a partitioned table once', () => {
		const violations = runOnDatabase(rule, design);
		expect(violations.map((violation) => violation.target)).toEqual(['l.another', 'l.codes', 'l.empty', 'l.tp']);
		const [another, codes, empty] = violations;
		expect(another!.message).toBe('l.another has a single column, id: it stores a set of values and nothing about them, and nothing references it.');
		expect(codes!.message).toContain('(foreign keys reference it as a list of allowed values)');
		expect(codes!.action).toContain('suppress this finding with that reason');
		expect(empty!.message).toContain('l.empty has no columns');
	});
});
