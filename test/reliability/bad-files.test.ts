/**
 * Bad session files are reported, not trusted: each gets a message with the path (and the field,
 * where one is wrong), through every door a session comes in by (export, lint, resume, the list of
 * saved sessions); nothing is written, and the file is left exactly as it was.
 */
import {execFile} from 'node:child_process';
import {lstat, mkdir, mkdtemp, readFile, readlink, rm, symlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {listSessions} from '../../source/store/session-folder.js';
import {spawnCli} from '../helpers/pty.js';

const run = promisify(execFile);
const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;
const todoText = await readFile(new URL('../../examples/todo.json', import.meta.url), 'utf8');
const todo = JSON.parse(todoText);

/** Each bad file: its text (or a link target), and what the message must say. */
const BAD: readonly {name: string; text?: string; link?: string; says: readonly string[]}[] = [
	{name: 'corrupt', text: '{"version": 1, "project": {"name": "corrupt",, }', says: ['not valid JSON']},
	{name: 'truncated', text: todoText.slice(0, Math.floor(todoText.length / 2)), says: ['not valid JSON']},
	{name: 'empty', text: '', says: ['not valid JSON']},
	{name: 'wrong-type', text: JSON.stringify({...todo, project: {name: 'wrong-type'}, entities: [{...todo.entities[0], fields: [todo.entities[0].fields[0], {...todo.entities[0].fields[1], type: 42}]}, ...todo.entities.slice(1)]}), says: ['entities[0].fields[1].type']},
	{name: 'negative-volume', text: JSON.stringify({...todo, project: {name: 'negative-volume'}, entities: todo.entities.map((entity: {name: string}) => ({...entity, volume: -5}))}), says: ['entities[0].volume']},
	{name: 'future', text: JSON.stringify({...todo, version: 99}), says: ['made by a newer pg-designer (session version 99)']},
	{name: 'other-tool', text: JSON.stringify({name: 'my-app', version: '1.0.0', dependencies: {}}), says: ['not a pg-designer session']},
	{name: 'array', text: '[1, 2, 3]', says: ['not a pg-designer session (expected a JSON object)']},
	{name: 'linked', link: '/etc/hostname', says: ['a symbolic link to /etc/hostname']},
];

let folder: string;
beforeEach(async () => {
	folder = await mkdtemp(path.join(tmpdir(), 'pgd-bad-'));
});
afterEach(async () => {
	await rm(folder, {recursive: true, force: true});
});

async function place(file: string, bad: (typeof BAD)[number]): Promise<() => Promise<void>> {
	await mkdir(path.dirname(file), {recursive: true});
	if (bad.link) await symlink(bad.link, file);
	else await writeFile(file, bad.text!);
	const link = bad.link;
	const text = bad.text;
	// What "left exactly as it was" checks: the same bytes, or the same link to the same place.
	return async () => {
		if (link) {
			expect((await lstat(file)).isSymbolicLink()).toBe(true);
			expect(await readlink(file)).toBe(link);
		} else {
			expect(await readFile(file, 'utf8')).toBe(text);
		}
	};
}

describe('bad session files', () => {
	it.each(BAD.map((bad) => [bad.name, bad] as const))('%s: export and lint say what is wrong with which file, and write nothing', async (_name, bad) => {
		const file = path.join(folder, `${bad.name}.json`);
		const unchanged = await place(file, bad);
		for (const command of [
			['export', file, '--out', path.join(folder, 'out'), '--no-validate'],
			['lint', file],
		]) {
			const failed = await run(process.execPath, [CLI, ...command], {cwd: folder}).then(
				() => undefined,
				(error: {code: number; stderr: string}) => error,
			);
			expect(failed?.code, `${command[0]} ${bad.name}`).toBe(1);
			expect(failed!.stderr).toContain(file);
			for (const part of bad.says) expect(failed!.stderr).toContain(part);
			expect(failed!.stderr).not.toMatch(/\n\s+at /);
		}
		await expect(lstat(path.join(folder, 'out'))).rejects.toThrow();
		await unchanged();
	});

	it('in the session folder: listed with the reason, refused on resume, never overwritten', async () => {
		const sessions = path.join(folder, '.pg-designer', 'sessions');
		const checks = [];
		for (const bad of BAD) checks.push(await place(path.join(sessions, `${bad.name}.json`), bad));
		const listed = await listSessions(path.join(folder, '.pg-designer'));
		for (const bad of BAD) {
			const entry = listed.find((candidate) => candidate.name === bad.name);
			expect(entry?.session, bad.name).toBeUndefined();
			for (const part of bad.says) expect(entry?.problem, bad.name).toContain(part.replace(/ \(expected a JSON object\)$/, ''));
		}
		for (const bad of [BAD[0]!, BAD[3]!, BAD.at(-1)!]) {
			const wizard = spawnCli(CLI, ['resume', bad.name], folder);
			expect(await wizard.exited, bad.name).toBe(1);
			expect(wizard.text()).toContain(path.join('.pg-designer', 'sessions', `${bad.name}.json`));
			for (const part of bad.says) expect(wizard.text()).toContain(part);
		}
		for (const unchanged of checks) await unchanged();
	}, 60_000);
});
