import {execFile} from 'node:child_process';
import {mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';

const run = promisify(execFile);
const CLI = new URL('../dist/cli.js', import.meta.url).pathname;

interface Result {
	readonly code: number;
	readonly stdout: string;
	readonly stderr: string;
}

/** Runs the built CLI (npm test builds it first). */
async function cli(...args: string[]): Promise<Result> {
	try {
		const {stdout, stderr} = await run(process.execPath, [CLI, ...args], {env: {...process.env, NO_COLOR: '1'}});
		return {code: 0, stdout, stderr};
	} catch (error) {
		const failed = error as {code: number; stdout: string; stderr: string};
		return {code: failed.code, stdout: failed.stdout, stderr: failed.stderr};
	}
}

let folder: string;
beforeEach(async () => {
	folder = await mkdtemp(path.join(tmpdir(), 'pgd-cli-'));
});
afterEach(async () => {
	await rm(folder, {recursive: true, force: true});
});

describe('pg-designer (the built binary)', () => {
	it('prints help and its version', async () => {
		const help = await cli('--help');
		expect(help.code).toBe(0);
		expect(help.stdout).toContain('pg-designer export SESSION.json --out DIR');
		const version = await cli('--version');
		expect(version.stdout.trim()).toBe(JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')).version);
	});

	it('exports every artifact without the database when asked', async () => {
		const out = path.join(folder, 'db');
		const result = await cli('export', 'examples/todo.json', '--out', out, '--no-validate');
		expect(result.code).toBe(0);
		expect(result.stdout).toContain(`Wrote ${out}: 12 files for 4 tables`);
		expect((await readdir(out)).sort()).toEqual([
			'.pg-designer-manifest.json',
			'PERFORMANCE.md',
			'README.md',
			'indexes.sql',
			'migrations',
			'models.py',
			'plans.md',
			'queries.sql',
			'schema.sql',
			'seed.sql',
			'session.json',
			'verify.sql',
		]);
		expect(await readdir(path.join(out, 'migrations'))).toEqual(['0001_init.down.sql', '0001_init.up.sql']);
	});

	it('writes the same bytes for the same session', async () => {
		await cli('export', 'examples/shop.json', '--out', path.join(folder, 'a'), '--no-validate');
		await cli('export', 'examples/shop.json', '--out', path.join(folder, 'b'), '--no-validate');
		for (const name of ['schema.sql', 'indexes.sql', 'models.py', 'queries.sql', 'seed.sql', 'verify.sql', 'README.md', 'PERFORMANCE.md', 'session.json']) {
			expect(await readFile(path.join(folder, 'b', name), 'utf8')).toBe(await readFile(path.join(folder, 'a', name), 'utf8'));
		}
	});

	it('exits 1 with the file and the field for a bad session, writing nothing', async () => {
		const session = path.join(folder, 'bad.json');
		await writeFile(session, JSON.stringify({version: 1, project: {name: 'x'}, entities: [{name: 'select'}]}));
		const result = await cli('export', session, '--out', path.join(folder, 'out'));
		expect(result.code).toBe(1);
		expect(result.stderr).toContain(`pg-designer: store: reading ${session}: entities[0].name: "select" is a reserved word`);
		expect(await readdir(folder)).toEqual(['bad.json']);
	});

	it('exits 1 on unknown commands and options, with a hint', async () => {
		const unknown = await cli('exprot');
		expect(unknown.code).toBe(1);
		expect(unknown.stderr).toContain('unknown command "exprot"');
		const option = await cli('export', 'examples/todo.json', '--outt', 'x');
		expect(option.code).toBe(1);
		expect(option.stderr).toContain("Unknown option '--outt'");
		const rows = await cli('check', 'db', '--sample-rows', 'many');
		expect(rows.stderr).toContain('--sample-rows: --sample-rows takes a whole number, like 50000');
	});

	it('lints a session as JSON, and gates on --fail-on', async () => {
		const result = await cli('lint', 'examples/todo.json', '--json');
		expect(result.code).toBe(0);
		const report = JSON.parse(result.stdout) as {findings: {severity: string}[]};
		expect(report.findings.filter((finding) => finding.severity !== 'info')).toEqual([]);
		const strict = await cli('lint', 'examples/saas.json', '--fail-on', 'info');
		expect(strict.code).toBe(1);
	});

	it('prints the session JSON Schema', async () => {
		const result = await cli('schema');
		expect(JSON.parse(result.stdout).title).toBe('pg-designer session');
	});

	it('exports with validation on the embedded database, then checks the folder', async () => {
		const out = path.join(folder, 'db');
		const exported = await cli('export', 'examples/todo.json', '--out', out, '--sample-rows', '5000');
		expect(exported.code).toBe(0);
		expect(exported.stderr).toContain('* Verify');
		expect(exported.stdout).toMatch(/ListPendingTasks\s+[\d.]+ ms {2}uses tasks_user_id_due_id_where_completed_at_null_idx/);
		expect(await readFile(path.join(out, 'plans.md'), 'utf8')).toContain('Measured on PGlite (PostgreSQL 18');
		const checked = await cli('check', out, '--sample-rows', '5000');
		expect(checked.code).toBe(0);
		expect(checked.stdout).toContain(`${out}: every check passed on PGlite`);
	});

	it('refuses to export over an edited file, and says how to proceed', async () => {
		const out = path.join(folder, 'db');
		await cli('export', 'examples/todo.json', '--out', out, '--no-validate');
		await writeFile(path.join(out, 'schema.sql'), '-- mine\n');
		const again = await cli('export', 'examples/todo.json', '--out', out, '--no-validate');
		expect(again.code).toBe(1);
		expect(again.stderr).toContain('edited since the last export: schema.sql');
		expect(again.stderr).toContain('pass --force');
		expect(await readFile(path.join(out, 'schema.sql'), 'utf8')).toBe('-- mine\n');
	});
});
