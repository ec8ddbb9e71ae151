import {describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/require-primary-key.js';
import {serverUrl} from '../../../helpers/pg.js';
import {applyFixes, derive, run, todoSession} from '../fixtures.js';

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
