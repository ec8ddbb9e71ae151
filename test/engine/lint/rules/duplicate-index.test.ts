import {beforeAll, describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/duplicate-index.js';
import type {Design} from '../../../../source/model/design.js';
import {serverUrl} from '../../../helpers/pg.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {applyFixes, derive, indexNames, run, todoSession} from '../fixtures.js';
import {applyFixesTo, indexDefinitions} from '../index-fixtures.js';

/** Copies, and indexes that only look like copies: another collation, operator class or method. */
const SQL = `
CREATE SCHEMA "Shop";
CREATE COLLATION "Shop".ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE TABLE "Shop".accounts (id bigint PRIMARY KEY, number text NOT NULL UNIQUE, last_name text NOT NULL);
CREATE INDEX accounts_number_idx ON "Shop".accounts (number);
CREATE INDEX accounts_number_ci_idx ON "Shop".accounts (number COLLATE "Shop".ci);
CREATE INDEX accounts_lower_name_idx ON "Shop".accounts (lower(last_name));
CREATE INDEX accounts_lower_name_pattern_idx ON "Shop".accounts (lower(last_name) text_pattern_ops);
CREATE INDEX accounts_last_name_hash_idx ON "Shop".accounts USING hash (last_name);
CREATE INDEX accounts_last_name_idx ON "Shop".accounts (last_name);
CREATE UNIQUE INDEX accounts_id_key ON "Shop".accounts (id);
CREATE TABLE "Shop".events (deleted boolean NOT NULL, at timestamptz NOT NULL) PARTITION BY RANGE (at);
CREATE INDEX events_deleted_idx ON "Shop".events (deleted);
CREATE INDEX events_deleted_copy_idx ON "Shop".events (deleted);
CREATE TABLE "Shop".events_default PARTITION OF "Shop".events DEFAULT;
`;

const design = derive(todoSession());
const original = design.indexes.find((index) => index.table === 'tasks' && !index.unique)!;
const bad = {
	...design,
	indexes: [
		...design.indexes,
		{...original, name: 'tasks_copy_idx', origin: 'override' as const, serves: []},
		// The same keys as the unique constraint tags_user_id_name_key.
		{...original, name: 'tags_user_id_name_idx', table: 'tags', keys: [{column: 'user_id'}, {column: 'name'}], include: [], where: [], origin: 'override' as const, serves: []},
	],
};

describe('duplicate-index', () => {
	it('ok: the todo design has no two identical indexes', () => {
		expect(run(rule, design)).toEqual([]);
	});

	it('err: a copy of an index, and an index that repeats a unique constraint', () => {
		const violations = run(rule, bad);
		expect(violations.map((violation) => violation.target)).toEqual(['tasks_copy_idx', 'tags_user_id_name_idx']);
		expect(violations[0]!.message).toContain(`is the same index as ${original.name}`);
		expect(violations[1]!.message).toContain('is the same index as tags_user_id_name_key');
		expect(violations.map((violation) => violation.fixSql)).toEqual(['DROP INDEX CONCURRENTLY tasks_copy_idx;', 'DROP INDEX CONCURRENTLY tags_user_id_name_idx;']);
	});

	it('err: of two copies the one with more INCLUDE columns is kept; different INCLUDE columns get advice, no SQL', () => {
		const include = (names: Record<string, string[]>) => ({...bad, indexes: bad.indexes.map((index) => ({...index, include: names[index.name] ?? index.include}))});
		const [wider] = run(rule, include({tasks_copy_idx: ['title']}));
		expect([wider!.target, wider!.fixSql]).toEqual([original.name, `DROP INDEX CONCURRENTLY ${original.name};`]);
		const [different] = run(rule, include({tasks_copy_idx: ['title'], [original.name]: ['notes']}));
		expect(different!.target).toBe('tasks_copy_idx');
		expect(different!.fixSql).toBeUndefined();
		expect(different!.action).toContain(`Add INCLUDE (title) to ${original.name}`);
	});

	describe.skipIf(!serverUrl())('on PostgreSQL', () => {
		it('err: the fixes drop the copies', async () => {
			const names = await applyFixes(bad, run(rule, bad), {inspect: async (query) => [...(await indexNames(query, 'tasks')), ...(await indexNames(query, 'tags'))]});
			expect(names).not.toContain('tasks_copy_idx');
			expect(names).not.toContain('tags_user_id_name_idx');
			expect(names).toContain(original.name);
		});
	});

	// A nondeterministic ICU collation: the test server, not the embedded PGlite.
	describe.skipIf(!serverUrl())('on a database', () => {
		let database: Design;
		beforeAll(async () => {
			database = await designFromSql(SQL);
		});

		it('ok: another collation, operator class or method is another index', () => {
			const targets = runOnDatabase(rule, database).map((violation) => violation.target);
			for (const name of ['Shop.accounts_number_ci_idx', 'Shop.accounts_lower_name_idx', 'Shop.accounts_lower_name_pattern_idx', 'Shop.accounts_last_name_hash_idx', 'Shop.accounts_last_name_idx']) {
				expect(targets).not.toContain(name);
			}
		});

		it('err: copies of an index or key, each with the index it repeats, once per partitioned index', () => {
			const violations = runOnDatabase(rule, database);
			expect(violations.map((violation) => [violation.target, violation.related, violation.table])).toEqual([
				['Shop.accounts_id_key', ['accounts_pkey'], 'Shop.accounts'],
				['Shop.accounts_number_idx', ['accounts_number_key'], 'Shop.accounts'],
				['Shop.events_deleted_idx', ['Shop.events_deleted_copy_idx'], 'Shop.events'],
			]);
			expect(violations.map((violation) => violation.fixSql)).toEqual([
				'DROP INDEX CONCURRENTLY "Shop".accounts_id_key;',
				'DROP INDEX CONCURRENTLY "Shop".accounts_number_idx;',
				'DROP INDEX "Shop".events_deleted_idx;',
			]);
		});

		it('err: the fixes drop the copies under their schema, the partitions\' parts with them', async () => {
			const indexes = await applyFixesTo(SQL, runOnDatabase(rule, database), {inspect: (query) => indexDefinitions(query, 'Shop')});
			expect(indexes.map((line) => line.slice(0, line.indexOf(':')))).toEqual([
				'accounts_last_name_hash_idx',
				'accounts_last_name_idx',
				'accounts_lower_name_idx',
				'accounts_lower_name_pattern_idx',
				'accounts_number_ci_idx',
				'accounts_number_key',
				'accounts_pkey',
				'events_default_deleted_idx1',
				'events_deleted_copy_idx',
			]);
		});
	});
});
