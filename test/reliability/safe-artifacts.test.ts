/**
 * Generated artifacts are safe to run, proven with psql on the server as a user would run them:
 * verify.sql leaves every row and every object as it was; every down migration (the first one and
 * one a later export adds) refuses to drop a table or column holding rows unless the documented
 * switch is on, and then leaves nothing behind. (That verify.sql proves Row-Level Security hides
 * another owner's rows is tested in test/templates/verify-sql.test.ts, with a broken policy.)
 */
import {execFile} from 'node:child_process';
import {mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createThrowawayDatabase, serverUrl, type ThrowawayDatabase} from '../helpers/pg.js';

const run = promisify(execFile);
const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;
const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;
const url = serverUrl();

/** psql -f, stopping at the first error; rejects with psql's stderr. */
async function psql(database: ThrowawayDatabase, file: string, env: Record<string, string> = {}): Promise<string> {
	const {stdout} = await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', database.url, '-f', file], {env: {...process.env, ...env}}).catch((error: {stderr: string}) => {
		throw new Error(error.stderr);
	});
	return stdout;
}

/** Every row of every user table, and the schema as pg_dump prints it. */
async function fingerprint(database: ThrowawayDatabase): Promise<{rows: Record<string, string>; schema: string}> {
	const {rows: tables} = await database.client.query<{name: string}>(`SELECT format('%I.%I', schemaname, relname) AS name FROM pg_stat_user_tables ORDER BY 1`);
	const rows: Record<string, string> = {};
	for (const {name} of tables) {
		const {rows: [digest]} = await database.client.query<{digest: string}>(`SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') AS digest FROM ${name} AS t`);
		rows[name] = digest!.digest;
	}
	const {stdout} = await run('pg_dump', ['-s', '--no-owner', '-d', database.url]);
	// pg_dump 15.14+ brackets its output with a random \restrict key: not part of the schema.
	return {rows, schema: stdout.replace(/^\\(un)?restrict .*$/gm, '')};
}

describe.skipIf(!url)('artifacts safe to run', () => {
	let folder: string;
	beforeAll(async () => {
		folder = await mkdtemp(path.join(tmpdir(), 'pgd-safe-'));
	});
	afterAll(async () => {
		await rm(folder, {recursive: true, force: true});
	});

	it.each(['todo', 'saas', 'shop', 'blog'])('%s: verify.sql leaves every row and object as it was; the down refuses while tables hold rows', async (name) => {
		const db = path.join(folder, name);
		await run(process.execPath, [CLI, 'export', path.join(EXAMPLES, `${name}.json`), '--out', db, '--no-validate']);
		const database = await createThrowawayDatabase(url!);
		try {
			await psql(database, path.join(db, 'migrations', '0001_init.up.sql'));
			await psql(database, path.join(db, 'seed.sql'));
			const seeded = await fingerprint(database);
			expect(Object.values(seeded.rows).some((digest) => !digest.startsWith('0:'))).toBe(true);

			await psql(database, path.join(db, 'verify.sql'));
			expect(await fingerprint(database)).toEqual(seeded);

			const down = path.join(db, 'migrations', '0001_init.down.sql');
			await expect(psql(database, down)).rejects.toThrow(/refusing to drop table \w+: it holds rows that this migration would destroy/);
			expect(await fingerprint(database)).toEqual(seeded);
			await psql(database, down, {PGOPTIONS: '-c pg_designer.allow_data_loss=on'});
			const {rows} = await database.client.query<{left: string}>(`SELECT count(*)::text AS left FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'i')`);
			expect(rows[0]!.left).toBe('0');
		} finally {
			await database.drop();
		}
	}, 120_000);

	it('a later migration\'s down refuses to drop the table and the column it added while they hold rows', async () => {
		const first = JSON.parse(await readFile(path.join(EXAMPLES, 'todo.json'), 'utf8'));
		const second = {
			...first,
			entities: [
				...first.entities.map((entity: {name: string; fields: unknown[]}) => (entity.name === 'tags' ? {...entity, fields: [...entity.fields, {name: 'color', type: 'text', required: false}]} : entity)),
				{name: 'notes', fields: [{name: 'body', type: 'text'}]},
			],
		};
		await writeFile(path.join(folder, 'v1.json'), JSON.stringify(first));
		await writeFile(path.join(folder, 'v2.json'), JSON.stringify(second));
		const db = path.join(folder, 'evolved');
		await run(process.execPath, [CLI, 'export', path.join(folder, 'v1.json'), '--out', db, '--no-validate']);
		await run(process.execPath, [CLI, 'export', path.join(folder, 'v2.json'), '--out', db, '--no-validate']);
		const database = await createThrowawayDatabase(url!);
		try {
			await psql(database, path.join(db, 'migrations', '0001_init.up.sql'));
			const second = (await readdir(path.join(db, 'migrations'))).filter((file) => file.startsWith('0002_')).sort();
			expect(second).toEqual(['0002_add_tags_color_create_notes.down.sql', '0002_add_tags_color_create_notes.up.sql']);
			await psql(database, path.join(db, 'migrations', second[1]!));
			const {rows: [user]} = await database.client.query<{id: string}>(`INSERT INTO users (email, name, password_hash) VALUES ('a@example.com', 'A', 'x') RETURNING id`);
			await database.client.query(`INSERT INTO tags (user_id, name) VALUES ($1, 'home')`, [user!.id]);
			await database.client.query(`INSERT INTO notes (user_id, body) VALUES ($1, 'keep me')`, [user!.id]);
			const down = path.join(db, 'migrations', second[0]!);
			await expect(psql(database, down)).rejects.toThrow(/refusing to drop table notes/);
			expect((await database.client.query('SELECT body FROM notes')).rows).toEqual([{body: 'keep me'}]);
			// tags has a row but color holds no value: dropping the column loses nothing, and is not what
			// stopped the down. Once a value is written to it, the column is refused too.
			await database.client.query(`DELETE FROM notes`);
			await database.client.query(`UPDATE tags SET color = 'red'`);
			await expect(psql(database, down)).rejects.toThrow(/refusing to drop column tags\.color: it holds values/);
			expect((await database.client.query('SELECT color FROM tags')).rows).toEqual([{color: 'red'}]);
			await database.client.query(`UPDATE tags SET color = NULL`);
			await database.client.query(`INSERT INTO notes (user_id, body) VALUES ($1, 'again')`, [user!.id]);
			await expect(psql(database, down)).rejects.toThrow(/refusing to drop table notes/);
			await psql(database, down, {PGOPTIONS: '-c pg_designer.allow_data_loss=on'});
			expect((await database.client.query(`SELECT to_regclass('notes') AS notes, (SELECT count(*) FROM pg_attribute WHERE attrelid = 'tags'::regclass AND attname = 'color')::int AS color`)).rows).toEqual([{notes: null, color: 0}]);
		} finally {
			await database.drop();
		}
	}, 120_000);
});
