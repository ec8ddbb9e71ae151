import {execFile} from 'node:child_process';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {deriveDesign} from '../../source/engine/derive.js';
import type {Design} from '../../source/model/design.js';
import {renderInitialMigration} from '../../templates/migrations.js';
import {arbitrarySession} from '../helpers/arbitrary-session.js';
import {createThrowawayDatabase, serverUrl} from '../helpers/pg.js';
import {example} from '../helpers/sessions.js';

const SQUAWK = new URL('../../node_modules/@squawk-cli/linux-x64/bin/squawk', import.meta.url).pathname;

/** Squawk's findings on the design's migrations, one per line (empty when clean). */
async function squawk(design: Design): Promise<string> {
	const folder = await mkdtemp(path.join(tmpdir(), 'pgd-squawk-'));
	try {
		const files = [];
		for (const migration of renderInitialMigration(design)) {
			const file = path.join(folder, path.basename(migration.path));
			await writeFile(file, migration.text);
			files.push(file);
		}
		try {
			const {stdout} = await promisify(execFile)(SQUAWK, ['--reporter', 'gcc', ...files]);
			return stdout.trim();
		} catch (error) {
			return String((error as {stdout?: string}).stdout ?? error).trim();
		}
	} finally {
		await rm(folder, {recursive: true, force: true});
	}
}

describe('the first migration', () => {
	it('sets timeouts, runs in a transaction and guards every statement', () => {
		const [up, down] = renderInitialMigration(deriveDesign(example('todo')));
		const upLines = up!.text.split('\n');
		expect(upLines.slice(5, 8)).toEqual(['BEGIN;', "SET LOCAL lock_timeout = '5s';", "SET LOCAL statement_timeout = '60s';"]);
		expect(upLines.filter((line) => line.startsWith('CREATE TABLE') || line.startsWith('CREATE INDEX') || line.startsWith('CREATE UNIQUE INDEX')).every((line) => line.includes('IF NOT EXISTS'))).toBe(true);
		expect(down!.text).toContain("IF coalesce(current_setting('pg_designer.allow_data_loss', true), '') = 'on' THEN");
		expect(down!.text.split('\n').filter((line) => line.startsWith('DROP TABLE'))).toEqual([
			'DROP TABLE IF EXISTS task_tags;',
			'DROP TABLE IF EXISTS tags;',
			'DROP TABLE IF EXISTS tasks;',
			'DROP TABLE IF EXISTS users;',
		]);
	});

	it('passes Squawk for every example', async () => {
		for (const name of ['todo', 'saas', 'shop'] as const) expect(await squawk(deriveDesign(example(name)))).toBe('');
	});

	it('passes Squawk for random sessions (property)', async () => {
		await fc.assert(
			fc.asyncProperty(arbitrarySession('squawked'), async (session) => {
				expect(await squawk(deriveDesign(session))).toBe('');
			}),
			{numRuns: 25, seed: Number(process.env.PROPERTY_SEED ?? 20261126)},
		);
	});

	describe.skipIf(!serverUrl())('on PostgreSQL', () => {
		it('refuses to drop tables that hold rows unless data loss is allowed', async () => {
			const design = deriveDesign(example('todo'));
			const [up, down] = renderInitialMigration(design);
			const database = await createThrowawayDatabase(serverUrl()!);
			try {
				await database.client.query(up!.text);
				await database.client.query(`INSERT INTO users (email, name, password_hash) VALUES ('a@example.com', 'A', 'x')`);
				await expect(database.client.query(down!.text)).rejects.toThrow('refusing to drop table users: it holds rows that this migration would destroy');
				await database.client.query('ROLLBACK');
				expect((await database.client.query('SELECT count(*)::int AS count FROM users')).rows).toEqual([{count: 1}]);
				await database.client.query('SET pg_designer.allow_data_loss = on');
				await database.client.query(down!.text);
				expect((await database.client.query(`SELECT to_regclass('users') AS users`)).rows).toEqual([{users: null}]);
			} finally {
				await database.drop();
			}
		});
	});
});
