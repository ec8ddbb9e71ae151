import {mkdir, mkdtemp, readdir, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {PRESETS} from '../../flows/presets.js';
import {listSessions, sessionKeeper} from '../../source/store/session-folder.js';

let folder: string;
beforeEach(async () => {
	folder = await mkdtemp(path.join(tmpdir(), 'pgd-sessions-'));
});
afterEach(async () => {
	await rm(folder, {recursive: true, force: true});
});

const todo = PRESETS[0]!.session;

describe('the session folder', () => {
	it('saves a session per project, and moves the file when the project is renamed', async () => {
		const {save} = sessionKeeper(folder);
		expect(await save(todo)).toBe(path.join(folder, 'sessions', 'todo-app.json'));
		await save({...todo, project: {...todo.project, name: 'chores'}});
		// The file moved, and its lock with it.
		expect((await readdir(path.join(folder, 'sessions'))).sort()).toEqual(['chores.json', 'chores.json.lock']);
	});

	it('lists saved sessions with where they stand, and unreadable ones with why, without touching them', async () => {
		const keeper = sessionKeeper(folder);
		await keeper.save({...todo, wizard: {step: 'review-indexes'}});
		await keeper.release();
		await writeFile(path.join(folder, 'sessions', 'broken.json'), '{"version": 1, "project": ');
		await writeFile(path.join(folder, 'sessions', 'future.json'), JSON.stringify({version: 9, project: {name: 'future'}}));
		const entries = await listSessions(folder);
		expect(entries.map((entry) => [entry.name, entry.summary || entry.problem]).sort()).toEqual([
			['broken', expect.stringContaining('not valid JSON')],
			['future', 'made by a newer pg-designer (session version 9); this one reads version 1'],
			['todo-app', '3 Indexes'],
		]);
		expect((await readdir(path.join(folder, 'sessions'))).sort()).toEqual(['broken.json', 'future.json', 'todo-app.json']);
	});

	it('lists nothing when the folder does not exist yet', async () => {
		expect(await listSessions(path.join(folder, 'missing'))).toEqual([]);
		await mkdir(path.join(folder, 'empty', 'sessions'), {recursive: true});
		expect(await listSessions(path.join(folder, 'empty'))).toEqual([]);
	});
});
