/**
 * No secret on disk: every command that talks to a server runs with a password, once in
 * --database-url and once in PGPASSWORD (with PGHOST, PGUSER, PGDATABASE), with HOME,
 * PG_DESIGNER_CACHE_DIR, XDG_* and TMPDIR pointed into one temp folder and the working directory
 * in it too; then every file written under it (sessions, artifacts, manifests, logs, caches;
 * recursively, binary too) is read, and the password must appear in none of them, nor on stdout
 * or stderr. The server trusts every login, so the password is not checked, but it travels
 * through the tool all the same. (test/db/connection.test.ts has a smaller version of this.)
 */
import {spawn} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {filesUnder} from '../helpers/files.js';
import {createThrowawayDatabase, serverUrl, type ThrowawayDatabase} from '../helpers/pg.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const CLI = path.join(ROOT, 'dist/cli.js');
const SECRET = `Sekr1t${randomBytes(8).toString('hex')}`;

interface Outcome {
	readonly code: number | null;
	readonly stdout: string;
	readonly stderr: string;
}

function run(args: readonly string[], cwd: string, extra: Record<string, string>): Promise<Outcome> {
	const env: Record<string, string> = {};
	for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('PG') && !key.startsWith('XDG_') && value !== undefined) env[key] = value;
	Object.assign(env, {NO_COLOR: '1'}, extra);
	const child = spawn(process.execPath, [CLI, ...args], {cwd, env, stdio: ['ignore', 'pipe', 'pipe']});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	return new Promise((resolve, reject) => {
		child.on('error', reject);
		child.on('close', (code) => resolve({code, stdout, stderr}));
	});
}


describe.skipIf(!serverUrl())('no secret on disk', () => {
	const role = `pgd_secret_${randomBytes(5).toString('hex')}`;
	let admin: pg.Client;
	let target: ThrowawayDatabase;
	let root: string;

	beforeAll(async () => {
		admin = new pg.Client({connectionString: serverUrl()!});
		await admin.connect();
		await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${SECRET}' CREATEDB`);
		target = await createThrowawayDatabase(serverUrl()!);
		// Something for lint, import and analyze to read: a table the design rules have things to say about.
		await target.client.query(`CREATE TABLE public.notes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, owner_id bigint NOT NULL, title text NOT NULL, body text);
			INSERT INTO public.notes (owner_id, title) SELECT n % 10, 'note ' || n FROM generate_series(1, 200) AS n;
			ANALYZE public.notes;`);
		await target.client.query(`GRANT ALL ON ALL TABLES IN SCHEMA public TO ${role}`);
		root = await mkdtemp(path.join(tmpdir(), 'pgd-no-secret-'));
	});

	afterAll(async () => {
		const {rows} = await admin.query<{datname: string}>(`SELECT datname FROM pg_database WHERE datdba = (SELECT oid FROM pg_roles WHERE rolname = $1)`, [role]);
		for (const {datname} of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
		await target?.drop();
		await admin.query(`DROP ROLE IF EXISTS ${role}`);
		await admin.end();
		await rm(root, {recursive: true, force: true});
	});

	const variants = [
		{name: 'the password in --database-url', via: 'url'},
		{name: 'the password in PGPASSWORD, the server in PGHOST/PGUSER/PGDATABASE', via: 'env'},
	] as const;

	for (const {name, via} of variants) {
		it(`${name}: written nowhere, shown nowhere`, async () => {
			const home = path.join(root, via);
			const cwd = path.join(home, 'work');
			for (const folder of ['home', 'cache', 'xdg-cache', 'xdg-config', 'xdg-data', 'xdg-state', 'tmp', 'work']) await mkdir(path.join(home, folder), {recursive: true});
			await writeFile(path.join(cwd, 'schema.sql'), 'CREATE TABLE things (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL UNIQUE);\n');
			await writeFile(path.join(cwd, 'slow.sql'), 'SELECT * FROM public.notes WHERE title = $1 ORDER BY id;\n');
			const env: Record<string, string> = {
				HOME: path.join(home, 'home'),
				PG_DESIGNER_CACHE_DIR: path.join(home, 'cache'),
				XDG_CACHE_HOME: path.join(home, 'xdg-cache'),
				XDG_CONFIG_HOME: path.join(home, 'xdg-config'),
				XDG_DATA_HOME: path.join(home, 'xdg-data'),
				XDG_STATE_HOME: path.join(home, 'xdg-state'),
				TMPDIR: path.join(home, 'tmp'),
			};
			const url = new URL(serverUrl()!);
			url.username = role;
			url.password = SECRET;
			url.pathname = `/${target.name}`;
			const server = via === 'url' ? ['--database-url', url.toString()] : [];
			if (via === 'env') Object.assign(env, {PGHOST: '/var/run/postgresql', PGUSER: role, PGDATABASE: target.name, PGPASSWORD: SECRET});
			const shown = via === 'url' ? `postgresql://${role}:***@` : `postgresql://${role}@/var/run/postgresql:5432/${target.name} (from PG* variables)`;

			// Every command that takes --database-url (pg-designer --help), each on the server.
			const commands: {args: string[]; writes?: string; says: RegExp}[] = [
				{args: ['export', path.join(ROOT, 'examples/todo.json'), '--out', 'db', '--sample-rows', '2000'], writes: 'db/plans.md', says: /Start database\s+PostgreSQL 1\d/},
				{args: ['check', 'db', '--sample-rows', '2000'], says: /every check passed on PostgreSQL 1\d/},
				{args: ['import', '--out', 'live.json'], writes: 'live.json', says: /Wrote live\.json/},
				{args: ['import', 'schema.sql', '--out', 'from-file.json'], writes: 'from-file.json', says: /read and run on PostgreSQL 1\d/},
				{args: ['lint', '--fail-on', 'none'], says: /notes/},
				{args: ['lint', 'schema.sql', '--fail-on', 'none'], says: /things/},
				{args: ['analyze', '--queries', 'slow.sql', '--out', 'indexes.sql'], writes: 'indexes.sql', says: /CREATE INDEX CONCURRENTLY/},
			];
			for (const command of commands) {
				const outcome = await run([...command.args, ...server], cwd, env);
				const shownOutput = `${outcome.stdout}${outcome.stderr}`;
				expect(outcome.code, `${command.args.join(' ')}:\n${shownOutput}`).toBe(0);
				expect(shownOutput, command.args.join(' ')).toMatch(command.says);
				expect(shownOutput, command.args.join(' ')).not.toContain(SECRET);
			}
			// They did talk to the server, named as shown (password masked), not to the embedded database.
			const validated = await readFile(path.join(cwd, 'db', 'plans.md'), 'utf8');
			expect(validated).toMatch(/Measured on PostgreSQL 1\d/);
			expect(JSON.parse(await readFile(path.join(cwd, 'live.json'), 'utf8')).imported.source).toBe(via === 'url' ? url.toString().replace(`:${SECRET}@`, ':***@') : shown);
			expect(await readFile(path.join(cwd, 'indexes.sql'), 'utf8')).toContain(shown);

			const files = await filesUnder(home);
			for (const command of commands) if (command.writes) expect([...files.keys()]).toContain(path.join('work', command.writes));
			expect(files.size).toBeGreaterThan(15);
			const leaking = [...files].filter(([, bytes]) => bytes.includes(SECRET) || bytes.includes(Buffer.from(SECRET, 'utf16le'))).map(([file]) => file);
			expect(leaking).toEqual([]);
		});
	}
});
