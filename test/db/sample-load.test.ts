/**
 * The volume load sets the per-row foreign-key triggers aside only where that changes nothing but
 * speed (a superuser, no trigger of the user's own on INSERT), and then proves every foreign key
 * for all rows at once; anywhere else it loads with the triggers, as a plain INSERT would.
 */
import {randomBytes} from 'node:crypto';
import pg from 'pg';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {Database} from '../../source/db/database.js';
import {serverProvider} from '../../source/db/pg-server.js';
import {loadSampleData, SampleLoadError} from '../../source/db/sample-load.js';
import {deriveDesign} from '../../source/engine/derive.js';
import {brokenReferencesQueries} from '../../source/engine/sample-data.js';
import {renderIndexesSql, renderSchemaSql} from '../../templates/schema-sql.js';
import {serverUrl, testServer} from '../helpers/pg.js';
import {example} from '../helpers/sessions.js';

const url = serverUrl();
const COUNTS = new Map([['users', 300], ['tasks', 3000], ['tags', 600], ['task_tags', 3000]]);

describe.skipIf(!url)('loading the volume sample data', () => {
	const design = deriveDesign(example('todo'));
	const role = `pgd_loader_${randomBytes(4).toString('hex')}`;
	let admin: pg.Client;
	const open: Database[] = [];

	async function fresh(as?: string): Promise<Database> {
		const server = testServer();
		const connectionString = as ? Object.assign(new URL(server.connectionString), {username: as}).toString() : server.connectionString;
		const db = await serverProvider({...server, connectionString}).create();
		open.push(db);
		await db.exec(`${renderSchemaSql(design)}\n${renderIndexesSql(design)}`);
		return db;
	}

	async function count(db: Database, sql: string): Promise<number> {
		const [row] = await db.query<{n: string}>(sql);
		return Number(row!.n);
	}

	beforeAll(async () => {
		admin = new pg.Client({connectionString: url!});
		await admin.connect();
		await admin.query(`CREATE ROLE ${role} LOGIN CREATEDB`);
	});
	afterAll(async () => {
		for (const db of open) await db.close().catch(() => undefined);
		await admin.query(`DROP ROLE IF EXISTS ${role}`);
		await admin.end();
	});

	it('as a superuser: without the per-row triggers, every key still holding, the setting put back', async () => {
		const db = await fresh();
		const loaded: string[] = [];
		const {bulk} = await loadSampleData(db, design, COUNTS, 3, ({table}) => void loaded.push(table));
		expect(bulk).toBe(true);
		expect(loaded).toEqual(['users', 'tasks', 'tags', 'task_tags']);
		expect(await count(db, `SELECT count(*) AS n FROM tasks`)).toBe(3000);
		for (const query of brokenReferencesQueries(design).values()) {
			for (const row of await db.query<{broken: string}>(query)) expect(Number(row.broken)).toBe(0);
		}
		const [setting] = await db.query<{role: string}>(`SELECT current_setting('session_replication_role') AS role`);
		expect(setting!.role).toBe('origin');
	});

	it('the set-wise check finds a row whose parent is missing', async () => {
		const db = await fresh();
		await loadSampleData(db, design, COUNTS, 3);
		await db.exec(`SET session_replication_role = replica; DELETE FROM users WHERE id = (SELECT user_id FROM tasks LIMIT 1); RESET session_replication_role`);
		const [broken] = await db.query<{reference: string; broken: string}>(brokenReferencesQueries(design).get('tasks')!);
		expect(broken!.reference).toBe('tasks_user_id_fkey');
		expect(Number(broken!.broken)).toBeGreaterThan(0);
	});

	it("with a trigger of the user's own on INSERT: loads with every trigger, and the trigger sees each row", async () => {
		const db = await fresh();
		await db.exec(`CREATE FUNCTION shout() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.title := upper(NEW.title); RETURN NEW; END $$;
			CREATE TRIGGER tasks_shout BEFORE INSERT ON tasks FOR EACH ROW EXECUTE FUNCTION shout();`);
		const {bulk} = await loadSampleData(db, design, COUNTS, 3);
		expect(bulk).toBe(false);
		expect(await count(db, `SELECT count(*) AS n FROM tasks WHERE title <> upper(title)`)).toBe(0);
	});

	it('as a user who may not set session_replication_role: loads with the triggers', async () => {
		const db = await fresh(role);
		const {bulk} = await loadSampleData(db, design, COUNTS, 3);
		expect(bulk).toBe(false);
		expect(await count(db, `SELECT count(*) AS n FROM tasks`)).toBe(3000);
	});

	it('names the table when a statement fails', async () => {
		const db = await fresh();
		await db.exec(`ALTER TABLE tags ADD CONSTRAINT tags_never CHECK (false)`);
		const failure = await loadSampleData(db, design, COUNTS, 3).catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(SampleLoadError);
		expect((failure as SampleLoadError).table).toBe('tags');
		expect((failure as Error).message).toMatch(/^tags: .*tags_never/);
	});
});
