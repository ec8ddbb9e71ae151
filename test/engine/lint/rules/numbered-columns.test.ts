import {beforeAll, describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/numbered-columns.js';
import type {Design} from '../../../../source/model/design.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {derive, run, saasSession, shopSession, todoSession} from '../fixtures.js';

const SQL = `
CREATE SCHEMA m;
CREATE TABLE m.orders (id bigint PRIMARY KEY, phone1 text, phone2 text, address1 text, address2 text, address3 text,
	created_at timestamptz, sku1 text, "updatedAt" timestamptz);
CREATE TABLE m.events (id bigint NOT NULL, day date NOT NULL, tag1 text, tag2 text) PARTITION BY RANGE (day);
CREATE TABLE m.events_2024 PARTITION OF m.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE m.hashes (id bigint PRIMARY KEY, sha256 text, md5 text, "2fa" text, v2 text);
`;

describe('numbered-columns', () => {
	let design: Design;
	beforeAll(async () => {
		design = await designFromSql(SQL);
	});

	it('ok: the example designs', () => {
		for (const session of [todoSession(), shopSession(), saasSession()]) expect(run(rule, derive(session))).toEqual([]);
	});

	it('info: groups of two or more columns that differ only in a trailing number, one finding per table', () => {
		const violations = runOnDatabase(rule, design);
		expect(violations.map((violation) => violation.target)).toEqual(['m.events', 'm.orders']);
		expect(violations[1]!.message).toContain('m.orders keeps lists in numbered columns (phone1, phone2; address1, address2, address3)');
		expect(violations[1]!.message).toContain('(phone1 = $1 OR phone2 = $1)');
		expect(violations[0]!.action).toContain('one row per tag: a foreign key to m.events, a position, the tag');
	});
});
