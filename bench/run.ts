/**
 * npm run bench [-- --quick] [-- --only 1,5]: the tool's speed and the speed of the schemas it
 * designs, each figure next to its reference measured in the same run. Every figure is printed as
 * `name: value unit`; a summary table with references, ratios and targets closes the run.
 *
 * Needs the built CLI (npm run build) and, for sections 3 to 7, a PostgreSQL server
 * (PG_TEST_URL, default postgresql://postgres@127.0.0.1:5432/postgres) with pgbench and psql.
 */
import {execFile} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {existsSync} from 'node:fs';
import {mkdtemp, readFile, readdir, rm, writeFile} from 'node:fs/promises';
import {cpus, loadavg, tmpdir, totalmem} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import pty from '@lydell/node-pty';
import {build} from 'esbuild';
import pg from 'pg';
import {bundleOptions} from '../scripts/build-options.mjs';
import {deriveDesign} from '../source/engine/derive.js';
import {lintDesign} from '../source/engine/lint/index.js';
import {sampleDataCleanup, sampleDataScripts} from '../source/engine/sample-data.js';
import type {Database} from '../source/db/database.js';
import {loadSampleData} from '../source/db/sample-load.js';
import {Session} from '../source/model/session.js';
import {renderArtifacts} from '../templates/index.js';
import {syntheticSession} from './synthetic.js';

const run = promisify(execFile);
const ROOT = new URL('..', import.meta.url).pathname;
const CLI = path.join(ROOT, 'dist', 'cli.js');
const SERVER = process.env.PG_TEST_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';
const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const ONLY = args.includes('--only') ? new Set(args[args.indexOf('--only') + 1]!.split(',').map(Number)) : undefined;

interface Row {
	readonly section: number;
	readonly figure: string;
	readonly value: string;
	readonly reference: string;
	readonly ratio: string;
	readonly target: string;
	readonly met: boolean | undefined;
}
const rows: Row[] = [];

/** Prints a figure as `name: value unit`. */
function figure(name: string, value: number, unit: string, digits = 1): number {
	console.log(`${name}: ${value.toFixed(digits)} ${unit}`);
	return value;
}

function summary(row: Row): void {
	rows.push(row);
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const percentile = (values: readonly number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;
const ms = (started: number) => performance.now() - started;

// ANSI escapes, so the first frame is found in the text.
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007|\u001b[()][0-9A-B]|\u001b[=>78]/g;

/** Spawns a script in a pseudo-terminal; resolves with the time to `text` and the process's peak RSS then. */
async function firstFrame(script: string, text: string, cwd: string): Promise<{ms: number; peakKb: number}> {
	const {CI: _ci, ...env} = process.env;
	const started = performance.now();
	const child = pty.spawn(process.execPath, [script], {name: 'xterm-256color', cols: 80, rows: 24, cwd, env: {...env, NO_COLOR: '1'} as Record<string, string>});
	let output = '';
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			child.kill();
			reject(new Error(`no "${text}" from ${script} within 20 s`));
		}, 20_000);
		child.onData((data) => {
			output += data.replace(ANSI, '');
			if (!output.includes(text)) return;
			const elapsed = ms(started);
			clearTimeout(timer);
			readFile(`/proc/${child.pid}/status`, 'utf8')
				.then((status) => Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0))
				.catch(() => 0)
				.then((peakKb) => {
					child.kill();
					resolve({ms: elapsed, peakKb});
				});
		});
	});
}

async function startup(): Promise<void> {
	console.log('\n## 1. Start-up');
	const floor = path.join(ROOT, 'bench', '.build', 'floor.js');
	await build({...bundleOptions, splitting: false, entryPoints: [path.join(ROOT, 'bench', 'floor', 'app.tsx')], outfile: floor, alias: {'react-devtools-core': path.join(ROOT, 'scripts', 'devtools-stub.js')}});
	const cwd = await mkdtemp(path.join(tmpdir(), 'pgd-bench-startup-'));
	try {
		const wizard: number[] = [];
		const reference: number[] = [];
		let peakKb = 0;
		const runs = QUICK ? 5 : 10;
		// Interleaved, so a burst of load hits both alike.
		for (let index = 0; index < runs; index++) {
			const measured = await firstFrame(CLI, 'What do you want to do?', cwd);
			wizard.push(measured.ms);
			peakKb = Math.max(peakKb, measured.peakKb);
			reference.push((await firstFrame(floor, 'floor ready', cwd)).ms);
		}
		const mine = figure('startup.wizard_first_frame_median', median(wizard), 'ms', 0);
		const base = figure('startup.ink_floor_first_frame_median', median(reference), 'ms', 0);
		const ratio = figure('startup.ratio', mine / base, 'x', 2);
		const rss = figure('startup.wizard_peak_rss', peakKb / 1024, 'MB', 0);
		summary({section: 1, figure: 'first frame (median)', value: `${mine.toFixed(0)} ms`, reference: `${base.toFixed(0)} ms (minimal Ink app)`, ratio: `${ratio.toFixed(2)}x`, target: '<= 1.5x', met: ratio <= 1.5});
		summary({section: 1, figure: 'peak RSS at first frame', value: `${rss.toFixed(0)} MB`, reference: '-', ratio: '-', target: '< 200 MB', met: rss < 200});
	} finally {
		await rm(cwd, {recursive: true, force: true});
	}
}

async function generation(): Promise<void> {
	console.log('\n## 2. Generation at scale (derive + lint + render, no database)');
	const times = new Map<number, number>();
	for (const count of QUICK ? [10, 50, 100] : [10, 50, 100, 500]) {
		const session = syntheticSession(count);
		const samples: number[] = [];
		for (let index = 0; index < 3; index++) {
			const started = performance.now();
			const design = deriveDesign(session);
			lintDesign(design, {suppressions: [], context: {source: 'session'}});
			renderArtifacts(session, design);
			samples.push(ms(started));
		}
		times.set(count, figure(`generation.tables_${count}`, median(samples), 'ms', 0));
	}
	const largest = Math.max(...times.keys());
	const ratio = figure(`generation.ratio_${largest}_to_50`, times.get(largest)! / times.get(50)!, 'x', 1);
	const linear = largest / 50;
	summary({section: 2, figure: `${largest} tables`, value: `${times.get(largest)!.toFixed(0)} ms`, reference: `${times.get(50)!.toFixed(0)} ms at 50 tables`, ratio: `${ratio.toFixed(1)}x (linear: ${linear}x)`, target: largest === 500 ? '< 1000 ms; ratio <= 12' : 'ratio <= 1.2x linear', met: largest === 500 ? times.get(500)! < 1000 && ratio <= 12 : ratio <= linear * 1.2});
}

async function cli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
	const started = performance.now();
	await run(process.execPath, [CLI, ...argv], {env, maxBuffer: 64 * 1024 * 1024});
	return ms(started);
}

async function validation(): Promise<void> {
	console.log('\n## 3. Validation (pg-designer check, wall time)');
	const folder = await mkdtemp(path.join(tmpdir(), 'pgd-bench-check-'));
	const cache = path.join(folder, 'cache');
	try {
		for (const name of QUICK ? ['todo'] : ['todo', 'saas', 'shop']) {
			const out = path.join(folder, name);
			await cli(['export', path.join(ROOT, 'examples', `${name}.json`), '--out', out, '--no-validate']);
			// First run: no cached PGlite template yet (initdb); warm: the template is cached.
			const first = figure(`validation.${name}.embedded_first`, await cli(['check', out], {...process.env, PG_DESIGNER_CACHE_DIR: cache}) / 1000, 's', 2);
			const warm = figure(`validation.${name}.embedded_warm`, await cli(['check', out], {...process.env, PG_DESIGNER_CACHE_DIR: cache}) / 1000, 's', 2);
			const server = figure(`validation.${name}.server`, await cli(['check', out, '--database-url', SERVER]) / 1000, 's', 2);
			summary({section: 3, figure: `check ${name}, embedded, warm`, value: `${warm.toFixed(1)} s`, reference: `first ${first.toFixed(1)} s; server ${server.toFixed(1)} s`, ratio: `${(first / warm).toFixed(1)}x`, target: name === 'todo' ? '< 5 s warm' : '-', met: name === 'todo' ? warm < 5 : undefined});
			await rm(cache, {recursive: true, force: true});
		}
	} finally {
		await rm(folder, {recursive: true, force: true});
	}
}

/** A throwaway database on the server. */
async function database(): Promise<{client: pg.Client; url: string; drop: () => Promise<void>}> {
	const name = `pgd_bench_${randomBytes(4).toString('hex')}`;
	const admin = new pg.Client({connectionString: SERVER});
	await admin.connect();
	await admin.query(`CREATE DATABASE ${name}`);
	await admin.end();
	const url = new URL(SERVER);
	url.pathname = `/${name}`;
	const client = new pg.Client({connectionString: url.toString()});
	await client.connect();
	client.on('notice', () => undefined);
	return {
		client,
		url: url.toString(),
		async drop() {
			await client.end();
			const dropper = new pg.Client({connectionString: SERVER});
			await dropper.connect();
			await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
			await dropper.end();
		},
	};
}

/** The bench's client as the Database the tool's loaders take. */
function asDatabase(client: pg.Client): Database {
	return {
		engine: 'PostgreSQL',
		versionNumber: 0,
		exec: async (sql) => void (await client.query(sql)),
		query: async <Row extends Record<string, unknown>>(sql: string, parameters: readonly unknown[] = []) => (await client.query<Row>(sql, [...parameters])).rows,
		close: async () => undefined,
	};
}

async function todoFiles(): Promise<{design: ReturnType<typeof deriveDesign>; schema: string}> {
	const session = Session.parse(JSON.parse(await readFile(path.join(ROOT, 'examples', 'todo.json'), 'utf8')));
	const design = deriveDesign(session);
	const files = renderArtifacts(session, design);
	return {design, schema: `${files.get('schema.sql')}\n${files.get('indexes.sql')}`};
}

async function sampleData(): Promise<void> {
	console.log('\n## 4. Sample data at volume (local server)');
	const tasks = QUICK ? 200_000 : 1_000_000;
	const {design, schema} = await todoFiles();
	const db = await database();
	try {
		await db.client.query(schema);
		const counts = new Map([['users', 10_000], ['tasks', tasks], ['tags', 1000], ['task_tags', 1000]]);
		let loaded = 0;
		// The tool's own load (validation runs the same): its time for tasks includes the check of its keys.
		const {bulk} = await loadSampleData(asDatabase(db.client), design, counts, 1, (table) => {
			if (table.table === 'tasks') loaded = table.rows / (table.ms / 1000);
		});
		console.log(`sample_data.foreign_key_triggers: ${bulk ? 'set aside during the load, every key checked after' : 'on'}`);
		// The ceiling: the same table (indexes, constraints and foreign keys alike), filled by the plainest INSERT ... SELECT.
		await db.client.query(`CREATE TABLE tasks_ceiling (LIKE tasks INCLUDING ALL)`);
		const {rows: keys} = await db.client.query<{definition: string}>(`SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conrelid = 'tasks'::regclass AND contype = 'f'`);
		for (const key of keys) await db.client.query(`ALTER TABLE tasks_ceiling ADD ${key.definition}`);
		const started = performance.now();
		await db.client.query(`INSERT INTO tasks_ceiling (user_id, title, priority, due, completed_at) SELECT 1 + (g % 10000), 'task ' || g, 3, date '2026-01-01' + (g % 365), CASE WHEN g % 3 = 0 THEN now() END FROM generate_series(1, ${tasks}) AS g`);
		const ceiling = tasks / (ms(started) / 1000);
		const mine = figure('sample_data.tasks_rows_per_second', loaded, 'rows/s', 0);
		const reference = figure('sample_data.ceiling_rows_per_second', ceiling, 'rows/s', 0);
		const ratio = figure('sample_data.ratio', mine / reference, 'x', 2);
		summary({section: 4, figure: `load ${tasks.toLocaleString('en-US')} tasks`, value: `${Math.round(mine).toLocaleString('en-US')} rows/s`, reference: `${Math.round(reference).toLocaleString('en-US')} rows/s (INSERT ... SELECT generate_series)`, ratio: `${ratio.toFixed(2)}x`, target: '>= 0.70x', met: ratio >= 0.7});
	} finally {
		await db.drop();
	}
}

interface PgbenchResult {
	readonly tps: number;
	readonly p95: number;
}

/** Runs one pgbench script; p95 from the per-transaction log. */
async function pgbench(url: string, schema: string, script: string, variables: Record<string, number>): Promise<PgbenchResult> {
	const logs = await mkdtemp(path.join(tmpdir(), 'pgd-bench-log-'));
	try {
		const seconds = QUICK ? 3 : 15;
		const defines = Object.entries(variables).flatMap(([key, value]) => ['-D', `${key}=${value}`]);
		const {stdout} = await run('pgbench', ['-n', '-c', '4', '-j', '2', '-T', String(seconds), '-f', path.join(ROOT, 'bench', 'pgbench', script), '-l', '--log-prefix', path.join(logs, 'log'), ...defines, url], {
			env: {...process.env, PGOPTIONS: `-c search_path=${schema}`},
			maxBuffer: 16 * 1024 * 1024,
		});
		const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1] ?? 0);
		const latencies: number[] = [];
		for (const file of await readdir(logs)) {
			for (const line of (await readFile(path.join(logs, file), 'utf8')).split('\n')) {
				const micros = Number(line.split(' ')[2]);
				if (Number.isFinite(micros) && line) latencies.push(micros / 1000);
			}
		}
		return {tps, p95: percentile(latencies, 0.95)};
	} finally {
		await rm(logs, {recursive: true, force: true});
	}
}

async function designedVersusNaive(): Promise<void> {
	const tasks = QUICK ? 200_000 : 5_000_000;
	console.log(`\n## 5. The designed schema against a naive one (todo, 10,000 users, ${tasks.toLocaleString('en-US')} tasks, pgbench -c 4)`);
	const {design, schema} = await todoFiles();
	const db = await database();
	try {
		await db.client.query(`CREATE SCHEMA designed; SET search_path = designed; ${schema}`);
		const counts = new Map([['users', 10_000], ['tasks', tasks], ['tags', 1000], ['task_tags', 1000]]);
		for (const script of sampleDataScripts(design, counts, 1)) await db.client.query(script.sql);
		await db.client.query(sampleDataCleanup(design));
		// The same rows in the naive tables.
		await db.client.query(`CREATE SCHEMA naive; SET search_path = naive; ${await readFile(path.join(ROOT, 'bench', 'naive-todo.sql'), 'utf8')}`);
		await db.client.query(`INSERT INTO naive.users SELECT id, email, name, password_hash, created_at, updated_at FROM designed.users;
			INSERT INTO naive.tasks SELECT id, user_id, title, notes, priority, due, completed_at, created_at, updated_at FROM designed.tasks;
			SELECT setval('naive.users_id_seq', (SELECT max(id) FROM naive.users)), setval('naive.tasks_id_seq', (SELECT max(id) FROM naive.tasks));`);
		await db.client.query('VACUUM ANALYZE');
		const {rows: skew} = await db.client.query<{top: string}>(`SELECT max(n)::text AS top FROM (SELECT count(*) AS n FROM designed.tasks GROUP BY user_id) AS per_user`);
		figure('pgbench.largest_user_tasks', Number(skew[0]!.top), 'tasks', 0);
		const variables = {users: 10_000, tasks};
		for (const [script, label, read] of [
			['pending.sql', 'pending list', true],
			['completed.sql', 'completed count', true],
			['insert.sql', 'insert a task', false],
			['complete.sql', 'complete a task', false],
		] as const) {
			const designed = await pgbench(db.url, 'designed', script, variables);
			const naive = await pgbench(db.url, 'naive', script, variables);
			const key = script.replace('.sql', '');
			figure(`pgbench.${key}.designed_tps`, designed.tps, 'tps', 0);
			figure(`pgbench.${key}.designed_p95`, designed.p95, 'ms', 2);
			figure(`pgbench.${key}.naive_tps`, naive.tps, 'tps', 1);
			figure(`pgbench.${key}.naive_p95`, naive.p95, 'ms', 2);
			const ratio = figure(`pgbench.${key}.ratio`, designed.tps / naive.tps, 'x', read ? 0 : 2);
			summary({
				section: 5,
				figure: label,
				value: `${designed.tps.toFixed(0)} tps, p95 ${designed.p95.toFixed(2)} ms`,
				reference: `${naive.tps.toFixed(1)} tps, p95 ${naive.p95.toFixed(1)} ms (naive)`,
				ratio: `${ratio.toFixed(read ? 0 : 2)}x`,
				target: read ? '>= 1000x' : '>= 0.7x',
				met: read ? ratio >= 1000 : ratio >= 0.7,
			});
		}
	} finally {
		await db.drop();
	}
}

const SLOW_TODO = (tasks: number) => `
CREATE TABLE users (id bigserial PRIMARY KEY, email varchar(255) NOT NULL, name varchar(255));
CREATE TABLE tasks (id bigserial PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id), title varchar(255) NOT NULL, due date, completed_at timestamp, created_at timestamp DEFAULT now());
INSERT INTO users (email, name) SELECT 'u' || g || '@example.com', 'User ' || g FROM generate_series(1, 10000) AS g;
SELECT setseed(0.42);
INSERT INTO tasks (user_id, title, due, completed_at)
	SELECT 1 + (random() * 9999)::int, 'Task ' || g, date '2026-01-01' + (random() * 365)::int, CASE WHEN random() < 0.7 THEN now() END
	FROM generate_series(1, ${tasks}) AS g;
`;
const PENDING = 'SELECT id, title, due FROM tasks WHERE user_id = $1 AND completed_at IS NULL ORDER BY due LIMIT 50';

async function pendingMs(client: pg.Client): Promise<number> {
	const times: number[] = [];
	for (let index = 0; index < 7; index++) {
		const {rows} = await client.query<{'QUERY PLAN': [{'Execution Time': number}]}>(`EXPLAIN (ANALYZE, FORMAT JSON) ${PENDING.replace('$1', String(1 + ((index * 997) % 10_000)))}`);
		times.push(rows[0]!['QUERY PLAN'][0]['Execution Time']);
	}
	return median(times);
}

async function analyze(): Promise<void> {
	const tasks = QUICK ? 200_000 : 1_000_000;
	console.log(`\n## 6. Analyze ("my todo app is getting slow", ${tasks.toLocaleString('en-US')} tasks)`);
	const db = await database();
	const folder = await mkdtemp(path.join(tmpdir(), 'pgd-bench-analyze-'));
	try {
		await db.client.query(SLOW_TODO(tasks));
		await db.client.query('VACUUM ANALYZE users, tasks');
		await writeFile(path.join(folder, 'queries.sql'), `${PENDING};\n`);
		const migration = path.join(folder, 'add-indexes.sql');
		const took = figure('analyze.wall_time', (await cli(['analyze', '--database-url', db.url, '--queries', path.join(folder, 'queries.sql'), '--out', migration])) / 1000, 's', 2);
		const before = figure('analyze.pending_before', await pendingMs(db.client), 'ms', 3);
		await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', db.url, '-f', migration]);
		await db.client.query('ANALYZE tasks');
		const after = figure('analyze.pending_after', await pendingMs(db.client), 'ms', 3);
		const speedup = figure('analyze.speedup', before / after, 'x', 0);
		summary({section: 6, figure: 'pending query after analyze', value: `${after.toFixed(3)} ms (analyze ${took.toFixed(1)} s)`, reference: `${before.toFixed(2)} ms before`, ratio: `${speedup.toFixed(0)}x`, target: '>= 10x', met: speedup >= 10});
	} finally {
		await rm(folder, {recursive: true, force: true});
		await db.drop();
	}
}

/** Runs the CLI and reports its wall time and peak RSS (the kernel's, through GNU time when present). */
async function measured(argv: readonly string[]): Promise<{ms: number; peakMb: number | undefined}> {
	const started = performance.now();
	const timed = await run('/usr/bin/time', ['-f', 'peak-kb %M', process.execPath, CLI, ...argv], {maxBuffer: 256 * 1024 * 1024}).catch((error: {code?: string | number; stderr?: string}) => {
		if (error.code === 'ENOENT') return undefined;
		// lint exits 1 when it finds errors: the run still counts.
		if (error.code === 1 && error.stderr?.includes('peak-kb')) return {stderr: error.stderr};
		throw error;
	});
	if (timed) return {ms: ms(started), peakMb: Number(/peak-kb (\d+)/.exec(timed.stderr)?.[1] ?? 0) / 1024};
	const again = performance.now();
	await run(process.execPath, [CLI, ...argv], {maxBuffer: 256 * 1024 * 1024}).catch((error: {code?: number}) => {
		if (error.code !== 1) throw error;
	});
	return {ms: ms(again), peakMb: undefined};
}

const REAL_SCHEMAS = [process.env.PGD_REAL_SCHEMAS, path.resolve(ROOT, '..', 'shared', 'real-schemas'), '/work/shared/real-schemas'].find(
	(candidate): candidate is string => candidate !== undefined && existsSync(path.join(candidate, 'facts.sh')),
);

async function importLint(): Promise<void> {
	console.log('\n## 7. Import and lint of real schemas (../shared/real-schemas, on the local server)');
	if (!REAL_SCHEMAS) {
		console.log('skipped: ../shared/real-schemas not found (set PGD_REAL_SCHEMAS)');
		return;
	}
	const folder = await mkdtemp(path.join(tmpdir(), 'pgd-bench-import-'));
	try {
		for (const item of QUICK ? ['pg-index-health/core'] : ['lago', 'pg-index-health/core']) {
			const name = item.split('/').at(-1)!;
			const dump = path.join(REAL_SCHEMAS, item, 'dump.sql');
			const db = await database();
			try {
				// The references: psql applying the same file, and pg_dump -s of the same database.
				const applyStarted = performance.now();
				await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', db.url, '-f', dump]);
				const psqlMs = ms(applyStarted);
				const dumpStarted = performance.now();
				await run('pg_dump', ['--schema-only', '--no-owner', '--no-privileges', `--dbname=${db.url}`], {maxBuffer: 256 * 1024 * 1024});
				const pgDumpMs = ms(dumpStarted);
				figure(`import.${name}.psql_apply`, psqlMs / 1000, 's', 2);
				figure(`import.${name}.pg_dump`, pgDumpMs / 1000, 's', 2);
				const session = path.join(folder, `${name}.json`);
				const runs: [string, readonly string[], string][] = [
					['file.import', ['import', dump, '--database-url', SERVER, '--out', session, '--force'], `psql -f ${(psqlMs / 1000).toFixed(2)} s`],
					['file.lint', ['lint', dump, '--database-url', SERVER, '--fail-on', 'none'], `psql -f ${(psqlMs / 1000).toFixed(2)} s`],
					['session.lint', ['lint', session, '--fail-on', 'none'], '-'],
					['live.import', ['import', '--database-url', db.url, '--out', session, '--force'], `pg_dump -s ${(pgDumpMs / 1000).toFixed(2)} s`],
					['live.lint', ['lint', '--database-url', db.url, '--fail-on', 'none'], `pg_dump -s ${(pgDumpMs / 1000).toFixed(2)} s`],
				];
				for (const [label, argv, reference] of runs) {
					const {ms: took, peakMb} = await measured(argv);
					figure(`import.${name}.${label}`, took / 1000, 's', 2);
					if (peakMb !== undefined) figure(`import.${name}.${label}.peak_rss`, peakMb, 'MB', 0);
					const referenceMs = label.startsWith('file') ? psqlMs : label.startsWith('live') ? pgDumpMs : undefined;
					summary({
						section: 7,
						figure: `${name}: ${label.replace('.', ' ')}`,
						value: `${(took / 1000).toFixed(2)} s${peakMb === undefined ? '' : `, ${peakMb.toFixed(0)} MB`}`,
						reference,
						ratio: referenceMs ? `${(took / referenceMs).toFixed(1)}x` : '-',
						target: '< 2 s, < 300 MB',
						met: took < 2000 && (peakMb === undefined || peakMb < 300),
					});
				}
			} finally {
				await db.drop();
			}
		}
		// A 50 MB dump with its data (COPY rows): the rows are set aside, the schema imported.
		const big = path.join(folder, 'full-dump.sql');
		const rows = Array.from({length: 50 * 1024 * 1024 / 64}, (_, id) => `${id}\tsigned-in-with-a-rather-long-kind\t2026-01-01 00:00:00+00`);
		await writeFile(big, `CREATE TABLE public.events (id bigint PRIMARY KEY, kind text NOT NULL, at timestamptz NOT NULL);\nCOPY public.events (id, kind, at) FROM stdin;\n${rows.join('\n')}\n\\.\n`);
		const {ms: took, peakMb} = await measured(['import', big, '--database-url', SERVER, '--out', path.join(folder, 'big.json'), '--force']);
		figure('import.full_dump_50mb', took / 1000, 's', 2);
		if (peakMb !== undefined) figure('import.full_dump_50mb.peak_rss', peakMb, 'MB', 0);
		summary({section: 7, figure: '50 MB dump with COPY data: import', value: `${(took / 1000).toFixed(2)} s${peakMb === undefined ? '' : `, ${peakMb.toFixed(0)} MB`}`, reference: '-', ratio: '-', target: 'no crash', met: true});
	} finally {
		await rm(folder, {recursive: true, force: true});
	}
}

async function serverAnswers(): Promise<boolean> {
	const client = new pg.Client({connectionString: SERVER});
	try {
		await client.connect();
		await client.end();
		return true;
	} catch {
		return false;
	}
}

async function main(): Promise<void> {
	const load = loadavg().map((value) => value.toFixed(2)).join(' ');
	console.log(`# pg-designer benchmark${QUICK ? ' (quick)' : ''}: ${new Date().toISOString()}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GB, load ${load}, Node ${process.version}`);
	const sections: [number, () => Promise<void>, boolean][] = [
		[1, startup, false],
		[2, generation, false],
		[3, validation, true],
		[4, sampleData, true],
		[5, designedVersusNaive, true],
		[6, analyze, true],
		[7, importLint, true],
	];
	const server = await serverAnswers();
	for (const [number, section, needsServer] of sections) {
		if (ONLY && !ONLY.has(number)) continue;
		if (needsServer && !server) {
			console.log(`\n## ${number}. skipped: no PostgreSQL server answers at ${SERVER} (set PG_TEST_URL)`);
			continue;
		}
		await section();
	}
	console.log('\n## Summary\n');
	console.log('| # | figure | value | reference | ratio | target | met |');
	console.log('| --- | --- | --- | --- | --- | --- | --- |');
	for (const row of rows) console.log(`| ${row.section} | ${row.figure} | ${row.value} | ${row.reference} | ${row.ratio} | ${row.target} | ${row.met === undefined ? '-' : row.met ? 'yes' : 'NO'} |`);
	console.log(`\nload after: ${loadavg().map((value) => value.toFixed(2)).join(' ')}`);
}

await main();
// pgbench and psql children are done; the pty module keeps a handle open.
process.exit(0);

