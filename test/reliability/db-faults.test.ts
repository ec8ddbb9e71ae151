/**
 * Database faults, injected into the built CLI (dist/cli.js) while it talks to the test server:
 * sessions terminated in the middle of validation and of the sample-data load, a statement timeout
 * during the load, logins the server refuses, a throwaway database that cannot be dropped, and the
 * read-only commands (import, lint, analyze) losing their session mid-read.
 *
 * Every case expects exit code 1 and one clear line (the redacted server, what happened) with a
 * hint (what to do), no stack trace, no throwaway database left behind (or a line naming the one
 * to drop), the user's own table untouched, and no output written.
 *
 * A real server restart would break the other tests running in parallel on the same server, so it
 * is never done: terminating every backend of the command (pg_terminate_backend, found by the
 * application_name each run gets through PGAPPNAME) is the stand-in for it.
 *
 * Each case runs as a role of its own: the databases a run created are exactly those its role
 * owns, whatever other tests create on the server at the same time.
 */
import {spawn} from 'node:child_process';
import {createHash, randomBytes} from 'node:crypto';
import {cp, mkdtemp, readdir, readFile, rm, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {redact} from '../../source/db/connection.js';
import {createThrowawayDatabase, serverUrl, type ThrowawayDatabase} from '../helpers/pg.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const CLI = path.join(ROOT, 'dist/cli.js');
const PASSWORD = `pw-${randomBytes(6).toString('hex')}`;
/** Rows enough for the load to take seconds: the fault always lands while it runs. */
const MANY_ROWS = '2000000';

interface Outcome {
	readonly code: number | null;
	readonly stdout: string;
	readonly stderr: string;
}

interface Launched {
	/** The application_name of every session of this run. */
	readonly appName: string;
	readonly finished: Promise<Outcome>;
	exited(): boolean;
	output(): string;
}

/** Starts the CLI with a clean PG* environment (only what the case sets) and its own application_name. */
function launch(args: readonly string[], options: {env?: Record<string, string>; cwd?: string} = {}): Launched {
	const appName = `pgd_fault_${randomBytes(5).toString('hex')}`;
	const env: Record<string, string> = {};
	for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('PG') && value !== undefined) env[key] = value;
	Object.assign(env, {PGAPPNAME: appName, NO_COLOR: '1'}, options.env ?? {});
	const child = spawn(process.execPath, [CLI, ...args], {cwd: options.cwd ?? ROOT, env, stdio: ['ignore', 'pipe', 'pipe']});
	let stdout = '';
	let stderr = '';
	let done = false;
	child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const finished = new Promise<Outcome>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', (code) => {
			done = true;
			resolve({code, stdout, stderr});
		});
	});
	return {appName, finished, exited: () => done, output: () => `${stdout}${stderr}`};
}

/** Polls until probe returns something; fails (with the command's output) if the command ends first. */
async function until<T>(what: string, run: Launched, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const value = await probe();
		if (value !== undefined) return value;
		if (run.exited()) throw new Error(`waiting for ${what}: the command ended first:\n${run.output()}`);
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
	throw new Error(`waiting for ${what}: not within ${timeoutMs} ms:\n${run.output()}`);
}

/**
 * The error part of stderr: the line "pg-designer: ..." and what follows. One line says what
 * happened; the indented lines after it say what to do (and, at most, which database to drop).
 */
function expectClearFailure(outcome: Outcome, expected: {server: string; says: RegExp; hint: RegExp}): string[] {
	const all = `${outcome.stdout}${outcome.stderr}`;
	expect(outcome.code, all).toBe(1);
	expect(all).not.toMatch(/^\s+at /m);
	expect(all).not.toMatch(/internal error|node:events|Unhandled|Error: /);
	expect(all).not.toContain(PASSWORD);
	const lines = outcome.stderr.trimEnd().split('\n');
	const first = lines.findIndex((line) => line.startsWith('pg-designer: '));
	expect(first, outcome.stderr).toBeGreaterThanOrEqual(0);
	const failure = lines.slice(first);
	expect(failure.length, outcome.stderr).toBeGreaterThanOrEqual(2);
	expect(failure.length, outcome.stderr).toBeLessThanOrEqual(3);
	expect(failure[0]).toContain(expected.server);
	expect(failure[0]).toMatch(expected.says);
	expect(failure.slice(1).every((line) => line.startsWith('  ') && line.trim().length > 0), outcome.stderr).toBe(true);
	expect(failure[1]).toMatch(expected.hint);
	return failure;
}

/** Every file under a folder with its content hash, and the folder's siblings (an interrupted write leaves a temp folder there). */
async function folderState(folder: string): Promise<{files: Record<string, string>; siblings: string[]}> {
	const files: Record<string, string> = {};
	const walk = async (directory: string) => {
		for (const entry of await readdir(directory, {withFileTypes: true})) {
			const full = path.join(directory, entry.name);
			if (entry.isDirectory()) await walk(full);
			else files[path.relative(folder, full)] = createHash('sha256').update(await readFile(full)).digest('hex');
		}
	};
	await walk(folder).catch(() => undefined);
	return {files, siblings: (await readdir(path.dirname(folder))).sort()};
}

async function exists(file: string): Promise<boolean> {
	return stat(file).then(
		() => true,
		() => false,
	);
}

describe.skipIf(!serverUrl())('database faults', () => {
	let admin: pg.Client;
	let target: ThrowawayDatabase;
	let work: string;
	/** An artifact folder exported without validation: check's input, and the export target that must stay as it was. */
	let exported: string;
	const roles: string[] = [];

	/** A role of its own for one case: LOGIN CREATEDB, may connect to the target and use the user's table. */
	async function role(attributes = 'LOGIN CREATEDB', grants = true): Promise<string> {
		const name = `pgd_fault_${randomBytes(5).toString('hex')}`;
		roles.push(name);
		await admin.query(`CREATE ROLE ${name} ${attributes}`);
		if (grants) {
			await admin.query(`GRANT CONNECT ON DATABASE ${target.name} TO ${name}`);
			await target.client.query(`GRANT ALL ON TABLE public.mine TO ${name}`);
		}
		return name;
	}

	function urlAs(user: string, database = target.name): string {
		const url = new URL(serverUrl()!);
		url.username = user;
		url.password = PASSWORD;
		url.pathname = `/${database}`;
		return url.toString();
	}

	/** The databases a role owns: those its runs created and left. */
	async function ownedBy(user: string): Promise<string[]> {
		const {rows} = await admin.query<{datname: string}>(`SELECT datname FROM pg_database WHERE datdba = (SELECT oid FROM pg_roles WHERE rolname = $1) ORDER BY 1`, [user]);
		return rows.map((row) => row.datname);
	}

	async function sessions(run: Launched): Promise<{pid: number; datname: string; state: string | null; query: string; wait_event_type: string | null}[]> {
		const {rows} = await admin.query(`SELECT pid, datname, state, query, wait_event_type FROM pg_stat_activity WHERE application_name = $1`, [run.appName]);
		return rows;
	}

	/** Ends every session of the run, as a restart would (the stand-in: a real restart would break the tests running in parallel). */
	async function terminate(run: Launched): Promise<void> {
		await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [run.appName]);
	}

	/**
	 * Waits until the run's sample-data load is running, and returns the database it runs in: the
	 * load is the step after Verify (the progress says when Verify is done), and its statements are
	 * INSERTs (pg_stat_activity shows only their first kilobyte).
	 */
	async function loading(run: Launched): Promise<string> {
		return until('the sample-data load', run, async () => {
			if (!/\* Verify /.test(run.output())) return undefined;
			return (await sessions(run)).find((session) => session.state === 'active' && /INSERT INTO/.test(session.query))?.datname;
		});
	}

	async function usersOwn(): Promise<string> {
		const {rows} = await target.client.query<{mine: string; indexed: boolean}>(
			`SELECT (SELECT string_agg(id || ':' || title, ',' ORDER BY id) FROM public.mine) AS mine, to_regclass('public.mine_title_idx') IS NOT NULL AS indexed`,
		);
		return `${rows[0]!.mine} ${rows[0]!.indexed ? 'indexed' : 'no index'}`;
	}

	/** A fresh copy of the exported folder, as an export target that holds an earlier export. */
	async function earlierExport(): Promise<string> {
		const folder = path.join(await mkdtemp(path.join(work, 'out-')), 'db');
		await cp(exported, folder, {recursive: true});
		return folder;
	}

	beforeAll(async () => {
		admin = new pg.Client({connectionString: serverUrl()!});
		await admin.connect();
		target = await createThrowawayDatabase(serverUrl()!);
		// The user's own objects, which no fault may touch; only roles granted CONNECT may connect.
		await target.client.query(`CREATE TABLE public.mine (id int PRIMARY KEY, title text); INSERT INTO public.mine VALUES (1, 'mine'); CREATE INDEX mine_title_idx ON public.mine (title);`);
		await target.client.query(`REVOKE CONNECT, CREATE ON DATABASE ${target.name} FROM PUBLIC`);
		work = await mkdtemp(path.join(tmpdir(), 'pgd-db-faults-'));
		exported = path.join(work, 'exported');
		const made = await launch(['export', 'examples/todo.json', '--out', exported, '--no-validate']).finished;
		expect(made.code, made.stderr).toBe(0);
	});

	afterAll(async () => {
		for (const name of roles) {
			for (const database of await ownedBy(name)) await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
		}
		await target?.drop();
		for (const name of roles) await admin.query(`DROP ROLE IF EXISTS ${name}`);
		await admin?.end();
		await rm(work, {recursive: true, force: true});
	});

	describe('a session terminated, or a statement timeout, while validating', () => {
		const cases = [
			{name: 'export: terminated in the middle of validation', command: 'export', fault: 'terminate-early'},
			{name: 'check: terminated in the middle of validation', command: 'check', fault: 'terminate-early'},
			{name: 'export: terminated during the sample-data load', command: 'export', fault: 'terminate-load'},
			{name: 'check: terminated during the sample-data load', command: 'check', fault: 'terminate-load'},
			{name: 'export: statement_timeout during the sample-data load', command: 'export', fault: 'timeout'},
			{name: 'check: statement_timeout during the sample-data load', command: 'check', fault: 'timeout'},
		] as const;

		for (const {name, command, fault} of cases) it(name, async () => {
			const user = await role();
			const url = urlAs(user);
			const out = await earlierExport();
			const before = await folderState(out);
			const checked = before.files;
			const args = command === 'export' ? ['export', 'examples/todo.json', '--out', out] : ['check', out];
			// The timeout is the user's (PGOPTIONS, as ALTER ROLE ... SET would): seconds, while the load needs far more.
			const run = launch([...args, '--sample-rows', MANY_ROWS, '--database-url', url], fault === 'timeout' ? {env: {PGOPTIONS: '-c statement_timeout=3000'}} : {});
			let throwaway: string;
			if (fault === 'terminate-early') {
				throwaway = await until('the throwaway database', run, async () => (await sessions(run)).find((session) => session.datname.startsWith('pgd_validate_'))?.datname);
				await terminate(run);
			} else {
				throwaway = await loading(run);
				if (fault === 'terminate-load') await terminate(run);
			}
			const outcome = await run.finished;
			const failure = expectClearFailure(outcome, {
				server: redact(url),
				says: fault === 'timeout'
					? /^pg-designer: validation failed at "Load sample data": \w+: a statement ran past statement_timeout on \S+: canceling statement due to statement timeout$/
					: // Ended between two statements, the driver may know only that the session is gone (EPIPE, not queryable), not why.
						/^pg-designer: (validation failed at "[^"]+": (\w+: )?)?lost the connection to the PostgreSQL server \S+: \S.*$/,
				hint: fault === 'timeout' ? /Raise statement_timeout .*fewer --sample-rows/ : /run the command again/,
			});
			if (fault === 'terminate-load') expect(failure[0]).toContain('"Load sample data"');
			expect(failure).toHaveLength(2);
			expect(throwaway).toMatch(/^pgd_validate_[0-9a-f]{12}$/);
			expect(await ownedBy(user)).toEqual([]);
			expect(await usersOwn()).toBe('1:mine indexed');
			const after = await folderState(out);
			expect(after).toEqual(before);
			expect(Object.keys(checked)).toContain('plans.md');
		});
	});

	it('a statement_timeout too short even for CREATE DATABASE (on the database the tool connects to) does not stop the throwaway database being made and dropped', async () => {
		const user = await role();
		// The user's timeout, for its sessions on its own database only: the throwaway database's are not bound by it.
		await admin.query(`ALTER ROLE ${user} IN DATABASE ${target.name} SET statement_timeout = '1ms'`);
		const url = urlAs(user);
		const out = path.join(await mkdtemp(path.join(work, 'tight-')), 'db');
		const outcome = await launch(['export', 'examples/todo.json', '--out', out, '--sample-rows', '500', '--database-url', url]).finished;
		expect(outcome.code, outcome.stderr).toBe(0);
		expect(outcome.stderr).toMatch(/Start database\s+PostgreSQL 1\d/);
		expect(await exists(path.join(out, 'plans.md'))).toBe(true);
		expect(await ownedBy(user)).toEqual([]);
		expect(await usersOwn()).toBe('1:mine indexed');
	});

	it('says which throwaway database to drop when it cannot drop it (the login is refused by then)', async () => {
		const user = await role();
		const url = urlAs(user);
		const out = await earlierExport();
		const before = await folderState(out);
		const run = launch(['export', 'examples/todo.json', '--out', out, '--sample-rows', MANY_ROWS, '--database-url', url]);
		const throwaway = await loading(run);
		await admin.query(`ALTER ROLE ${user} NOLOGIN`);
		await terminate(run);
		const outcome = await run.finished;
		const failure = expectClearFailure(outcome, {server: redact(url), says: /validation failed at "Load sample data": \w+: lost the connection/, hint: /run the command again/});
		expect(failure).toHaveLength(3);
		expect(failure[2]).toContain(`the throwaway database ${throwaway} is left on ${redact(url)}`);
		expect(failure[2]).toContain('is not permitted to log in');
		expect(failure[2]).toMatch(new RegExp(`DROP DATABASE ${throwaway};$`));
		expect(await ownedBy(user)).toEqual([throwaway]);
		expect(await usersOwn()).toBe('1:mine indexed');
		expect(await folderState(out)).toEqual(before);
	});

	it('check, as a user who may not create databases: a session terminated during the load leaves no throwaway schema', async () => {
		const user = await role('LOGIN NOCREATEDB');
		await admin.query(`GRANT CREATE ON DATABASE ${target.name} TO ${user}`);
		const url = urlAs(user);
		const run = launch(['check', exported, '--sample-rows', MANY_ROWS, '--database-url', url]);
		// The throwaway schema lives in the user's own database, in one transaction.
		expect(await loading(run)).toBe(target.name);
		await terminate(run);
		const outcome = await run.finished;
		expectClearFailure(outcome, {server: redact(url), says: /^pg-designer: validation failed at "Load sample data": \w+: lost the connection to the PostgreSQL server/, hint: /run the command again/});
		const {rows} = await target.client.query<{count: string}>(`SELECT count(*)::text AS count FROM pg_namespace WHERE nspname LIKE 'pgd\\_validate\\_%'`);
		expect(rows[0]!.count).toBe('0');
		expect(await usersOwn()).toBe('1:mine indexed');
		expect(await ownedBy(user)).toEqual([]);
	});

	describe('a server that refuses the login', () => {
		const refusals = [
			{kind: 'a role created NOLOGIN', says: /refused the login: role "pgd_fault_\w+" is not permitted to log in/, hint: /ALTER ROLE \.\.\. LOGIN/},
			{kind: 'a role that does not exist', says: /refused the login: role "pgd_fault_\w+" does not exist/, hint: /No such user/},
			{kind: 'a role with CONNECTION LIMIT 0', says: /refused the login: too many connections for role "pgd_fault_\w+"/, hint: /CONNECTION LIMIT/},
			{kind: 'no CONNECT on the database', says: /refused the login: permission denied for database "pgd_test_\w+"/, hint: /GRANT CONNECT ON DATABASE/},
			{kind: 'neither CREATEDB nor CREATE on the database', says: /may neither create a database nor a schema there/, hint: /GRANT CREATE ON DATABASE/},
		] as const;
		const commands = ['export', 'check', 'import --database-url', 'import FILE.sql', 'lint --database-url', 'lint FILE.sql', 'analyze'] as const;
		const matrix = refusals.flatMap((refusal) =>
			commands
				// Only validation creates something; a user who may not is refused by export and check alone.
				.filter((command) => refusal.kind !== 'neither CREATEDB nor CREATE on the database' || command === 'export' || command === 'check')
				.map((command) => ({...refusal, command})),
		);
		let roleOf: Map<string, string>;
		let script: string;
		let queries: string;

		beforeAll(async () => {
			roleOf = new Map();
			const missing = `pgd_fault_${randomBytes(5).toString('hex')}`;
			roleOf.set('a role created NOLOGIN', await role('NOLOGIN CREATEDB'));
			roleOf.set('a role that does not exist', missing);
			roleOf.set('a role with CONNECTION LIMIT 0', await role('LOGIN CREATEDB CONNECTION LIMIT 0'));
			roleOf.set('no CONNECT on the database', await role('LOGIN CREATEDB', false));
			roleOf.set('neither CREATEDB nor CREATE on the database', await role('LOGIN NOCREATEDB'));
			script = path.join(work, 'schema.sql');
			await writeFile(script, 'CREATE TABLE things (id bigint PRIMARY KEY, name text NOT NULL);\n');
			queries = path.join(work, 'slow.sql');
			await writeFile(queries, "SELECT * FROM public.mine WHERE title = 'x' ORDER BY id;\n");
		});

		for (const {kind, command, says, hint} of matrix) it(`${command}: ${kind}`, async () => {
			const user = roleOf.get(kind)!;
			const url = urlAs(user);
			const out = path.join(await mkdtemp(path.join(work, 'refused-')), command === 'export' ? 'db' : command.startsWith('import') ? 'session.json' : 'indexes.sql');
			const earlier = command === 'export' ? await earlierExport() : undefined;
			const before = earlier ? await folderState(earlier) : undefined;
			const args = {
				export: ['export', 'examples/todo.json', '--out', earlier ?? out],
				check: ['check', exported],
				'import --database-url': ['import', '--out', out],
				'import FILE.sql': ['import', script, '--out', out],
				'lint --database-url': ['lint'],
				'lint FILE.sql': ['lint', script],
				analyze: ['analyze', '--queries', queries, '--out', out],
			}[command];
			const outcome = await launch([...args, '--database-url', url]).finished;
			expectClearFailure(outcome, {server: redact(url), says, hint});
			if (earlier) expect(await folderState(earlier)).toEqual(before);
			else expect(await exists(out)).toBe(false);
			expect(await ownedBy(user)).toEqual([]);
			expect(await usersOwn()).toBe('1:mine indexed');
		});

		it('export with the server in PG* variables names it as such', async () => {
			const user = roleOf.get('a role created NOLOGIN')!;
			const out = path.join(await mkdtemp(path.join(work, 'refused-')), 'db');
			const outcome = await launch(['export', 'examples/todo.json', '--out', out], {
				env: {PGHOST: '/var/run/postgresql', PGUSER: user, PGPASSWORD: PASSWORD, PGDATABASE: target.name},
			}).finished;
			expectClearFailure(outcome, {
				server: `postgresql://${user}@/var/run/postgresql:5432/${target.name} (from PG* variables)`,
				says: /refused the login: role "pgd_fault_\w+" is not permitted to log in/,
				hint: /ALTER ROLE \.\.\. LOGIN/,
			});
			expect(await exists(out)).toBe(false);
		});
	});

	describe('the read-only commands, their session terminated mid-read', () => {
		let locker: pg.Client;
		beforeAll(async () => {
			locker = new pg.Client({connectionString: target.url});
			await locker.connect();
		});
		afterAll(async () => {
			await locker?.end();
		});

		/**
		 * Holds an ACCESS EXCLUSIVE lock on the user's table (an uncommitted DROP INDEX, rolled back after),
		 * so the command's read waits on it; then ends the command's session while it waits.
		 */
		async function terminatedWhileWaiting(args: readonly string[], url: string): Promise<Outcome> {
			await locker.query('BEGIN; DROP INDEX public.mine_title_idx;');
			try {
				const run = launch([...args, '--database-url', url]);
				await until('the command waiting on the lock', run, async () => ((await sessions(run)).some((session) => session.wait_event_type === 'Lock') ? true : undefined));
				await terminate(run);
				return await run.finished;
			} finally {
				await locker.query('ROLLBACK');
			}
		}

		it('import --database-url: pg_dump loses its session', async () => {
			const user = await role();
			const url = urlAs(user);
			const out = path.join(work, `import-${randomBytes(3).toString('hex')}.json`);
			const outcome = await terminatedWhileWaiting(['import', '--out', out], url);
			expectClearFailure(outcome, {server: redact(url), says: /^pg-designer: import: pg_dump lost the connection to the PostgreSQL server \S+: terminating connection due to administrator command$/, hint: /run the command again/});
			expect(await exists(out)).toBe(false);
			expect(await usersOwn()).toBe('1:mine indexed');
		});

		it('analyze: EXPLAIN loses its session, and no query is reported as merely skipped', async () => {
			const user = await role();
			const url = urlAs(user);
			const queries = path.join(work, 'analyze-queries.sql');
			// One query: with more, the next one's BEGIN would fail loudly even if this one's loss were set aside as "skipped".
			await writeFile(queries, "SELECT * FROM public.mine WHERE title = 'x' ORDER BY id;\n");
			const out = path.join(work, `analyze-${randomBytes(3).toString('hex')}.sql`);
			const outcome = await terminatedWhileWaiting(['analyze', '--queries', queries, '--out', out], url);
			expectClearFailure(outcome, {server: redact(url), says: /^pg-designer: lost the connection to the PostgreSQL server \S+: terminating connection due to administrator command$/, hint: /run the command again/});
			expect(outcome.stdout).not.toContain('nothing to propose');
			expect(await exists(out)).toBe(false);
			expect(await usersOwn()).toBe('1:mine indexed');
		});

		it('lint --database-url: reading the catalog loses its session', async () => {
			const user = await role();
			const url = urlAs(user);
			const outcome = await terminatedWhileWaiting(['lint'], url);
			expectClearFailure(outcome, {server: redact(url), says: /^pg-designer: lost the connection to the PostgreSQL server \S+: terminating connection due to administrator command$/, hint: /run the command again/});
			expect(await usersOwn()).toBe('1:mine indexed');
		});

		const scripts = [
			{command: 'lint FILE.sql', args: (file: string) => ['lint', file]},
			{command: 'import FILE.sql', args: (file: string) => ['import', file, '--out', `${file}.json`]},
		];
		for (const {command, args} of scripts) it(`${command} --database-url: the throwaway database loses its session while the script runs, and is dropped`, async () => {
			const user = await role();
			const url = urlAs(user);
			const file = path.join(work, `slow-${randomBytes(3).toString('hex')}.sql`);
			await writeFile(file, 'CREATE TABLE things (id bigint PRIMARY KEY, name text NOT NULL);\nDO $$ BEGIN PERFORM pg_sleep(120); END $$;\nCREATE TABLE others (id bigint PRIMARY KEY);\n');
			const run = launch([...args(file), '--database-url', url]);
			const throwaway = await until('the script running', run, async () => (await sessions(run)).find((session) => session.state === 'active' && /pg_sleep/.test(session.query))?.datname);
			expect(throwaway).toMatch(/^pgd_validate_/);
			await terminate(run);
			const outcome = await run.finished;
			expectClearFailure(outcome, {server: redact(url), says: /^pg-designer: lost the connection to the PostgreSQL server \S+: terminating connection due to administrator command$/, hint: /run the command again/});
			// Not one "failed statement" per line of the script: the session was lost, not the statements.
			expect(outcome.stderr).not.toMatch(/line \d+:/);
			expect(await exists(`${file}.json`)).toBe(false);
			expect(await ownedBy(user)).toEqual([]);
			expect(await usersOwn()).toBe('1:mine indexed');
		});
	});
});
