import {beforeAll, describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/invalid-index.js';
import type {Design} from '../../../../source/model/design.js';
import {serverUrl} from '../../../helpers/pg.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {derive, run, todoSession} from '../fixtures.js';
import {applyFixesTo, indexDefinitions} from '../index-fixtures.js';

const SQL = `
CREATE SCHEMA crm;
CREATE TABLE crm.buyers (id bigint PRIMARY KEY, email text NOT NULL, phone text NOT NULL);
INSERT INTO crm.buyers VALUES (1, 'a@example.com', '1'), (2, 'a@example.com', '2');
CREATE INDEX buyers_phone_idx ON crm.buyers (phone);
`;
// Fails on the duplicate e-mails and leaves the index behind, INVALID.
const AFTER = ['CREATE UNIQUE INDEX CONCURRENTLY buyers_email_key ON crm.buyers (email)'];

// CREATE INDEX CONCURRENTLY needs the test server (not the embedded PGlite).
describe.skipIf(!serverUrl())('invalid-index', () => {
	let design: Design;
	beforeAll(async () => {
		design = await designFromSql(SQL, {live: true, after: AFTER});
	});

	it('ok: designs and valid indexes have none', () => {
		expect(run(rule, derive(todoSession()))).toEqual([]);
		expect(runOnDatabase(rule, {...design, indexes: design.indexes.filter((index) => !index.invalid)})).toEqual([]);
	});

	it('err: the INVALID index, with the SQL that drops and builds it again concurrently under its schema', () => {
		const violations = runOnDatabase(rule, design);
		expect(violations.map((violation) => [violation.target, violation.table])).toEqual([['crm.buyers_email_key', 'crm.buyers']]);
		expect(violations[0]!.message).toContain('as a unique index it goes on rejecting new duplicates');
		expect(violations[0]!.action).toContain('remove the duplicate crm.buyers rows');
		expect(violations[0]!.fixSql).toBe(
			['DROP INDEX CONCURRENTLY IF EXISTS crm.buyers_email_key;', 'CREATE UNIQUE INDEX CONCURRENTLY buyers_email_key ON crm.buyers USING btree (email);'].join('\n'),
		);
	});

	it('err: once the duplicates are gone, the fix leaves a valid index', async () => {
		const indexes = await applyFixesTo(SQL, runOnDatabase(rule, design), {
			prepare: [...AFTER, `DELETE FROM crm.buyers WHERE id = 2`],
			inspect: (query) => indexDefinitions(query, 'crm'),
		});
		expect(indexes).toEqual([
			'buyers_email_key: CREATE UNIQUE INDEX buyers_email_key ON crm.buyers USING btree (email)',
			'buyers_phone_idx: CREATE INDEX buyers_phone_idx ON crm.buyers USING btree (phone)',
			'buyers_pkey: CREATE UNIQUE INDEX buyers_pkey ON crm.buyers USING btree (id)',
		]);
	});
});
