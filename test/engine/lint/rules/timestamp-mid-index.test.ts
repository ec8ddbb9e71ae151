import {beforeAll, describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/timestamp-mid-index.js';
import type {Design} from '../../../../source/model/design.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {derive, run, shopSession, todoSession} from '../fixtures.js';

const SQL = `
CREATE TABLE invoices (id bigint PRIMARY KEY, account_id bigint NOT NULL, status text NOT NULL, issued_at timestamptz NOT NULL, day date NOT NULL, ts timestamp);
CREATE INDEX invoices_mid_idx ON invoices (account_id, issued_at, status);
CREATE INDEX invoices_last_idx ON invoices (account_id, status, issued_at);
CREATE INDEX invoices_cursor_idx ON invoices (account_id, issued_at DESC, id);
CREATE INDEX invoices_day_trunc_idx ON invoices (date_trunc('day', ts), account_id);
CREATE INDEX invoices_day_idx ON invoices (day, account_id);
CREATE INDEX invoices_ts_include_idx ON invoices (ts) INCLUDE (status);
CREATE UNIQUE INDEX invoices_issued_at_key ON invoices (issued_at, account_id);
CREATE INDEX invoices_brin_idx ON invoices USING brin (issued_at, account_id);
CREATE SCHEMA archive;
CREATE TABLE archive.events (at timestamp NOT NULL, kind text NOT NULL, ref text NOT NULL) PARTITION BY RANGE (at);
CREATE INDEX events_at_kind_idx ON archive.events (at, kind);
CREATE TABLE archive.events_default PARTITION OF archive.events DEFAULT;
`;

describe('timestamp-mid-index', () => {
	let design: Design;
	beforeAll(async () => {
		design = await designFromSql(SQL);
	});

	it('ok: the derived designs put timestamps last or sort by them', () => {
		expect(run(rule, derive(todoSession()))).toEqual([]);
		expect(run(rule, derive(shopSession()))).toEqual([]);
	});

	it('err: a timestamp (or date_trunc of one) before another key of a plain btree index, once per partitioned index', () => {
		const violations = runOnDatabase(rule, design);
		// Not: the timestamp last, a keyset-pagination tie-breaker (id), a date, INCLUDE, a unique index, brin, the partition's copy.
		expect(violations.map((violation) => [violation.target, violation.table])).toEqual([
			['invoices_day_trunc_idx', 'invoices'],
			['invoices_mid_idx', 'invoices'],
			['archive.events_at_kind_idx', 'archive.events'],
		]);
		const mid = violations.find((violation) => violation.target === 'invoices_mid_idx')!;
		expect(mid.message).toContain('has the timestamp issued_at before status');
		expect(mid.action).toContain('(account_id, status, issued_at)');
	});
});
