import {beforeAll, describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/quoted-column-name.js';
import type {Design} from '../../../../source/model/design.js';
import {serverUrl} from '../../../helpers/pg.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {fixOnDatabase} from '../catalog-fixes.js';
import {derive, run, saasSession, shopSession, todoSession} from '../fixtures.js';

const SQL = `
CREATE SCHEMA s;
CREATE TABLE s.accounts (
	"AccountId" int PRIMARY KEY, "bad-id" int, "order" text, "user" int, "1st_try" int,
	plain_name text, _private int, "position" int, time int, "userId" int, user_id int
);
CREATE TABLE s.parts ("Part-Key" int NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE s.parts_2024 PARTITION OF s.parts FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE s.base ("BaseId" int);
CREATE TABLE s.child ("ChildNote" text) INHERITS (s.base);
`;

describe('quoted-column-name', () => {
	let design: Design;
	beforeAll(async () => {
		design = await designFromSql(SQL);
	});

	it('ok: the engine names every column in plain snake_case', () => {
		for (const session of [todoSession(), shopSession(), saasSession()]) expect(run(rule, derive(session))).toEqual([]);
	});

	it('err: upper case, other characters, a leading digit and reserved words; partitions and inherited columns through their parent', () => {
		const violations = runOnDatabase(rule, design);
		expect(violations.map((violation) => violation.target)).toEqual([
			's.accounts.AccountId',
			's.accounts.bad-id',
			's.accounts.order',
			's.accounts.user',
			's.accounts.1st_try',
			's.accounts.userId',
			's.base.BaseId',
			's.child.ChildNote',
			's.parts.Part-Key',
		]);
		const fix = Object.fromEntries(violations.map((violation) => [violation.target, violation.fixSql]));
		expect(fix['s.accounts.AccountId']).toBe('ALTER TABLE s.accounts RENAME COLUMN "AccountId" TO account_id;');
		expect(fix['s.accounts.bad-id']).toBe('ALTER TABLE s.accounts RENAME COLUMN "bad-id" TO bad_id;');
		// No plain name to offer: a reserved word stays reserved, and user_id is taken.
		expect(fix['s.accounts.order']).toBeUndefined();
		expect(fix['s.accounts.userId']).toBeUndefined();
		expect(violations.find((violation) => violation.target === 's.accounts.order')!.message).toContain('is a reserved word');
	});

	describe.skipIf(!serverUrl())('on PostgreSQL', () => {
		it('err: the renames leave plain names that need no quotes', async () => {
			const columns = await fixOnDatabase(SQL, rule, async (query) =>
				(
					await query(`SELECT attrelid::regclass || '.' || attname AS name FROM pg_attribute
						WHERE attrelid IN ('s.accounts'::regclass, 's.parts_2024'::regclass, 's.child'::regclass) AND attnum > 0 ORDER BY attrelid, attnum`)
				).map((row) => row.name),
			);
			expect(columns).toEqual([
				's.accounts.account_id', 's.accounts.bad_id', 's.accounts.order', 's.accounts.user', 's.accounts.1st_try', 's.accounts.plain_name',
				's.accounts._private', 's.accounts.position', 's.accounts.time', 's.accounts.userId', 's.accounts.user_id',
				's.parts_2024.part_key', 's.parts_2024.at',
				's.child.base_id', 's.child.child_note',
			]);
		});
	});
});
