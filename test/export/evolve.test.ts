import {execFile} from 'node:child_process';
import {mkdir, mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import pg from 'pg';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {splitStatements} from '../../source/db/statements.js';
import {createThrowawayDatabase, serverUrl} from '../helpers/pg.js';

const run = promisify(execFile);
const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;
const SQUAWK = new URL('../../node_modules/@squawk-cli/linux-x64/bin/squawk', import.meta.url).pathname;
const ANSWERS = ['--rename', 'tasks.notes=tasks.details', '--backfill', 'tasks.effort=3', '--allow-drop', 'task_tags', '--allow-drop', 'tags'];

/** The todo design a week later: an effort estimate everyone must give, notes renamed, a report index, no more tags. */
function evolve(todo: Record<string, unknown>): Record<string, unknown> {
	const session = structuredClone(todo) as {entities: {name: string; fields: {name: string}[]}[]; relationships: {kind: string; child?: string}[]; indexes?: unknown};
	const tasks = session.entities.find((entity) => entity.name === 'tasks')!;
	tasks.fields.push({name: 'effort', type: 'int', check: {min: 1, max: 13}} as never);
	tasks.fields.find((field) => field.name === 'notes')!.name = 'details';
	session.entities = session.entities.filter((entity) => entity.name !== 'tags');
	session.relationships = session.relationships.filter((relationship) => relationship.kind !== 'many-to-many' && relationship.child !== 'tags');
	session.indexes = {add: [{entity: 'tasks', columns: ['user_id', 'created_at'], reason: "the weekly report lists a user's tasks by creation time"}], drop: []};
	return session;
}

describe('a design evolved after its first export', () => {
	let folder: string;
	let first: Map<string, string>;
	let stdout: string;

	beforeAll(async () => {
		folder = await mkdtemp(path.join(tmpdir(), 'pgd-evolve-'));
		const todo = JSON.parse(await readFile(new URL('../../examples/todo.json', import.meta.url), 'utf8')) as Record<string, unknown>;
		delete todo.$schema;
		await writeFile(path.join(folder, 'v1.json'), JSON.stringify(todo));
		await writeFile(path.join(folder, 'v2.json'), JSON.stringify(evolve(todo)));
		await run(process.execPath, [CLI, 'export', path.join(folder, 'v1.json'), '--out', path.join(folder, 'db'), '--no-validate']);
		first = await migrations(path.join(folder, 'db'));
		({stdout} = await run(process.execPath, [CLI, 'export', path.join(folder, 'v2.json'), '--out', path.join(folder, 'db'), '--sample-rows', '2000', ...ANSWERS]));
	}, 120_000);
	afterAll(async () => {
		await rm(folder, {recursive: true, force: true});
	});

	async function migrations(db: string): Promise<Map<string, string>> {
		const names = (await readdir(path.join(db, 'migrations'))).sort();
		return new Map(await Promise.all(names.map(async (name) => [name, await readFile(path.join(db, 'migrations', name), 'utf8')] as const)));
	}

	it('refuses to guess a rename, a backfill or a drop, and writes nothing', async () => {
		const failure = await run(process.execPath, [CLI, 'export', path.join(folder, 'v2.json'), '--out', path.join(folder, 'other'), '--no-validate']).then(
			() => undefined,
			(error: {stderr: string}) => error.stderr,
		);
		// A new folder has no history: the first export of v2 is a plain 0001.
		expect(failure).toBeUndefined();
		const refusing = path.join(folder, 'refusing');
		await run(process.execPath, [CLI, 'export', path.join(folder, 'v1.json'), '--out', refusing, '--no-validate']);
		const before = await migrations(refusing);
		const schema = await readFile(path.join(refusing, 'schema.sql'), 'utf8');
		const refused = await run(process.execPath, [CLI, 'export', path.join(folder, 'v2.json'), '--out', refusing, '--no-validate']).catch((error: {code: number; stderr: string}) => error);
		expect(refused).toMatchObject({code: 1});
		expect((refused as {stderr: string}).stderr).toContain('Give one with --backfill tasks.effort=VALUE');
		expect((refused as {stderr: string}).stderr).toContain('Confirm with --allow-drop tags, or rename it (--rename tags=NEW).');
		expect(await migrations(refusing)).toEqual(before);
		expect(await readFile(path.join(refusing, 'schema.sql'), 'utf8')).toBe(schema);
	});

	it('keeps 0001 byte for byte and adds 0002, validated on the embedded PostgreSQL', async () => {
		expect(stdout).toContain('Wrote');
		const now = await migrations(path.join(folder, 'db'));
		for (const [name, text] of first) expect(now.get(name)).toBe(text);
		expect([...now.keys()].filter((name) => !first.has(name))).toEqual([
			'0002_rename_tasks_notes_add_tasks_effort_constrain_tasks_and_more.down.sql',
			'0002_rename_tasks_notes_add_tasks_effort_constrain_tasks_and_more.up.sql',
		]);
		const up = now.get('0002_rename_tasks_notes_add_tasks_effort_constrain_tasks_and_more.up.sql')!;
		expect(up).toContain('ALTER TABLE tasks RENAME COLUMN notes TO details;');
		expect(up).toContain('ALTER TABLE tasks ADD COLUMN IF NOT EXISTS effort smallint NOT NULL DEFAULT 3;');
		expect(up).toContain('CREATE INDEX CONCURRENTLY IF NOT EXISTS tasks_user_id_created_at_idx ON tasks (user_id, created_at);');
		expect(up).toContain('DROP TABLE IF EXISTS task_tags;');
		// schema.sql is the design now: effort last, as ALTER TABLE ADD COLUMN left it.
		const schema = await readFile(path.join(folder, 'db', 'schema.sql'), 'utf8');
		expect(schema).toMatch(/updated_at\s+timestamptz NOT NULL DEFAULT now\(\),\n\s+effort\s+smallint NOT NULL,/);
		expect(schema).not.toContain('CREATE TABLE tags');
	});

	it('adds nothing when exported again unchanged', async () => {
		const before = await migrations(path.join(folder, 'db'));
		await run(process.execPath, [CLI, 'export', path.join(folder, 'v2.json'), '--out', path.join(folder, 'db'), '--no-validate']);
		expect(await migrations(path.join(folder, 'db'))).toEqual(before);
	});

	it('check replays the history: each up twice, each down back to the state before its up, all ups = schema.sql + indexes.sql', async () => {
		const {stdout: checked, stderr} = await run(process.execPath, [CLI, 'check', path.join(folder, 'db'), '--sample-rows', '2000']);
		expect(stderr).toMatch(/Migrations up, again, down, up\s+2 up, 2 down; idempotent; down leaves nothing/);
		expect(checked).toContain('every check passed');
	}, 60_000);

	it('lints clean with Squawk', async () => {
		const names = [...(await migrations(path.join(folder, 'db'))).keys()].map((name) => path.join(folder, 'db', 'migrations', name));
		const {stdout: findings} = await run(SQUAWK, ['--reporter', 'gcc', ...names]).catch((error: {stdout: string}) => error);
		expect(findings.trim()).toBe('');
	});

	it('writes Alembic revisions chained by down_revision that run the same SQL, CONCURRENTLY in an autocommit block', async () => {
		const alembic = path.join(folder, 'alembic-db');
		await run(process.execPath, [CLI, 'export', path.join(folder, 'v1.json'), '--out', alembic, '--no-validate', '--alembic']);
		// Once a folder has revisions, later exports keep writing them.
		await run(process.execPath, [CLI, 'export', path.join(folder, 'v2.json'), '--out', alembic, '--no-validate', ...ANSWERS]);
		const versions = (await readdir(path.join(alembic, 'alembic', 'versions'))).sort();
		expect(versions).toEqual(['0001_init.py', '0002_rename_tasks_notes_add_tasks_effort_constrain_tasks_and_more.py']);
		// Run each revision against a stand-in for alembic.op that records what would reach the database.
		const stub = path.join(folder, 'stub', 'alembic');
		await mkdir(stub, {recursive: true});
		await writeFile(path.join(stub, '__init__.py'), '');
		await writeFile(
			path.join(stub, 'op.py'),
			[
				'import contextlib',
				'calls = []',
				'mode = ["transaction"]',
				'class _Bind:',
				'    def exec_driver_sql(self, sql):',
				'        calls.append((mode[0], sql))',
				'def get_bind():',
				'    return _Bind()',
				'class _Context:',
				'    @contextlib.contextmanager',
				'    def autocommit_block(self):',
				'        mode[0] = "autocommit"',
				'        yield',
				'        mode[0] = "transaction"',
				'def get_context():',
				'    return _Context()',
			].join('\n'),
		);
		const script = [
			'import importlib.util, json, sys',
			'from alembic import op',
			'result = {}',
			'for path in sys.argv[1:]:',
			'    spec = importlib.util.spec_from_file_location("revision", path)',
			'    module = importlib.util.module_from_spec(spec)',
			'    spec.loader.exec_module(module)',
			'    op.calls.clear()',
			'    module.upgrade()',
			'    result[module.revision] = {"down": module.down_revision, "upgrade": list(op.calls)}',
			'print(json.dumps(result))',
		].join('\n');
		const {stdout: recorded} = await run('python3', ['-c', script, ...versions.map((name) => path.join(alembic, 'alembic', 'versions', name))], {env: {...process.env, PYTHONPATH: path.join(folder, 'stub')}});
		const revisions = JSON.parse(recorded) as Record<string, {down: string | null; upgrade: [string, string][]}>;
		expect(revisions['0001']!.down).toBeNull();
		expect(revisions['0002']!.down).toBe('0001');
		const upgrade = revisions['0002']!.upgrade;
		const transaction = upgrade.filter(([mode]) => mode === 'transaction').map(([, sql]) => sql);
		expect(transaction).toHaveLength(1);
		expect(transaction[0]).toContain('ALTER TABLE tasks RENAME COLUMN notes TO details;');
		expect(transaction[0]).not.toMatch(/^BEGIN;|COMMIT;$/m);
		const autocommit = upgrade.filter(([mode]) => mode === 'autocommit').map(([, sql]) => sql);
		expect(autocommit).toContain('CREATE INDEX CONCURRENTLY IF NOT EXISTS tasks_user_id_created_at_idx ON tasks (user_id, created_at);');
		expect(upgrade.findIndex(([mode]) => mode === 'autocommit')).toBeGreaterThan(upgrade.findIndex(([mode]) => mode === 'transaction'));
	});

	it.skipIf(!serverUrl())('fails fast behind a long transaction instead of queueing every other query behind it (PostgreSQL 15)', async () => {
		const database = await createThrowawayDatabase(serverUrl()!);
		const reader = new pg.Client({connectionString: database.url});
		const bystander = new pg.Client({connectionString: database.url});
		try {
			const files = await migrations(path.join(folder, 'db'));
			for (const statement of await splitStatements(files.get('0001_init.up.sql')!, '0001')) await database.client.query(statement.text);
			await reader.connect();
			await bystander.connect();
			// A report holds ACCESS SHARE on tasks in a long transaction; the rename needs ACCESS EXCLUSIVE.
			await reader.query('BEGIN; SELECT count(*) FROM tasks;');
			const migrate = (async () => {
				for (const statement of await splitStatements(files.get('0002_rename_tasks_notes_add_tasks_effort_constrain_tasks_and_more.up.sql')!, '0002')) {
					await database.client.query(statement.text);
				}
			})();
			const failure = migrate.then(
				() => undefined,
				(error: {code?: string}) => error,
			);
			await new Promise((resolve) => setTimeout(resolve, 300));
			// Queued behind the migration's lock request, this read waits only as long as lock_timeout lets the migration wait.
			const started = performance.now();
			await bystander.query('SELECT count(*) FROM tasks');
			const waited = performance.now() - started;
			expect(await failure).toMatchObject({code: '55P03'});
			expect(waited).toBeLessThan(15_000);
			await database.client.query('ROLLBACK').catch(() => undefined);
		} finally {
			await reader.end().catch(() => undefined);
			await bystander.end().catch(() => undefined);
			await database.drop();
		}
	}, 60_000);
});
