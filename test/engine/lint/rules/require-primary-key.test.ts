import {beforeAll, describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/require-primary-key.js';
import type {Design} from '../../../../source/model/design.js';
import {serverUrl} from '../../../helpers/pg.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {fixOnDatabase} from '../catalog-fixes.js';
import {applyFixes, derive, run, todoSession} from '../fixtures.js';

const SQL = `
CREATE SCHEMA h;
CREATE TABLE h.dictionary ("dict-id" int GENERATED ALWAYS AS IDENTITY, name text);
CREATE TABLE h.reports (shop_id bigint NOT NULL, day date NOT NULL, PRIMARY KEY (shop_id, day)) PARTITION BY RANGE (day);
CREATE TABLE h.reports_2024 PARTITION OF h.reports FOR VALUES FROM ('2024-01-01') TO ('2025-01-01') PARTITION BY HASH (shop_id);
CREATE TABLE h.reports_2024_0 PARTITION OF h.reports_2024 FOR VALUES WITH (modulus 1, remainder 0);
CREATE TABLE h.entities (ref text NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE h.entities_default PARTITION OF h.entities DEFAULT;
CREATE TABLE h.other (ref text NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE h.other_default PARTITION OF h.other DEFAULT;
ALTER TABLE h.other_default ADD PRIMARY KEY (ref, at);
`;

const design = derive({
	...todoSession(),
	entities: [...(todoSession().entities ?? []), {name: 'notes', fields: [{name: 'body', type: 'text'}]}],
});
const withoutKey = (name: string) => (table: (typeof design.tables)[number]) => (table.name === name ? {...table, primaryKey: {...table.primaryKey, columns: []}} : table);
const bad = {
	...design,
	tables: design.tables
		.map(withoutKey('tags'))
		.map(withoutKey('task_tags'))
		.map(withoutKey('notes'))
		.map((table) => (table.name === 'notes' ? {...table, columns: table.columns.filter((column) => column.name !== 'id')} : table)),
};

describe('require-primary-key', () => {
	it('ok: every derived table has a primary key', () => {
		expect(run(rule, design)).toEqual([]);
	});

	it('err: tables imported without one', () => {
		const violations = run(rule, bad);
		expect(violations.map((violation) => violation.target)).toEqual(['tags', 'notes', 'task_tags']);
		expect(violations.map((violation) => violation.fixSql)).toEqual([
			'ALTER TABLE tags ADD CONSTRAINT tags_pkey PRIMARY KEY (id);',
			'ALTER TABLE notes ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT notes_pkey PRIMARY KEY;',
			'ALTER TABLE task_tags ADD CONSTRAINT task_tags_pkey PRIMARY KEY (user_id, task_id, tag_id);',
		]);
		expect(violations[0]!.message).toContain('tags has no primary key');
	});

	describe('on a database', () => {
		let database: Design;
		beforeAll(async () => {
			database = await designFromSql(SQL);
		});

		it('ok: partitions (at any depth) have the key of their partitioned table', () => {
			expect(runOnDatabase(rule, database).map((violation) => violation.target)).not.toContain('h.reports_2024_0');
		});

		it('err: tables, partitioned tables and partitions without any key; a partition with its own key is fine', () => {
			const violations = runOnDatabase(rule, database);
			expect(violations.map((violation) => violation.target)).toEqual(['h.dictionary', 'h.entities', 'h.entities_default', 'h.other']);
			const [dictionary, entities, partition] = violations;
			// The only identity column is the key in all but name.
			expect(dictionary!.fixSql).toBe('ALTER TABLE h.dictionary ADD CONSTRAINT dictionary_pkey PRIMARY KEY ("dict-id");');
			expect(entities!.fixSql).toBeUndefined();
			expect(partition!.fixSql).toBeUndefined();
			expect(partition!.action).toBe('Add the primary key to h.entities, with its partition key: PostgreSQL adds it to every partition, h.entities_default included.');
		});

		it.skipIf(!serverUrl())('err: the fix makes the identity column the key', async () => {
			const keys = await fixOnDatabase(SQL, rule, async (query) =>
				(await query(`SELECT conname || ' ' || pg_get_constraintdef(oid) AS key FROM pg_constraint WHERE contype = 'p' AND conrelid = 'h.dictionary'::regclass`)).map((row) => row.key),
			);
			expect(keys).toEqual(['dictionary_pkey PRIMARY KEY ("dict-id")']);
		});
	});

	describe.skipIf(!serverUrl())('on PostgreSQL', () => {
		it('err: the fixes add the keys', async () => {
			// The design's DDL cannot express a table without a key: build it with one, then drop it.
			const keys = await applyFixes(design, run(rule, bad), {
				prepare: [
					'ALTER TABLE task_tags DROP CONSTRAINT task_tags_pkey',
					'ALTER TABLE task_tags DROP CONSTRAINT task_tags_task_id_fkey, DROP CONSTRAINT task_tags_tag_id_fkey',
					'ALTER TABLE tasks DROP CONSTRAINT tasks_user_id_id_key',
					'ALTER TABLE tags DROP CONSTRAINT tags_user_id_id_key',
					'ALTER TABLE tags DROP CONSTRAINT tags_pkey',
					'ALTER TABLE notes DROP COLUMN id',
				],
				inspect: async (query) =>
					(await query(`SELECT conrelid::regclass::text AS name FROM pg_constraint WHERE contype = 'p' AND connamespace = 'public'::regnamespace ORDER BY 1`)).map((row) => row.name),
			});
			expect(keys).toEqual(['notes', 'tags', 'task_tags', 'tasks', 'users']);
		});
	});
});
