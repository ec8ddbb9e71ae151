import {execFile} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createThrowawayDatabase, serverUrl, type ThrowawayDatabase} from '../helpers/pg.js';

const run = promisify(execFile);
const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;

/** The user's own table, which validation must leave exactly as it was. */
const USERS_OWN = `CREATE TABLE public.tasks (id int PRIMARY KEY, title text); INSERT INTO public.tasks VALUES (1, 'mine');`;

describe.skipIf(!serverUrl())('validating as a user who may not create databases', () => {
	const role = `pgd_nocreatedb_${randomBytes(4).toString('hex')}`;
	let database: ThrowawayDatabase;
	let folder: string;
	const asRole = () => {
		const url = new URL(database.url);
		url.username = role;
		return url.toString();
	};

	beforeAll(async () => {
		database = await createThrowawayDatabase(serverUrl()!);
		folder = await mkdtemp(path.join(tmpdir(), 'pgd-nocreatedb-'));
		await database.client.query(`CREATE ROLE ${role} LOGIN NOCREATEDB NOCREATEROLE`);
		await database.client.query(USERS_OWN);
		await database.client.query(`GRANT ALL ON TABLE public.tasks TO ${role}`);
	});
	afterAll(async () => {
		await rm(folder, {recursive: true, force: true});
		await database?.drop();
		const admin = await createThrowawayDatabase(serverUrl()!);
		await admin.client.query(`DROP ROLE IF EXISTS ${role}`);
		await admin.drop();
	});

	it('says what to grant when it may create neither a database nor a schema', async () => {
		await database.client.query(`REVOKE CREATE ON DATABASE ${database.name} FROM PUBLIC, ${role}`);
		const failure = await run(process.execPath, [CLI, 'export', 'examples/todo.json', '--out', path.join(folder, 'refused'), '--sample-rows', '500', '--database-url', asRole()]).catch(
			(error: {code: number; stderr: string}) => error,
		);
		expect(failure).toMatchObject({code: 1});
		expect((failure as {stderr: string}).stderr).toContain('may neither create a database nor a schema there');
		expect((failure as {stderr: string}).stderr).toContain('GRANT CREATE ON DATABASE');
	});

	it('validates in a throwaway schema inside a rolled-back transaction, and the database is left as it was', async () => {
		await database.client.query(`GRANT CREATE ON DATABASE ${database.name} TO ${role}`);
		const {stdout, stderr} = await run(process.execPath, [CLI, 'export', 'examples/todo.json', '--out', path.join(folder, 'db'), '--sample-rows', '2000', '--database-url', asRole()]);
		expect(stderr).toMatch(/Start database\s+PostgreSQL 15\.\d+ \(throwaway schema, rolled back\)/);
		expect(stderr).toMatch(/Migrations up, again, down, up\s+1 up, 1 down; idempotent; down leaves nothing/);
		expect(stdout).toContain('uses tasks_user_id_due_id_where_completed_at_null_idx');
		expect(stderr).toMatch(/tasks\s+[\d,]+ rows\s+\(\d+%, [\d,]+ rows\/s\)/);
		// The design has its own tasks table; the user's tasks table is untouched and nothing was left behind.
		const {rows} = await database.client.query<{schemas: string; tables: string; mine: string}>(
			`SELECT (SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'pgd_validate_%')::text AS schemas,
				(SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r') AS tables,
				(SELECT string_agg(id || ':' || title, ',') FROM public.tasks) AS mine`,
		);
		expect(rows[0]).toEqual({schemas: '0', tables: 'tasks', mine: '1:mine'});
	}, 120_000);
});
