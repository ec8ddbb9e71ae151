import {execFile} from 'node:child_process';
import {mkdtemp, readdir, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {redact, serverTarget} from '../../source/db/connection.js';
import {serverProvider} from '../../source/db/pg-server.js';
import {serverUrl} from '../helpers/pg.js';
import {rejection} from '../helpers/rejection.js';

describe('server connections', () => {
	it('never shows a password', () => {
		expect(redact('postgresql://app:s3cret@db.example.com:5432/prod?sslmode=require')).toBe('postgresql://app:***@db.example.com:5432/prod?sslmode=require');
		expect(redact('postgresql://app@db/prod?password=s3cret')).toBe('postgresql://app@db/prod?password=***');
		expect(serverTarget(undefined, {PGHOST: 'db', PGUSER: 'app', PGPASSWORD: 's3cret'})?.shown).toBe('postgresql://app@db:5432/app (from PG* variables)');
		expect(serverTarget(undefined, {})).toBeUndefined();
		expect(() => serverTarget('mysql://x', {})).toThrow('--database-url must be a postgresql:// URL');
	});

	it('says what to do when the server cannot be reached or the database does not exist', async () => {
		const unreachable = await rejection(serverProvider({connectionString: 'postgresql://app:pw@127.0.0.1:1/postgres', shown: 'postgresql://app:***@127.0.0.1:1/postgres'}).create());
		expect(unreachable.message).toContain('cannot reach the PostgreSQL server postgresql://app:***@127.0.0.1:1/postgres');
		expect(unreachable.message).not.toContain(':pw@');
	});

	it.skipIf(!serverUrl())('names a missing database', async () => {
		const url = new URL(serverUrl()!);
		url.pathname = '/pgd_no_such_database';
		const missing = await rejection(serverProvider({connectionString: url.toString(), shown: 'the test server'}).create());
		expect(missing.message).toBe('the database in the test server does not exist: database "pgd_no_such_database" does not exist');
	});

	it.skipIf(!serverUrl())('validates on the server with a password in the URL, and writes the password nowhere', async () => {
		const folder = await mkdtemp(path.join(tmpdir(), 'pgd-secret-'));
		try {
			const url = new URL(serverUrl()!);
			url.password = 'pgd-s3cret-pw';
			const cli = new URL('../../dist/cli.js', import.meta.url).pathname;
			const {stdout, stderr} = await promisify(execFile)(process.execPath, [cli, 'export', 'examples/todo.json', '--out', path.join(folder, 'db'), '--sample-rows', '2000', '--database-url', url.toString()]);
			expect(stderr).toContain('PostgreSQL server postgresql://postgres:***@');
			expect(`${stdout}${stderr}`).not.toContain('pgd-s3cret-pw');
			expect(await readFile(path.join(folder, 'db', 'plans.md'), 'utf8')).toMatch(/Measured on PostgreSQL 1\d/);
			for (const name of [...(await readdir(path.join(folder, 'db'))), ...(await readdir(path.join(folder, 'db', 'migrations'))).map((file) => `migrations/${file}`)]) {
				if (name === 'migrations') continue;
				expect(await readFile(path.join(folder, 'db', name), 'utf8')).not.toContain('pgd-s3cret-pw');
			}
		} finally {
			await rm(folder, {recursive: true, force: true});
		}
	});
});
