import {beforeAll, describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/overlapping-indexes.js';
import type {Design} from '../../../../source/model/design.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {derive, run, saasSession, shopSession, todoSession} from '../fixtures.js';

const SQL = `
CREATE TABLE buyers (id bigint PRIMARY KEY, phone text NOT NULL, last_name text NOT NULL, first_name text NOT NULL, tags text[], ip inet);
CREATE INDEX buyers_id_phone_idx ON buyers (id, phone);
CREATE INDEX buyers_id_phone_no_ip_idx ON buyers (id, phone) WHERE ip IS NULL;
CREATE INDEX buyers_last_name_idx ON buyers (last_name);
CREATE INDEX buyers_last_name_hash_idx ON buyers USING hash (last_name);
CREATE INDEX buyers_last_first_idx ON buyers (last_name DESC, first_name);
CREATE INDEX buyers_tags_idx ON buyers USING gin (tags);
CREATE INDEX buyers_tags_btree_idx ON buyers (tags, last_name);
CREATE TABLE dict (ref_type int PRIMARY KEY, ref_value text NOT NULL, UNIQUE (ref_type, ref_value));
CREATE TABLE uses (ref_type int NOT NULL, ref_value text NOT NULL, FOREIGN KEY (ref_type, ref_value) REFERENCES dict (ref_type, ref_value));
CREATE SCHEMA p;
CREATE TABLE p.t1 (deleted boolean NOT NULL, entity_id text NOT NULL, at timestamptz NOT NULL) PARTITION BY RANGE (at);
CREATE INDEX t1_deleted_idx ON p.t1 (deleted);
CREATE INDEX t1_deleted_entity_id_idx ON p.t1 (deleted, entity_id);
CREATE TABLE p.t1_default PARTITION OF p.t1 DEFAULT;
`;

describe('overlapping-indexes', () => {
	let design: Design;
	beforeAll(async () => {
		design = await designFromSql(SQL);
	});

	it('ok: the derived designs fold overlapping indexes', () => {
		for (const session of [todoSession(), shopSession(), saasSession()]) expect(run(rule, derive(session))).toEqual([]);
	});

	it('err: every pair with the same predicate whose keys lead one another, once per partitioned index', () => {
		const pairs = runOnDatabase(rule, design).map((violation) => `${violation.target} <- ${violation.related?.join(', ')} [${violation.table}]`);
		// Not: another predicate (buyers_id_phone_no_ip_idx), gin next to btree, the same keys (duplicate-index's), the partition's copies.
		expect(pairs).toEqual([
			'buyers_id_phone_idx <- buyers_pkey [buyers]',
			'buyers_last_name_hash_idx <- buyers_last_first_idx [buyers]',
			'buyers_last_name_idx <- buyers_last_first_idx [buyers]',
			'dict_ref_type_ref_value_key <- dict_pkey [dict]',
			'p.t1_deleted_idx <- p.t1_deleted_entity_id_idx [p.t1]',
		]);
	});

	it('err: the advice follows what each index enforces', () => {
		const byTarget = new Map(runOnDatabase(rule, design).map((violation) => [violation.target, violation]));
		expect(byTarget.get('buyers_id_phone_idx')!.message).toContain('buyers_pkey is unique, so a lookup by (id) finds one row');
		expect(byTarget.get('buyers_last_name_idx')!.action).toContain('Drop buyers_last_name_idx unless');
		expect(byTarget.get('buyers_last_name_hash_idx')!.message).toContain('a hash index serves only =');
		expect(byTarget.get('dict_ref_type_ref_value_key')!.message).toContain('the uniqueness of dict_ref_type_ref_value_key follows from that of dict_pkey');
		expect(byTarget.get('dict_ref_type_ref_value_key')!.action).toContain('is the target of a foreign key');
	});
});
