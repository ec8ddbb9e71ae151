import {execFile} from 'node:child_process';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {splitStatements} from '../../source/db/statements.js';
import {createThrowawayDatabase, serverUrl, type ThrowawayDatabase} from '../helpers/pg.js';

const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;
const PENDING = 'SELECT id, title, due FROM tasks WHERE user_id = $1 AND completed_at IS NULL ORDER BY due LIMIT 50';

/** The classic slow todo app: a million tasks, a foreign key and nothing else indexed. */
const SLOW_TODO = `
CREATE TABLE users (id bigserial PRIMARY KEY, email varchar(255) NOT NULL, name varchar(255));
CREATE TABLE tasks (id bigserial PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id), title varchar(255) NOT NULL, due date, completed_at timestamp, created_at timestamp DEFAULT now());
INSERT INTO users (email, name) SELECT 'u' || g || '@example.com', 'User ' || g FROM generate_series(1, 10000) AS g;
SELECT setseed(0.42);
INSERT INTO tasks (user_id, title, due, completed_at)
	SELECT 1 + (random() * 9999)::int, 'Task ' || g, date '2026-01-01' + (random() * 365)::int, CASE WHEN random() < 0.7 THEN now() END
	FROM generate_series(1, 1000000) AS g;
`;

interface Measured {
	plan: string;
	ms: number;
}

/** The median execution time of the pending-tasks query for a user, and its top plan node. */
async function measure(database: ThrowawayDatabase): Promise<Measured> {
	const times: number[] = [];
	let plan = '';
	for (let run = 0; run < 5; run++) {
		const {rows} = await database.client.query<{'QUERY PLAN': [{Plan: {Plans?: {'Node Type': string}[]; 'Node Type': string}; 'Execution Time': number}]}>(
			`EXPLAIN (ANALYZE, FORMAT JSON) ${PENDING.replace('$1', '42')}`,
		);
		const result = rows[0]!['QUERY PLAN'][0];
		times.push(result['Execution Time']);
		plan = JSON.stringify(result.Plan);
	}
	times.sort((a, b) => a - b);
	return {plan, ms: times[2]!};
}

describe.skipIf(!serverUrl())('analyze: "my todo app is getting slow"', () => {
	let database: ThrowawayDatabase;
	let folder: string;
	beforeAll(async () => {
		database = await createThrowawayDatabase(serverUrl()!);
		await database.client.query(SLOW_TODO);
		// A multi-statement query runs as one transaction; VACUUM needs its own.
		await database.client.query('VACUUM ANALYZE users, tasks');
		folder = await mkdtemp(path.join(tmpdir(), 'pgd-analyze-'));
	});
	afterAll(async () => {
		await database?.drop();
		if (folder) await rm(folder, {recursive: true, force: true});
	});

	it('proposes the composite partial index; with it the plan becomes an index scan and the query at least 10x faster', async () => {
		const queries = path.join(folder, 'slow.sql');
		await writeFile(queries, `-- the pending tasks of a user, soonest due first\n${PENDING};\n`);
		const out = path.join(folder, 'add-indexes.sql');
		const {stdout} = await promisify(execFile)(process.execPath, [CLI, 'analyze', '--database-url', database.url, '--queries', queries, '--out', out]);
		expect(stdout).toContain('now     Seq Scan on tasks');
		expect(stdout).toMatch(/propose CREATE INDEX CONCURRENTLY IF NOT EXISTS \S+ ON tasks \(user_id, due(, id)?\) WHERE completed_at IS NULL;/);
		const migration = await readFile(out, 'utf8');
		expect(migration).toContain("SET lock_timeout = '5s';");
		expect(migration).toContain('CREATE INDEX CONCURRENTLY');

		const before = await measure(database);
		expect(before.plan).toContain('Seq Scan');
		// The migration as a user runs it: statement by statement, outside a transaction.
		for (const statement of await splitStatements(migration, out)) await database.client.query(statement.text);
		await database.client.query('ANALYZE tasks');
		const after = await measure(database);
		expect(after.plan).not.toContain('Seq Scan');
		expect(after.plan).toContain('Index Scan');
		console.log(`slow todo: pending tasks of a user, ${before.ms.toFixed(2)} ms before, ${after.ms.toFixed(3)} ms after: ${(before.ms / after.ms).toFixed(0)}x`);
		expect(before.ms / after.ms).toBeGreaterThanOrEqual(10);
	});

	it('says so when pg_stat_statements is missing and no queries are given', async () => {
		const result = await promisify(execFile)(process.execPath, [CLI, 'analyze', '--database-url', database.url]).catch((error: {code: number; stderr: string}) => error);
		expect(result).toMatchObject({code: 1, stderr: expect.stringContaining('pg_stat_statements is not available')});
	});
});
