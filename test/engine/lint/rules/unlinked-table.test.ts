import {beforeAll, describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/unlinked-table.js';
import type {Design} from '../../../../source/model/design.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {derive, run, saasSession, shopSession, todoSession} from '../fixtures.js';

const SQL = `
CREATE SCHEMA k;
CREATE TABLE k.clients (id bigint PRIMARY KEY);
CREATE TABLE k.accounts (id bigint PRIMARY KEY, client_id bigint REFERENCES k.clients (id));
CREATE TABLE k.bad_clients (id bigint NOT NULL, name text);
CREATE TABLE k.reports (shop_id bigint NOT NULL, day date NOT NULL, PRIMARY KEY (shop_id, day)) PARTITION BY RANGE (day);
CREATE TABLE k.reports_2024 PARTITION OF k.reports FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE k.events (id bigint, client_id bigint REFERENCES k.clients (id), at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE k.events_2024 PARTITION OF k.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
`;

describe('unlinked-table', () => {
	let design: Design;
	beforeAll(async () => {
		design = await designFromSql(SQL);
	});

	it('ok: the example designs link every table; a design of one table has nothing to link to', () => {
		for (const session of [todoSession(), shopSession(), saasSession()]) expect(run(rule, derive(session))).toEqual([]);
		const todo = derive(todoSession());
		expect(run(rule, {...todo, tables: todo.tables.filter((table) => table.name === 'users')})).toEqual([]);
	});

	it('info: tables no foreign key touches, partitioned ones once (their partitions are not judged)', () => {
		const violations = runOnDatabase(rule, design);
		expect(violations.map((violation) => violation.target)).toEqual(['k.bad_clients', 'k.reports']);
		expect(violations[0]!.message).toContain('No foreign key references k.bad_clients or leaves it');
		expect(rule.defaultSeverity).toBe('info');
	});
});
