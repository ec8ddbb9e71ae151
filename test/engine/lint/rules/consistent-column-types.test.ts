import {describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/consistent-column-types.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {derive, run, saasSession, shopSession, todoSession} from '../fixtures.js';

describe('consistent-column-types', () => {
	it('ok: the engine gives keys, timestamps and shared fields one type', () => {
		for (const session of [todoSession(), shopSession(), saasSession()]) expect(run(rule, derive(session))).toEqual([]);
	});

	it('err: one name, several types in a schema; modifiers do not count, other schemas, partitions and inherited columns are apart', async () => {
		const design = await designFromSql(`
			CREATE SCHEMA t;
			CREATE TABLE t.accounts (id bigint PRIMARY KEY, created_at timestamptz, email varchar(100), total numeric(12,2));
			CREATE TABLE t.clients (id bigint PRIMARY KEY, created_at timestamp, email varchar(255), total numeric);
			CREATE TABLE t."t-int-id" (id int PRIMARY KEY);
			CREATE TABLE t.pt (id uuid NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
			CREATE TABLE t.pt_2024 PARTITION OF t.pt FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
			CREATE TABLE t.archived_clients () INHERITS (t.clients);
			CREATE SCHEMA other;
			CREATE TABLE other.things (id text PRIMARY KEY, email text);
		`);
		const violations = runOnDatabase(rule, design);
		expect(violations.map((violation) => violation.target).sort()).toEqual([
			't.accounts.created_at',
			't.accounts.id',
			't.clients.created_at',
			't.clients.id',
			't.pt.id',
			't.t-int-id.id',
		]);
		const id = violations.find((violation) => violation.target === 't.pt.id')!;
		expect(id.related).toEqual(['t.accounts.id', 't.clients.id', 't.t-int-id.id']);
		expect(id.message).toBe(
			'id has 3 types in t (bigint in t.accounts, t.clients; uuid in t.pt; integer in t.t-int-id): t.pt.id is uuid. ' +
				'Joins and comparisons across them need a cast, which keeps an index on the cast side from serving them, and code must map one name to several types.',
		);
		expect(violations.every((violation) => violation.fixSql === undefined)).toBe(true);
	});
});
