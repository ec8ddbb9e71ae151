import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {deriveDesign} from '../../source/engine/derive.js';
import {sampleDataCleanup, sampleDataScripts} from '../../source/engine/sample-data.js';
import {renderIndexesSql, renderSchemaSql} from '../../templates/schema-sql.js';
import {createThrowawayDatabase, serverUrl, type ThrowawayDatabase} from '../helpers/pg.js';
import {example} from '../helpers/sessions.js';

const url = serverUrl();

describe.skipIf(!url)('sample data at volume, on the server', () => {
	const design = deriveDesign(example('todo'));
	let database: ThrowawayDatabase;
	beforeAll(async () => {
		database = await createThrowawayDatabase(url!);
		await database.client.query(renderSchemaSql(design));
		await database.client.query(renderIndexesSql(design));
		const counts = new Map([['users', 200], ['tasks', 5000], ['tags', 1000], ['task_tags', 2000]]);
		for (const script of sampleDataScripts(design, counts, 7)) await database.client.query(script.sql);
		await database.client.query(sampleDataCleanup(design));
	}, 60_000);
	afterAll(async () => {
		await database?.drop();
	});

	it('loads about the rows asked for, every constraint holding', async () => {
		const {rows} = await database.client.query<{users: string; tasks: string; task_tags: string}>(
			'SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM tasks) AS tasks, (SELECT count(*) FROM task_tags) AS task_tags',
		);
		expect(Number(rows[0]!.users)).toBe(200);
		expect(Number(rows[0]!.tasks)).toBe(5000);
		expect(Number(rows[0]!.task_tags)).toBeGreaterThan(1000);
	});

	it('writes text of realistic length: padded up to a minimum, never cut down to it', async () => {
		// tasks.title must be 1 to 500 characters: the rows hold words, not single letters.
		const {rows} = await database.client.query<{shortest: number; average: string}>('SELECT min(char_length(title)) AS shortest, avg(char_length(title)) AS average FROM tasks');
		expect(rows[0]!.shortest).toBeGreaterThanOrEqual(5);
		expect(Number(rows[0]!.average)).toBeGreaterThan(10);
	});

	it('skews owners: a few users own many more tasks than the average', async () => {
		const {rows} = await database.client.query<{most: string}>('SELECT max(cnt) AS most FROM (SELECT count(*) AS cnt FROM tasks GROUP BY user_id) AS per_user');
		expect(Number(rows[0]!.most)).toBeGreaterThan(3 * (5000 / 200));
	});

	it('leaves no temporary key tables behind', async () => {
		const {rows} = await database.client.query("SELECT relname FROM pg_class WHERE relname LIKE 'pgd\\_%' AND relpersistence = 't'");
		expect(rows).toEqual([]);
	});
});
