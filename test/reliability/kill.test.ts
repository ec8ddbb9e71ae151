/**
 * No answer is lost: the wizard is killed (SIGKILL) at many points of a scripted session in a
 * pseudo-terminal, mid-answer and mid-save included, then resumed; an export is killed at many
 * points of its write. Kill points come from a seeded generator, printed, so a failure replays.
 */
import {execFile, spawn} from 'node:child_process';
import {cp, mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {MANIFEST, recoverArtifactFolder} from '../../source/export/write-folder.js';
import {parseSession} from '../../source/store/session-file.js';
import {seededRandom} from '../../source/engine/sample-data.js';
import {textsUnder} from '../helpers/files.js';
import {KEY} from '../helpers/ink.js';
import {spawnCli, type PtySession} from '../helpers/pty.js';
import {TODO_PROMPTS} from '../helpers/todo-prompts.js';

const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;
const run = promisify(execFile);

const PROMPTS = TODO_PROMPTS;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const SETTLE_MS = 40;

/** The prompt the screen shows now: the one whose last appearance comes last. */
function currentPrompt(text: string): number {
	let best = -1;
	let at = -1;
	PROMPTS.forEach((prompt, index) => {
		const position = text.lastIndexOf(prompt);
		if (position > at) {
			at = position;
			best = index;
		}
	});
	return best;
}

/** Whether the last status drawn since `from` says saved (not "saving..."). */
function savedSince(text: string, from: number): boolean {
	const tail = text.slice(from);
	const saving = tail.lastIndexOf('saving...');
	const saved = tail.search(/saved \d\d:\d\d:\d\d(?![\s\S]*saved \d\d:\d\d:\d\d)/);
	return saved >= 0 && saved > saving;
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
	const started = Date.now();
	while (!(await condition())) {
		if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
		await sleep(15);
	}
}

let folder: string;
let live: PtySession | undefined;
beforeEach(async () => {
	folder = await mkdtemp(path.join(tmpdir(), 'pgd-kill-'));
});
afterEach(async () => {
	live?.kill('SIGKILL');
	live = undefined;
	await rm(folder, {recursive: true, force: true});
});

describe('the wizard killed at random points', () => {
	it('loses no confirmed answer, its session file always parses, and resume goes on from there', async () => {
		const seed = Number(process.env.PGD_KILL_SEED ?? 20261207);
		const next = seededRandom(seed);
		const sessionPath = path.join(folder, '.pg-designer', 'sessions', 'todo-app.json');
		// The last prompt reached with its answer saved (the status said so): resume must be there or later.
		let confirmed = -1;
		let kills = 0;
		let midSave = 0;
		let quickLast = false;
		for (let cycle = 0; confirmed < PROMPTS.length - 1 && cycle < 60; cycle++) {
			const wizard = spawnCli(CLI, cycle === 0 ? [] : ['resume', 'todo-app'], folder);
			live = wizard;
			if (cycle === 0) {
				await wizard.waitFor('What do you want to do?');
				await wizard.press(KEY.enter);
			}
			await until(() => currentPrompt(wizard.text()) >= 0, 'a prompt');
			// A screen's key handlers subscribe in an effect after its frame (STACK.md): let them.
			await sleep(SETTLE_MS);
			let at = currentPrompt(wizard.text());
			expect(at, `seed ${seed}, cycle ${cycle}: resumed before an answer that was saved`).toBeGreaterThanOrEqual(Math.min(confirmed, PROMPTS.length - 1));
			const presses = 1 + Math.floor(next() * 3);
			const mayKillQuickly = !quickLast;
			quickLast = false;
			for (let press = 0; press < presses && at < PROMPTS.length - 1; press++) {
				const mark = wizard.text().length;
				await wizard.press(KEY.enter);
				const last = press === presses - 1;
				// Never two quick kills in a row: on a loaded machine they could all land before the save.
				if (last && next() < 0.6 && mayKillQuickly) {
					quickLast = true;
					// Killed within a few milliseconds of the answer: in the middle of its save, often.
					await sleep(Math.floor(next() * 25));
					if (!savedSince(wizard.text(), mark)) midSave++;
					break;
				}
				await until(() => currentPrompt(wizard.text()) > at, `the prompt after "${PROMPTS[at]}"`);
				await sleep(SETTLE_MS);
				at = currentPrompt(wizard.text());
				if (last) await sleep(Math.floor(next() * 40));
				else await until(() => savedSince(wizard.text(), mark), 'the save');
			}
			// Confirmed: the last frame drawn says saved (until the session it shows is on disk, it says saving...).
			const text = wizard.text();
			if (savedSince(text, 0)) confirmed = Math.max(confirmed, currentPrompt(text));
			wizard.kill('SIGKILL');
			await wizard.exited;
			kills++;
			live = undefined;
			// The file always parses (a kill mid-save leaves the old one or the new one).
			const saved = await readFile(sessionPath, 'utf8').catch(() => undefined);
			if (saved === undefined) expect(confirmed).toBe(-1);
			else expect(() => parseSession(saved, sessionPath)).not.toThrow();
		}
		expect(confirmed).toBe(PROMPTS.length - 1);
		// Recorded for the closing note: how many kills, how many landed before the save finished.
		console.log(`kill.test: seed ${seed}, ${kills} kills, ${midSave} before the answer's save was confirmed`);
		expect(kills).toBeGreaterThanOrEqual(10);
		// Nothing but the session and its lock (a killed wizard's; the next one takes it over).
		const left = (await readdir(path.dirname(sessionPath))).filter((name) => !name.startsWith('todo-app.json'));
		expect(left.filter((name) => !name.endsWith('.tmp'))).toEqual([]);
	}, 240_000);

	it('refuses a second wizard on a session the first has open, and lets it in once the first is gone', async () => {
		const first = spawnCli(CLI, [], folder);
		live = first;
		await first.waitFor('What do you want to do?');
		await first.press(KEY.enter);
		await first.waitFor('What is the project called?');
		await until(() => savedSince(first.text(), 0), 'the first save');
		const refused = spawnCli(CLI, ['resume', 'todo-app'], folder);
		expect(await refused.exited).toBe(1);
		expect(refused.text()).toContain(`.pg-designer/sessions/todo-app.json is open in another pg-designer (process ${first.pid} on`);
		expect(refused.text()).toContain('Finish or quit that one first.');
		first.kill('SIGKILL');
		await first.exited;
		const after = spawnCli(CLI, ['resume', 'todo-app'], folder);
		live = after;
		await after.waitFor('What is the project called?');
	}, 60_000);
});


describe('an export killed at random points', () => {
	it('leaves the old folder or the new one, never a mix, and no temporary folder once recovered', async () => {
		const seed = Number(process.env.PGD_KILL_SEED ?? 20261207);
		const next = seededRandom(seed + 1);
		const todo = JSON.parse(await readFile(new URL('../../examples/shop.json', import.meta.url), 'utf8'));
		await writeFile(path.join(folder, 'v1.json'), JSON.stringify(todo));
		await writeFile(path.join(folder, 'v2.json'), JSON.stringify({...todo, project: {...todo.project, description: 'the second version'}}));
		const pristine = path.join(folder, 'pristine');
		await run(process.execPath, [CLI, 'export', 'v1.json', '--out', pristine, '--no-validate'], {cwd: folder});
		await writeFile(path.join(pristine, 'NOTES.md'), 'mine, kept by every export\n');
		const old = await textsUnder(pristine);
		// The new folder, from an export that ran to the end.
		const whole = path.join(folder, 'whole');
		await cp(pristine, whole, {recursive: true});
		const started = Date.now();
		await run(process.execPath, [CLI, 'export', 'v2.json', '--out', whole, '--no-validate'], {cwd: folder});
		const duration = Date.now() - started;
		const fresh = await textsUnder(whole);
		expect(fresh.get(MANIFEST)).not.toBe(old.get(MANIFEST));

		const db = path.join(folder, 'db');
		const outcomes = {old: 0, new: 0};
		const points = 16;
		for (let point = 0; point < points; point++) {
			await rm(db, {recursive: true, force: true});
			await cp(pristine, db, {recursive: true});
			const child = spawn(process.execPath, [CLI, 'export', 'v2.json', '--out', db, '--no-validate'], {cwd: folder, stdio: 'ignore'});
			const exited = new Promise((resolve) => child.once('exit', resolve));
			// Most kills aim at the end of the run, where the folder is written and swapped.
			await sleep(Math.floor(duration * (0.5 + 0.6 * next())));
			child.kill('SIGKILL');
			await exited;
			await recoverArtifactFolder(db);
			const now = await textsUnder(db);
			const isOld = JSON.stringify([...now].sort()) === JSON.stringify([...old].sort());
			const isNew = JSON.stringify([...now].sort()) === JSON.stringify([...fresh].sort());
			expect(isOld || isNew, `seed ${seed}, kill ${point}: the folder is neither the old one nor the new one`).toBe(true);
			outcomes[isOld ? 'old' : 'new']++;
			expect((await readdir(folder)).filter((name) => name.startsWith('.db.'))).toEqual([]);
		}
		console.log(`kill.test: ${points} export kills, ${outcomes.old} left the old folder, ${outcomes.new} the new one`);
	}, 240_000);

	it('puts the folder back when the kill fell between moving the old one aside and the new one in', async () => {
		const db = path.join(folder, 'db');
		await run(process.execPath, [CLI, 'export', 'examples/todo.json', '--out', db, '--no-validate'], {cwd: path.resolve(CLI, '..', '..')});
		const old = await textsUnder(db);
		// The state a kill leaves there: the old folder moved aside, the new one complete beside it.
		const dead = spawn(process.execPath, ['-e', '0']);
		await new Promise((resolve) => dead.once('exit', resolve));
		await cp(db, path.join(folder, `.db.new-${dead.pid}-0a1b2c3d`), {recursive: true});
		await writeFile(path.join(folder, `.db.new-${dead.pid}-0a1b2c3d`, 'README.md'), 'half');
		await cp(db, path.join(folder, `.db.old-${dead.pid}-0a1b2c3d`), {recursive: true});
		await rm(db, {recursive: true});
		// The next check (or export) puts it back first.
		const {stdout} = await run(process.execPath, [CLI, 'check', db, '--sample-rows', '200'], {cwd: folder});
		expect(stdout).toContain('every check passed');
		expect(await textsUnder(db)).toEqual(old);
		expect((await readdir(folder)).filter((name) => name.startsWith('.db.'))).toEqual([]);
	}, 120_000);
});
