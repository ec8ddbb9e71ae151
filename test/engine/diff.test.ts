import {describe, expect, it} from 'vitest';
import {deriveDesign} from '../../source/engine/derive.js';
import {diffDesigns, type Change} from '../../source/engine/diff.js';
import {fixedResolvers} from '../../source/export/history.js';
import type {SessionInput} from '../../source/model/session.js';
import {renderChangeMigration} from '../../templates/migration-change.js';
import {session} from '../helpers/sessions.js';

/** A small design: people own notes. */
const BASE: Omit<SessionInput, 'version' | 'project'> = {
	entities: [
		{name: 'people', fields: [{name: 'email', type: 'email', unique: true}, {name: 'nickname', type: 'text', required: false}]},
		{name: 'notes', volume: 'millions', fields: [{name: 'body', type: 'text'}, {name: 'pinned', type: 'bool', default: false}]},
	],
	relationships: [{kind: 'one-to-many', parent: 'people', child: 'notes', onDelete: 'cascade'}],
};

function edit(change: (parts: typeof BASE) => void): ReturnType<typeof deriveDesign> {
	const parts = structuredClone(BASE);
	change(parts);
	return deriveDesign(session(parts));
}

const before = deriveDesign(session(structuredClone(BASE)));
const notes = (parts: typeof BASE) => parts.entities!.find((entity) => entity.name === 'notes')!;

function migrate(after: ReturnType<typeof deriveDesign>, answers: Parameters<typeof fixedResolvers>[0] = {}) {
	const diff = diffDesigns(before, after, fixedResolvers(answers));
	const [up, down] = renderChangeMigration(2, diff.changes, before, diff.design);
	return {...diff, up: up!.text, down: down!.text, name: up!.path};
}

const kinds = (changes: readonly Change[]) => changes.map((change) => change.kind);

describe('diffDesigns and the migration it writes', () => {
	it('finds nothing when nothing changed', () => {
		expect(diffDesigns(before, edit(() => undefined), fixedResolvers({}))).toMatchObject({changes: [], problems: []});
	});

	it('adds a nullable column in the transaction, and the down refuses to drop it only while it holds values', () => {
		const {changes, up, down, name} = migrate(edit((parts) => notes(parts).fields!.push({name: 'color', type: 'text', required: false})));
		expect(kinds(changes)).toEqual(['add-column']);
		expect(name).toBe('migrations/0002_add_notes_color.up.sql');
		expect(up).toContain("BEGIN;\nSET LOCAL lock_timeout = '5s';\nSET LOCAL statement_timeout = '60s';");
		expect(up).toContain('ALTER TABLE notes ADD COLUMN IF NOT EXISTS color text;');
		expect(down).toContain("SELECT EXISTS (SELECT FROM %s WHERE %I IS NOT NULL)', to_regclass('notes'), 'color') INTO has_values;");
		expect(down).not.toContain('FOREACH table_name');
		expect(down).toContain('ALTER TABLE notes DROP COLUMN IF EXISTS color;');
	});

	it('asks for the value of existing rows in a new NOT NULL column, and fills them without a rewrite', () => {
		const after = edit((parts) => notes(parts).fields!.push({name: 'stars', type: 'int'}));
		const unanswered = diffDesigns(before, after, fixedResolvers({}));
		expect(unanswered.problems).toEqual([
			{message: 'notes.stars is new and NOT NULL without a default: the ~5,000,000 rows already there need a value', hint: 'Give one with --backfill notes.stars=VALUE, or a default in the session.'},
		]);
		const {up} = migrate(after, {backfills: ['notes.stars=0']});
		expect(up).toContain('ALTER TABLE notes ADD COLUMN IF NOT EXISTS stars bigint NOT NULL DEFAULT 0;\nALTER TABLE notes ALTER COLUMN stars DROP DEFAULT;');
	});

	it('renames a column only when told, and renames what was named after it', () => {
		const after = edit((parts) => {
			const body = notes(parts).fields!.find((field) => field.name === 'body')!;
			body.name = 'content';
		});
		// Unanswered, it is a new column that needs values and an old one whose values would be lost.
		expect(diffDesigns(before, after, fixedResolvers({})).problems.map((problem) => problem.hint)).toEqual([
			'Give one with --backfill notes.content=VALUE, or a default in the session.',
			'Confirm with --allow-drop notes.body, or rename it (--rename notes.body=notes.NEW).',
		]);
		const {changes, up, down} = migrate(after, {renames: ['notes.body=notes.content']});
		expect(kinds(changes)).toEqual(['rename-column']);
		expect(up).toContain('-- squawk-ignore renaming-column');
		expect(up).toContain('ALTER TABLE notes RENAME COLUMN body TO content;');
		expect(down).toContain('ALTER TABLE notes RENAME COLUMN content TO body;');
	});

	it('builds a new index on an existing table concurrently, outside the transaction, after checking for an INVALID leftover', () => {
		const {changes, up, down} = migrate(
			edit((parts) => {
				parts.indexes = {add: [{entity: 'notes', columns: ['pinned'], reason: 'the pinned board'}], drop: []};
			}),
		);
		expect(kinds(changes)).toEqual(['create-index']);
		expect(up).not.toContain('BEGIN;');
		expect(up).toContain("SET lock_timeout = '5s';\nSET statement_timeout = 0;");
		expect(up).toContain('is INVALID (an earlier concurrent build failed)');
		expect(up).toMatch(/CREATE INDEX CONCURRENTLY IF NOT EXISTS notes_\w+ ON notes \(person_id, pinned\);|CREATE INDEX CONCURRENTLY IF NOT EXISTS notes_pinned_idx ON notes \(pinned\);/);
		expect(down).toMatch(/DROP INDEX CONCURRENTLY IF EXISTS notes_\w+;/);
	});

	it('drops a table only when confirmed, and its down rebuilds it empty, saying the rows cannot come back', () => {
		const after = edit((parts) => {
			parts.entities = parts.entities!.filter((entity) => entity.name !== 'notes');
			parts.relationships = [];
		});
		expect(diffDesigns(before, after, fixedResolvers({})).problems[0]?.hint).toBe('Confirm with --allow-drop notes, or rename it (--rename notes=NEW).');
		const {up, down} = migrate(after, {allowDrops: ['notes']});
		expect(up).toContain('-- Confirmed with --allow-drop notes: its rows are gone for good after this.\n-- squawk-ignore ban-drop-table\nDROP TABLE IF EXISTS notes;');
		expect(down).toContain('-- Rebuilds notes empty: the rows it held before the up migration cannot come back.\nCREATE TABLE IF NOT EXISTS notes (');
	});

	it('makes a column NOT NULL through a CHECK added NOT VALID and validated outside the transaction', () => {
		const after = edit((parts) => {
			const people = parts.entities!.find((entity) => entity.name === 'people')!;
			people.fields!.find((field) => field.name === 'nickname')!.required = true;
		});
		const {changes, up, down} = migrate(after);
		expect(kinds(changes)).toContain('set-not-null');
		const [transaction, outside] = up.split('COMMIT;');
		expect(transaction).toContain('ADD CONSTRAINT people_nickname_not_null_check CHECK (nickname IS NOT NULL) NOT VALID;');
		expect(outside).toContain('ALTER TABLE people VALIDATE CONSTRAINT people_nickname_not_null_check;');
		expect(outside).toContain('ALTER TABLE people ALTER COLUMN nickname SET NOT NULL;\nALTER TABLE people DROP CONSTRAINT IF EXISTS people_nickname_not_null_check;');
		expect(down).toContain('ALTER TABLE people ALTER COLUMN nickname DROP NOT NULL;');
	});

	it('adds a foreign key NOT VALID and validates it on its own; changes ON DELETE by dropping and adding it', () => {
		const after = edit((parts) => {
			parts.relationships = [{kind: 'one-to-many', parent: 'people', child: 'notes', onDelete: 'restrict'}];
		});
		const {changes, up} = migrate(after);
		expect(kinds(changes).filter((kind) => kind.endsWith('constraint'))).toEqual(['drop-constraint', 'add-constraint']);
		const [transaction, outside] = up.split('COMMIT;');
		expect(transaction).toContain('ALTER TABLE IF EXISTS notes DROP CONSTRAINT IF EXISTS notes_person_id_fkey;');
		expect(transaction).toContain('ON DELETE RESTRICT NOT VALID;');
		expect(outside).toContain('ALTER TABLE notes VALIDATE CONSTRAINT notes_person_id_fkey;');
	});

	it('adds a unique constraint through a unique index built concurrently, then attached', () => {
		const after = edit((parts) => {
			const people = parts.entities!.find((entity) => entity.name === 'people')!;
			people.fields!.find((field) => field.name === 'nickname')!.unique = true;
		});
		const {up} = migrate(after);
		expect(up).toMatch(/CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS (\w+) ON people \(nickname\);[\s\S]*ADD CONSTRAINT \1 UNIQUE USING INDEX \1;/);
	});

	it('flags a type change with the lock it takes and the alternative', () => {
		const after = edit((parts) => {
			notes(parts).fields!.find((field) => field.name === 'body')!.type = 'jsonb';
		});
		const {changes, up} = migrate(after);
		expect(kinds(changes)).toContain('alter-type');
		expect(up).toContain('-- Rewrites notes under an ACCESS EXCLUSIVE lock unless the change is binary-compatible');
		expect(up).toContain('ALTER TABLE notes ALTER COLUMN body TYPE jsonb USING body::jsonb;');
	});

	it('keeps old columns where they were and puts added ones last, as ALTER TABLE ADD COLUMN does', () => {
		const after = edit((parts) => notes(parts).fields!.unshift({name: 'title', type: 'text', required: false}));
		const {design} = diffDesigns(before, after, fixedResolvers({}));
		const columns = design.tables.find((table) => table.name === 'notes')!.columns.map((column) => column.name);
		expect(columns.at(-1)).toBe('title');
		expect(columns.slice(0, -1)).toEqual(before.tables.find((table) => table.name === 'notes')!.columns.map((column) => column.name));
	});

	it('refuses to guess when a table is partitioned differently', () => {
		const after = edit((parts) => {
			notes(parts).volume = 'billions';
		});
		expect(diffDesigns(before, after, fixedResolvers({})).problems.map((problem) => problem.message)).toContain('notes: its partitioning changed; that rewrites every row into a new table');
	});
});
