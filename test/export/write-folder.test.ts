import {mkdir, mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {MANIFEST, writeArtifactFolder} from '../../source/export/write-folder.js';

let root: string;
beforeEach(async () => {
	root = await mkdtemp(path.join(tmpdir(), 'pgd-export-'));
});
afterEach(async () => {
	await rm(root, {recursive: true, force: true});
});

const files = (version: string) =>
	new Map([
		['schema.sql', `-- schema ${version}\n`],
		['migrations/0001_init.up.sql', `-- up ${version}\n`],
	]);

describe('writeArtifactFolder', () => {
	it('writes every file and a manifest of hashes, leaving nothing temporary beside it', async () => {
		const out = path.join(root, 'db');
		await writeArtifactFolder(out, files('1'));
		expect(await readFile(path.join(out, 'schema.sql'), 'utf8')).toBe('-- schema 1\n');
		expect(await readFile(path.join(out, 'migrations/0001_init.up.sql'), 'utf8')).toBe('-- up 1\n');
		const manifest = JSON.parse(await readFile(path.join(out, MANIFEST), 'utf8'));
		expect(Object.keys(manifest.files).sort()).toEqual(['migrations/0001_init.up.sql', 'schema.sql']);
		expect(await readdir(root)).toEqual(['db']);
	});

	it('replaces its own files on the next export and keeps the user\'s other files', async () => {
		const out = path.join(root, 'db');
		await writeArtifactFolder(out, files('1'));
		await writeFile(path.join(out, 'NOTES.txt'), 'mine');
		await writeArtifactFolder(out, files('2'));
		expect(await readFile(path.join(out, 'schema.sql'), 'utf8')).toBe('-- schema 2\n');
		expect(await readFile(path.join(out, 'NOTES.txt'), 'utf8')).toBe('mine');
		expect(await readdir(root)).toEqual(['db']);
	});

	it('refuses to overwrite a file edited since the last export, and writes nothing', async () => {
		const out = path.join(root, 'db');
		await writeArtifactFolder(out, files('1'));
		await writeFile(path.join(out, 'schema.sql'), '-- my edit\n');
		await expect(writeArtifactFolder(out, files('2'))).rejects.toThrow(/holds files that would be overwritten \(edited since the last export: schema.sql\)/);
		expect(await readFile(path.join(out, 'schema.sql'), 'utf8')).toBe('-- my edit\n');
		expect(await readFile(path.join(out, 'migrations/0001_init.up.sql'), 'utf8')).toBe('-- up 1\n');
		expect(await readdir(root)).toEqual(['db']);
		await writeArtifactFolder(out, files('2'), {force: true});
		expect(await readFile(path.join(out, 'schema.sql'), 'utf8')).toBe('-- schema 2\n');
	});

	it('refuses to overwrite files it did not write', async () => {
		const out = path.join(root, 'db');
		await mkdir(out);
		await writeFile(path.join(out, 'schema.sql'), '-- hand-written\n');
		await expect(writeArtifactFolder(out, files('1'))).rejects.toThrow(/not written by pg-designer: schema.sql/);
		expect(await readFile(path.join(out, 'schema.sql'), 'utf8')).toBe('-- hand-written\n');
	});

	it('says so when a file stands where the folder should be', async () => {
		const out = path.join(root, 'db');
		await writeFile(out, 'not a folder');
		await expect(writeArtifactFolder(out, files('1'))).rejects.toThrow(`export: ${out} is a file, not a folder`);
		expect(await readFile(out, 'utf8')).toBe('not a folder');
	});

	it('leaves the old folder intact and no temporary folder when writing fails', async () => {
		const out = path.join(root, 'db');
		await writeArtifactFolder(out, files('1'));
		// A path that cannot be created (a file where a folder must go) makes the write fail part-way.
		const broken = new Map([...files('2'), ['schema.sql/inside', 'x']]);
		await expect(writeArtifactFolder(out, broken)).rejects.toThrow(/export: writing/);
		expect(await readFile(path.join(out, 'schema.sql'), 'utf8')).toBe('-- schema 1\n');
		expect(await readdir(root)).toEqual(['db']);
	});
});
