import {execFile} from 'node:child_process';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {lintMigrationFile} from '../../source/db/migration-statements.js';
import {deriveDesign} from '../../source/engine/derive.js';
import {diffDesigns} from '../../source/engine/diff.js';
import {fixedResolvers} from '../../source/export/history.js';
import {renderChangeMigration} from '../../templates/migration-change.js';
import {renderInitialMigration} from '../../templates/migrations.js';
import {example} from '../helpers/sessions.js';

const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;

async function rules(sql: string): Promise<string[]> {
	return (await lintMigrationFile(sql, 'test.sql')).map((finding) => `${finding.rule}@${finding.line}`);
}

describe('migration lint', () => {
	it('finds what blocks a busy table or fails on one, with the line', async () => {
		const sql = [
			'ALTER TABLE tasks ADD COLUMN effort int NOT NULL;',
			'CREATE INDEX tasks_effort_idx ON tasks (effort);',
			'ALTER TABLE tasks ADD CONSTRAINT tasks_owner_fkey FOREIGN KEY (owner_id) REFERENCES users (id);',
			'ALTER TABLE tasks ADD CONSTRAINT tasks_code_key UNIQUE (code);',
			'ALTER TABLE tasks ALTER COLUMN title TYPE varchar(100);',
			'ALTER TABLE tasks RENAME COLUMN notes TO details;',
			'ALTER TABLE tasks ALTER COLUMN due SET NOT NULL;',
			'DROP INDEX tasks_old_idx;',
			'ALTER TABLE tasks DROP COLUMN legacy;',
		].join('\n');
		expect(await rules(sql)).toEqual([
			'require-lock-timeout@1',
			'adding-not-nullable-field@1',
			'prefer-robust-stmts@1',
			'require-concurrent-index-creation@2',
			'prefer-robust-stmts@2',
			'constraint-missing-not-valid@3',
			'prefer-robust-stmts@3',
			'disallowed-unique-constraint@4',
			'prefer-robust-stmts@4',
			'changing-column-type@5',
			'renaming-column@6',
			'setting-not-nullable-field@7',
			'require-concurrent-index-deletion@8',
			'prefer-robust-stmts@8',
			'ban-drop-column@9',
			'prefer-robust-stmts@9',
		]);
	});

	it('leaves alone tables the same file creates, and what the safe patterns do', async () => {
		const sql = `SET lock_timeout = '5s';
CREATE TABLE IF NOT EXISTS labels (id bigint PRIMARY KEY, name text NOT NULL);
CREATE INDEX IF NOT EXISTS labels_name_idx ON labels (name);
ALTER TABLE tasks ADD COLUMN IF NOT EXISTS effort int NOT NULL DEFAULT 3;
ALTER TABLE tasks ADD CONSTRAINT tasks_due_check CHECK (due IS NOT NULL) NOT VALID;
ALTER TABLE tasks VALIDATE CONSTRAINT tasks_due_check;
ALTER TABLE tasks ALTER COLUMN due SET NOT NULL;
CREATE INDEX CONCURRENTLY IF NOT EXISTS tasks_effort_idx ON tasks (effort);
`;
		// Only the unguarded ADD CONSTRAINT cannot be repeated.
		expect(await rules(sql)).toEqual(['prefer-robust-stmts@5']);
	});

	it('reads into DO blocks: a guarded statement is robust, and still checked', async () => {
		const sql = `BEGIN;
SET LOCAL lock_timeout = '5s';
DO $guard$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_constraint WHERE conname = 'tasks_owner_fkey') THEN
        ALTER TABLE tasks ADD CONSTRAINT tasks_owner_fkey FOREIGN KEY (owner_id) REFERENCES users (id);
    END IF;
END
$guard$;
CREATE INDEX CONCURRENTLY IF NOT EXISTS tasks_effort_idx ON tasks (effort);
COMMIT;
`;
		expect(await rules(sql)).toEqual(['constraint-missing-not-valid@6', 'concurrently-in-transaction@10']);
	});

	it('honours -- squawk-ignore above a statement', async () => {
		const sql = "SET lock_timeout = '5s';\n-- confirmed: the column is unused since v2\n-- squawk-ignore ban-drop-column\nALTER TABLE tasks DROP COLUMN IF EXISTS legacy;\n";
		expect(await rules(sql)).toEqual([]);
	});

	it('finds nothing in the migrations pg-designer writes', async () => {
		for (const name of ['todo', 'saas', 'shop'] as const) {
			for (const migration of renderInitialMigration(deriveDesign(example(name)))) expect(await rules(migration.text), `${name} ${migration.path}`).toEqual([]);
		}
		const todo = example('todo');
		const before = deriveDesign(todo);
		const changed = structuredClone(todo);
		const tasks = changed.entities.find((entity) => entity.name === 'tasks')!;
		tasks.fields.push({name: 'effort', type: 'int', required: true, unique: false, array: false});
		tasks.fields.find((field) => field.name === 'notes')!.required = true;
		tasks.fields.find((field) => field.name === 'title')!.unique = true;
		changed.entities = changed.entities.filter((entity) => entity.name !== 'tags');
		changed.relationships = changed.relationships.filter((relationship) => relationship.kind !== 'many-to-many' && !('child' in relationship && relationship.child === 'tags'));
		changed.indexes.add.push({entity: 'tasks', columns: ['effort'], unique: false, include: [], where: [], method: 'btree', reason: 'triage'});
		const diff = diffDesigns(before, deriveDesign(changed), fixedResolvers({backfills: ['tasks.effort=1'], allowDrops: ['tags', 'task_tags']}));
		expect(diff.problems).toEqual([]);
		for (const migration of renderChangeMigration(2, diff.changes, before, diff.design)) expect(await rules(migration.text), migration.path).toEqual([]);
	});

	it('lint FILE.sql applies the migration rules to a migration, and exits 1 at --fail-on', async () => {
		const folder = await mkdtemp(path.join(tmpdir(), 'pgd-migration-lint-'));
		try {
			const file = path.join(folder, '0007_add_effort.up.sql');
			await writeFile(file, "SET lock_timeout = '5s';\nALTER TABLE tasks ADD COLUMN IF NOT EXISTS effort int NOT NULL;\n");
			const failed = await promisify(execFile)(process.execPath, [CLI, 'lint', file]).catch((error: {code: number; stdout: string}) => error);
			expect(failed).toMatchObject({code: 1});
			expect((failed as {stdout: string}).stdout).toContain('ERROR   adding-not-nullable-field  line 2');
			const {stdout} = await promisify(execFile)(process.execPath, [CLI, 'lint', file, '--json', '--fail-on', 'none']);
			expect(JSON.parse(stdout)).toMatchObject({findings: [{rule: 'adding-not-nullable-field', severity: 'error', line: 2}]});
		} finally {
			await rm(folder, {recursive: true, force: true});
		}
	});
});
