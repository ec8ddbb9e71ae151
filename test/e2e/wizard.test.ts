import {execFile} from 'node:child_process';
import {mkdtemp, readdir, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {KEY} from '../helpers/ink.js';
import {spawnCli, type PtySession} from '../helpers/pty.js';
import {TODO_PROMPTS} from '../helpers/todo-prompts.js';

const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;


let folder: string;
let session: PtySession | undefined;
beforeEach(async () => {
	folder = await mkdtemp(path.join(tmpdir(), 'pgd-e2e-'));
});
afterEach(async () => {
	session?.kill('SIGKILL');
	await rm(folder, {recursive: true, force: true});
});

async function answer(run: PtySession, prompts: readonly string[]): Promise<number> {
	let presses = 0;
	for (const prompt of prompts) {
		await run.press(KEY.enter);
		presses++;
		await run.waitFor(prompt);
	}
	return presses;
}

describe('the wizard in a real terminal', () => {
	it('goes from a blank start through all five phases to a folder that pg-designer check passes', async () => {
		const run = spawnCli(CLI, [], folder);
		session = run;
		await run.waitFor('What do you want to do?');
		let presses = await answer(run, TODO_PROMPTS);
		await run.press(KEY.enter);
		presses++;
		await run.waitFor('Every file ran on PGlite', 60_000);
		presses += await answer(run, ['Write the folder where?', 'Wrote ./db: 12 files.', 'How many application instances', 'How many workers', 'How many CPU cores', 'A connection pooler', 'pool 10 per instance']);
		await run.press(KEY.enter);
		presses++;
		await run.waitFor('Finished todo-app: the folder is ./db.');
		expect(await run.exited).toBe(0);
		expect(presses).toBe(32);
		expect((await readdir(path.join(folder, 'db'))).sort()).toContain('plans.md');
		expect(await readFile(path.join(folder, 'db', 'plans.md'), 'utf8')).toContain('Measured on PGlite');
		const {stdout} = await promisify(execFile)(process.execPath, [CLI, 'check', 'db', '--sample-rows', '5000'], {cwd: folder});
		expect(stdout).toContain('db: every check passed on PGlite');
	});

	it('loses nothing when killed mid-way: resume continues at the last answered step', async () => {
		const first = spawnCli(CLI, [], folder);
		session = first;
		await first.waitFor('What do you want to do?');
		await answer(first, TODO_PROMPTS.slice(0, 1));
		// Ctrl-U clears the line; then a new name.
		await first.press('\u0015');
		// Keys sent before the cleared line is drawn can be lost (STACK.md): wait for it.
		await first.waitFor('> _');
		for (const character of 'chores') await first.press(character);
		await first.press(KEY.enter);
		await first.waitFor('Which entities does the design hold?');
		await first.press(KEY.escape);
		await first.waitFor('What is the project called?');
		// Nothing more answered: kill it hard, as a crash would.
		first.kill('SIGKILL');
		await first.exited;
		const second = spawnCli(CLI, ['resume', 'chores'], folder);
		session = second;
		await second.waitFor('What is the project called?');
		expect(second.text()).toContain('chores');
		await second.press('\u0003');
		await second.waitFor('Resume with:');
		expect(second.text()).toContain('Saved chores at 1 Requirements, step 1 of 15.');
		expect(await second.exited).toBe(130);
		expect(await readdir(path.join(folder, '.pg-designer', 'sessions'))).toEqual(['chores.json']);
	});

	it('keeps keys typed the moment the first screen appears, while the rest of the wizard loads', async () => {
		const run = spawnCli(CLI, [], folder);
		session = run;
		await run.waitFor('What do you want to do?');
		// Down twice and Enter in one write: the third preset (Multi-user todo, Blog, Multi-tenant SaaS).
		await run.press(`${KEY.down}${KEY.down}${KEY.enter}`);
		await run.waitFor('What is the project called?');
		expect(run.text()).toContain('saas-app');
	});

	it('says what to do instead when the terminal is not one', async () => {
		const result = await promisify(execFile)(process.execPath, [CLI], {cwd: folder}).catch((error: {code: number; stderr: string}) => error);
		expect(result).toMatchObject({code: 1, stderr: expect.stringContaining('the wizard needs a terminal')});
	});
});
