/**
 * Export never clobbers, and a session save never loses the last one: a full disk (a real, small
 * tmpfs), a folder the tool may not write (immutable, which holds even for root), a file where the
 * folder should be. Each gets a clear message; the previous folder or file stays intact and no
 * temporary file is left behind.
 */
import {execFile} from 'node:child_process';
import {mkdir, mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {PRESETS} from '../../flows/presets.js';
import {sessionKeeper} from '../../source/store/session-folder.js';
import {textsUnder} from '../helpers/files.js';

const run = promisify(execFile);
const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;
const EXAMPLE = new URL('../../examples/todo.json', import.meta.url).pathname;

interface Failure {
	code: number;
	stdout: string;
	stderr: string;
}
const failure = (promise: Promise<unknown>) => promise.then(
	() => {
		throw new Error('expected the command to fail');
	},
	(error: Failure) => error,
);


/** Files beside the folder that an export would leave if it did not clean up (.db.new-*, .db.old-*, *.tmp). */
async function leftovers(parent: string): Promise<string[]> {
	return (await readdir(parent)).filter((name) => name.startsWith('.') || name.endsWith('.tmp'));
}

let work: string;
beforeAll(async () => {
	work = await mkdtemp(path.join(tmpdir(), 'pgd-disk-'));
	const second = JSON.parse(await readFile(EXAMPLE, 'utf8'));
	await writeFile(path.join(work, 'v2.json'), JSON.stringify({...second, project: {...second.project, description: 'the second version'}}));
});
afterAll(async () => {
	await rm(work, {recursive: true, force: true});
});

describe('a full disk', () => {
	const disk = () => path.join(work, 'small-disk');
	beforeAll(async () => {
		await mkdir(disk());
		// A real file system with 2 MB: the folder fits once, a second copy beside it does not.
		await run('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', disk()]);
	});
	afterAll(async () => {
		await run('umount', [disk()]).catch(() => undefined);
	});

	/** Fills the disk but for `free` bytes. */
	async function fill(free: number): Promise<void> {
		const {stdout} = await run('df', ['-B1', '--output=avail', disk()]);
		const available = Number(stdout.trim().split('\n').at(-1));
		await writeFile(path.join(disk(), 'filler'), Buffer.alloc(Math.max(0, available - free)));
	}

	it('export: says the disk is full, keeps the previous folder as it was, leaves nothing temporary', async () => {
		const db = path.join(disk(), 'db');
		await run(process.execPath, [CLI, 'export', EXAMPLE, '--out', db, '--no-validate']);
		const before = await textsUnder(db);
		await fill(8 * 1024);
		const failed = await failure(run(process.execPath, [CLI, 'export', path.join(work, 'v2.json'), '--out', db, '--no-validate']));
		expect(failed.code).toBe(1);
		expect(failed.stderr).toContain(`export: writing ${db}: the disk is full`);
		expect(failed.stderr).toContain('Nothing was changed in the folder.');
		expect(failed.stderr).not.toMatch(/\n\s+at /);
		expect(await textsUnder(db)).toEqual(before);
		expect(await leftovers(disk())).toEqual([]);
		await rm(path.join(disk(), 'filler'));
	});

	it('session save: says the disk is full and keeps the last saved session whole', async () => {
		const todo = PRESETS[0]!.session;
		const folder = path.join(disk(), 'sessions-here');
		const keeper = sessionKeeper(folder);
		const file = await keeper.save(todo);
		const before = await readFile(file, 'utf8');
		await fill(512);
		const large = {...todo, project: {...todo.project, description: 'x'.repeat(900)}};
		await expect(keeper.save({...large, entities: [...large.entities, ...large.entities.map((entity) => ({...entity, name: `${entity.name}_copy`}))]})).rejects.toThrow(`store: saving ${file}: the disk is full`);
		expect(await readFile(file, 'utf8')).toBe(before);
		expect((await readdir(path.dirname(file))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
		await keeper.release();
		await rm(path.join(disk(), 'filler'));
	});
});

describe('a folder pg-designer may not write', () => {
	let locked: string | undefined;
	afterEach(async () => {
		if (locked) await run('chattr', ['-i', locked]);
		locked = undefined;
	});

	it.each([
		['the folder around the artifact folder', (db: string) => path.dirname(db)],
		['the artifact folder itself', (db: string) => db],
	])('export into %s: permission denied, the folder intact, nothing temporary', async (_what, target) => {
		const parent = await mkdtemp(path.join(work, 'locked-'));
		const db = path.join(parent, 'db');
		await run(process.execPath, [CLI, 'export', EXAMPLE, '--out', db, '--no-validate']);
		const before = await textsUnder(db);
		// Immutable: not even root may add, remove or rename entries in it.
		locked = target(db);
		await run('chattr', ['+i', locked]);
		const failed = await failure(run(process.execPath, [CLI, 'export', path.join(work, 'v2.json'), '--out', db, '--no-validate']));
		expect(failed.code).toBe(1);
		expect(failed.stderr).toContain(`export: writing ${db}: permission denied`);
		expect(await textsUnder(db)).toEqual(before);
		expect(await leftovers(parent)).toEqual([]);
	});

	it('export onto a file where the folder should be: says so and leaves the file alone', async () => {
		const file = path.join(work, 'not-a-folder');
		await writeFile(file, 'my notes\n');
		const failed = await failure(run(process.execPath, [CLI, 'export', EXAMPLE, '--out', file, '--no-validate']));
		expect(failed.code).toBe(1);
		expect(failed.stderr).toContain(`export: ${file} is a file, not a folder`);
		expect(await readFile(file, 'utf8')).toBe('my notes\n');
	});
});
