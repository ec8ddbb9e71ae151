import {spawn, type ChildProcess} from 'node:child_process';
import {mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {hostname, tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {PRESETS} from '../../flows/presets.js';
import {sessionKeeper} from '../../source/store/session-folder.js';
import {lockFile, lockSession} from '../../source/store/session-lock.js';
import {rejection} from '../helpers/rejection.js';

let folder: string;
let other: ChildProcess | undefined;
beforeEach(async () => {
	folder = await mkdtemp(path.join(tmpdir(), 'pgd-lock-'));
});
afterEach(async () => {
	other?.kill('SIGKILL');
	other = undefined;
	await rm(folder, {recursive: true, force: true});
});

const todo = PRESETS[0]!.session;
const file = () => path.join(folder, 'sessions', 'todo-app.json');

/** A process that runs (another wizard, as far as the lock can tell). */
async function runningProcess(): Promise<number> {
	other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], {stdio: 'ignore'});
	await new Promise((resolve) => other!.once('spawn', resolve));
	return other.pid!;
}

/** The id of a process that has ended. */
async function endedProcess(): Promise<number> {
	const ended = spawn(process.execPath, ['-e', '0'], {stdio: 'ignore'});
	await new Promise((resolve) => ended.once('exit', resolve));
	return ended.pid!;
}

describe('the session lock', () => {
	it('refuses a session another running process holds, naming it, and leaves its lock alone', async () => {
		const pid = await runningProcess();
		const keeper = sessionKeeper(folder);
		await keeper.save(todo);
		await keeper.release();
		const lock = JSON.stringify({pid, host: hostname(), since: '2026-12-07T10:11:12.000Z'});
		await writeFile(lockFile(file()), lock);
		const before = await readFile(file(), 'utf8');

		const second = sessionKeeper(folder);
		const refused = await rejection(second.claim(todo));
		expect(refused.message).toBe(`${file()} is open in another pg-designer (process ${pid} on ${hostname()}, since 10:11:12 UTC)`);
		// A save is refused too, and writes nothing.
		await expect(second.save({...todo, project: {...todo.project, description: 'changed'}})).rejects.toThrow('is open in another pg-designer');
		expect(await readFile(file(), 'utf8')).toBe(before);
		expect(await readFile(lockFile(file()), 'utf8')).toBe(lock);
	});

	it('takes over a lock left by a process that no longer runs (killed), and a half-written one', async () => {
		await writeFile(path.join(folder, 'x'), '');
		const pid = await endedProcess();
		const keeper = sessionKeeper(folder);
		await keeper.save(todo);
		await keeper.release();
		await writeFile(lockFile(file()), JSON.stringify({pid, host: hostname(), since: ''}));
		const lock = await lockSession(file());
		expect(JSON.parse(await readFile(lockFile(file()), 'utf8'))).toMatchObject({pid: process.pid});
		await lock.release();
		await writeFile(lockFile(file()), '{"pid": 12');
		await (await lockSession(file())).release();
		expect((await readdir(path.join(folder, 'sessions'))).sort()).toEqual(['todo-app.json']);
	});

	it('does not take over a lock of another host, whose processes it cannot see', async () => {
		const pid = await endedProcess();
		await writeFile(path.join(folder, 'lock-me.json.lock'), JSON.stringify({pid, host: `not-${hostname()}`, since: ''}));
		await expect(lockSession(path.join(folder, 'lock-me.json'))).rejects.toThrow(`is open in another pg-designer (process ${pid} on not-${hostname()})`);
	});

	it('releases on the way out, and saves in the order they were asked for', async () => {
		const keeper = sessionKeeper(folder);
		const names = Array.from({length: 20}, (_, index) => `step ${index}`);
		await Promise.all(names.map((description) => keeper.save({...todo, project: {...todo.project, description}})));
		expect(JSON.parse(await readFile(file(), 'utf8')).project.description).toBe('step 19');
		await keeper.release();
		expect(await readdir(path.join(folder, 'sessions'))).toEqual(['todo-app.json']);
	});
});
