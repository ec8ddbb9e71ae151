import {execFile} from 'node:child_process';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createThrowawayDatabase, serverUrl, type ThrowawayDatabase} from '../helpers/pg.js';

const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;

/** A database with the problems reviewers find in real ones, planted. */
const FLAWED = `
CREATE TABLE accounts (id serial PRIMARY KEY, email varchar(255) NOT NULL, settings json, created timestamp);
CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, account_id integer NOT NULL REFERENCES accounts (id), total double precision);
CREATE TABLE order_lines (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, order_id integer REFERENCES orders (id), note text);
CREATE TABLE audit_log (happened timestamp, payload text);
CREATE INDEX accounts_created_idx ON accounts (created);
INSERT INTO accounts (email) SELECT 'user' || g || '@example.com' FROM generate_series(1, 20000) AS g;
INSERT INTO accounts (email) VALUES ('user1@example.com');
`;

interface LintJson {
	findings: {rule: string; target: string; severity: string; fixSql?: string}[];
	skipped: string[];
}

async function lint(args: string[]): Promise<{code: number; json: LintJson}> {
	try {
		const {stdout} = await promisify(execFile)(process.execPath, [CLI, 'lint', ...args, '--json']);
		return {code: 0, json: JSON.parse(stdout) as LintJson};
	} catch (error) {
		const failed = error as {code: number; stdout: string};
		return {code: failed.code, json: JSON.parse(failed.stdout) as LintJson};
	}
}

describe.skipIf(!serverUrl())('lint on a live database', () => {
	let database: ThrowawayDatabase;
	beforeAll(async () => {
		database = await createThrowawayDatabase(serverUrl()!);
		await database.client.query(FLAWED);
		// A unique index built concurrently over duplicates fails and stays INVALID.
		await database.client.query('CREATE UNIQUE INDEX CONCURRENTLY accounts_email_key ON accounts (email)').catch(() => undefined);
		for (let scan = 0; scan < 5; scan++) await database.client.query(`SELECT count(*) FROM accounts WHERE email LIKE 'user9%'`);
		await database.client.query('SELECT pg_stat_force_next_flush()').catch(() => undefined);
		await new Promise((resolve) => setTimeout(resolve, 700));
	});
	afterAll(async () => {
		await database?.drop();
	});

	it('finds the planted problems, with what only a live database knows, and fails the run', async () => {
		const {code, json} = await lint(['--database-url', database.url]);
		expect(code).toBe(1);
		const found = new Set(json.findings.map((finding) => `${finding.rule} ${finding.target}`));
		for (const expected of [
			'require-primary-key audit_log',
			'foreign-key-index orders_account_id_fkey',
			'foreign-key-index order_lines_order_id_fkey',
			'prefer-text-field accounts.email',
			'prefer-timestamptz accounts.created',
			'prefer-jsonb accounts.settings',
			'prefer-identity accounts.id',
			'prefer-numeric-money orders.total',
			'invalid-index accounts_email_key',
			'foreign-key-type-mismatch order_lines_order_id_fkey',
			'unused-index accounts_created_idx',
			'sequential-scans accounts',
		]) {
			expect(found, expected).toContain(expected);
		}
		expect(json.findings.find((finding) => finding.rule === 'invalid-index')?.fixSql).toContain('CREATE UNIQUE INDEX CONCURRENTLY accounts_email_key ON public.accounts');
	});

	it('lints the schema a .sql file builds, naming the statements it could not apply', async () => {
		const folder = await mkdtemp(path.join(tmpdir(), 'pgd-lint-'));
		try {
			const file = path.join(folder, 'schema.sql');
			await writeFile(file, `${FLAWED.split('\n').filter((line) => !line.startsWith('INSERT')).join('\n')}\nCREATE EXTENSION no_such_extension;\n`);
			const {code, json} = await lint([file]);
			expect(code).toBe(1);
			expect(json.findings.map((finding) => finding.rule)).toContain('require-primary-key');
			// Both column types are in the schema: no live database needed for this one.
			expect(json.findings.map((finding) => `${finding.rule} ${finding.target}`)).toContain('foreign-key-type-mismatch order_lines_order_id_fkey');
			expect(json.skipped).toEqual([expect.stringMatching(/schema\.sql, line 8: extension "no_such_extension" is not available/)]);
		} finally {
			await rm(folder, {recursive: true, force: true});
		}
	});
});
