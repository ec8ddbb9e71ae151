import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {loadSession, saveSession} from '../../source/store/session-file.js';
import {rejection} from '../helpers/rejection.js';

let folder: string;
beforeEach(async () => {
	folder = await mkdtemp(path.join(tmpdir(), 'pgd-store-'));
});
afterEach(async () => {
	await rm(folder, {recursive: true, force: true});
});

async function sessionFile(content: string): Promise<string> {
	const file = path.join(folder, 'session.json');
	await writeFile(file, content);
	return file;
}

describe('loadSession', () => {
	it('loads an example and fills in defaults', async () => {
		const session = await loadSession('examples/todo.json');
		expect(session.project.name).toBe('todo-app');
		expect(session.indexes).toEqual({add: [], drop: []});
	});

	it('names the file when the JSON is corrupt', async () => {
		const file = await sessionFile('{"version": 1, "project": ');
		await expect(loadSession(file)).rejects.toThrow(`store: reading ${file}: not valid JSON`);
	});

	it('names the field and the rule for a wrong value', async () => {
		const file = await sessionFile(JSON.stringify({version: 1, project: {name: 'x'}, entities: [{name: 'user', fields: [{name: 'email', type: 'emale'}]}]}));
		const error = await rejection(loadSession(file));
		expect(error.message).toContain(`store: reading ${file}: 2 problems:`);
		expect(error.message).toContain('entities[0].name: "user" is a reserved word');
		expect(error.message).toContain('entities[0].fields[0].type: Invalid option');
	});

	it('refuses a session of a newer version, and a file from another tool', async () => {
		await expect(loadSession(await sessionFile(JSON.stringify({version: 2, project: {name: 'x'}})))).rejects.toThrow(
			/made by a newer pg-designer \(session version 2\); this one reads version 1/,
		);
		await expect(loadSession(await sessionFile(JSON.stringify({name: 'my-app', dependencies: {}})))).rejects.toThrow(/not a pg-designer session \(it has no "version" field\)/);
	});

	it('says when the file is missing', async () => {
		await expect(loadSession(path.join(folder, 'nope.json'))).rejects.toThrow(/no such file/);
	});

	it('reports contradictions between answers', async () => {
		const file = await sessionFile(
			JSON.stringify({
				version: 1,
				project: {name: 'x'},
				entities: [{name: 'users'}, {name: 'tasks'}],
				relationships: [{kind: 'one-to-many', parent: 'users', child: 'tasks', required: true, onDelete: 'set-null'}],
				isolation: {mode: 'tenant'},
			}),
		);
		const error = await rejection(loadSession(file));
		expect(error.message).toContain('relationships[0].onDelete: tasks -> users is required (NOT NULL), so ON DELETE SET NULL cannot work');
		expect(error.message).toContain('isolation.owner: Per-tenant isolation needs a tenant entity (tenants): add one, or choose per user.');
	});
});

describe('saveSession', () => {
	it('writes atomically and leaves no temporary file', async () => {
		const session = await loadSession('examples/todo.json');
		const file = path.join(folder, 'saved.json');
		await saveSession(file, session);
		expect(JSON.parse(await readFile(file, 'utf8')).project.name).toBe('todo-app');
		const {readdir} = await import('node:fs/promises');
		expect(await readdir(folder)).toEqual(['saved.json']);
	});
});
