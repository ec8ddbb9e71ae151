import {readFileSync} from 'node:fs';
import pg from 'pg';
import {afterAll, describe, expect, it} from 'vitest';
import {deriveDesign} from '../../source/engine/derive.js';
import {quoteIdent, quoteLiteral} from '../../source/engine/sql.js';
import type {Design} from '../../source/model/design.js';
import {Session, type SessionInput} from '../../source/model/session.js';
import {renderIndexesSql, renderSchemaSql} from '../../templates/schema-sql.js';
import {buildSeed, renderSeedSql, seedCounts} from '../../templates/seed-sql.js';
import {createThrowawayDatabase, serverUrl} from '../helpers/pg.js';

/** deriveDesign takes a parsed Session; the fixtures are session input, defaults left out. */
function derive(input: SessionInput): Design {
	return deriveDesign(Session.parse(input));
}

const todo = derive(JSON.parse(readFileSync(new URL('../../examples/todo.json', import.meta.url), 'utf8')) as SessionInput);

const tiny: SessionInput = {
	version: 1,
	project: {name: 'tiny'},
	entities: [
		{
			name: 'colors',
			fields: [
				{name: 'name', type: 'text', unique: true, check: {oneOf: ['red', 'green', 'blue']}},
				{name: 'hex_color', type: 'varchar', length: 7, required: false},
			],
		},
	],
	audit: {timestamps: false},
	sampleData: {seed: 1, seedRows: 2},
};

/** Every field type, every kind of check, uuid keys, per-tenant RLS and two partitioned tables. */
const coverage: SessionInput = {
	version: 1,
	project: {name: 'seed-coverage', description: 'Every field type and check, per-tenant isolation with RLS.'},
	entities: [
		{
			name: 'tenants',
			volume: 1_000_000,
			fields: [
				{name: 'name', type: 'text', check: {minLength: 2, maxLength: 100}},
				{name: 'slug', type: 'varchar', length: 40, unique: true, check: {pattern: '^[a-z0-9]+(-[a-z0-9]+)*$'}},
			],
		},
		{
			name: 'users',
			volume: 200_000_000,
			softDelete: true,
			fields: [
				{name: 'email', type: 'email', unique: true},
				{name: 'password', type: 'password'},
				{name: 'display_name', type: 'varchar', length: 12},
				{name: 'age', type: 'int', required: false, check: {min: 13}},
				{name: 'last_login_ip', type: 'inet', required: false},
				{name: 'avatar_url', type: 'url', required: false},
				{name: 'phone', type: 'text', required: false, check: {maxLength: 20}},
			],
		},
		{
			name: 'profiles',
			volume: 200_000_000,
			fields: [
				{name: 'bio', type: 'text', required: false, check: {maxLength: 280}},
				{name: 'settings', type: 'jsonb', default: {fn: 'empty-object'}},
				{name: 'timezone', type: 'text', check: {oneOf: ['UTC', 'Europe/Paris', 'America/New_York']}},
			],
		},
		{name: 'categories', volume: 20_000_000, fields: [{name: 'name', type: 'text', unique: true, check: {minLength: 1, maxLength: 60}}]},
		{
			name: 'products',
			volume: 200_000_000,
			softDelete: true,
			search: {fields: ['name', 'description']},
			fields: [
				{name: 'sku', type: 'text', unique: true, check: {pattern: '^[A-Z]{3}-[0-9]{4}$'}},
				{name: 'name', type: 'text', check: {minLength: 3, maxLength: 120}},
				{name: 'description', type: 'text', required: false},
				{name: 'price', type: 'money'},
				{name: 'weight_kg', type: 'float', required: false, check: {min: 0, max: 500}},
				{name: 'stock', type: 'int', check: {min: 0}},
				{name: 'discount_percent', type: 'smallint', check: {max: 90}},
				{name: 'rating', type: 'numeric', precision: 3, scale: 1, required: false, check: {min: 0, max: 5}},
				{name: 'status', type: 'text', check: {oneOf: ['draft', 'active', 'retired']}},
				{name: 'pack_size', type: 'int', check: {oneOf: [1, 6, 12]}},
				{name: 'tags', type: 'text', array: true, default: {fn: 'empty-array'}},
				{name: 'attributes', type: 'jsonb', default: {fn: 'empty-object'}},
				{name: 'thumbnail', type: 'bytes', required: false},
				{name: 'launched_on', type: 'date', required: false},
				{name: 'available', type: 'bool', default: true},
				{name: 'external_ref', type: 'uuid', required: false, unique: true},
				{name: 'lead_time', type: 'interval', required: false},
				{name: 'pickup_from', type: 'time', required: false},
				{name: 'published_at', type: 'timestamptz', required: false},
				{name: 'reorder_levels', type: 'int', array: true, required: false},
				{name: 'views', type: 'bigint', default: 0},
				{name: 'website', type: 'url', required: false},
				{name: 'color_code', type: 'varchar', length: 7, required: false, check: {minLength: 7, pattern: '^#[0-9a-f]{6}$'}},
				{name: 'origin', type: 'text', typeOverride: 'citext', required: false},
			],
		},
		{
			name: 'orders',
			volume: 500_000_000,
			fields: [
				{name: 'number', type: 'text', unique: true, check: {pattern: '^ORD-[0-9]{6}$'}},
				{name: 'total', type: 'money'},
				{name: 'placed_at', type: 'timestamptz'},
				{name: 'notes', type: 'text', required: false},
			],
		},
		{
			name: 'order_lines',
			volume: 'billions',
			fields: [
				{name: 'quantity', type: 'int', check: {min: 1, max: 100}},
				{name: 'unit_price', type: 'money'},
			],
		},
		{
			name: 'audit_events',
			volume: 'billions',
			appendOnly: true,
			fields: [
				{name: 'action', type: 'text', check: {oneOf: ['create', 'update', 'delete']}},
				{name: 'payload', type: 'jsonb', required: false},
			],
		},
	],
	relationships: [
		{kind: 'one-to-one', parent: 'users', child: 'profiles', onDelete: 'cascade'},
		{kind: 'one-to-many', parent: 'categories', child: 'categories', required: false, onDelete: 'set-null'},
		{kind: 'one-to-many', parent: 'categories', child: 'products', required: false, onDelete: 'set-null'},
		{kind: 'one-to-many', parent: 'users', child: 'orders', onDelete: 'restrict'},
		{kind: 'one-to-many', parent: 'orders', child: 'order_lines', onDelete: 'cascade'},
		{kind: 'one-to-many', parent: 'products', child: 'order_lines', onDelete: 'restrict'},
		{kind: 'many-to-many', left: 'users', right: 'products', through: 'favorites', onDelete: 'cascade'},
	],
	isolation: {mode: 'tenant', enforcement: 'rls'},
	keys: {primaryKey: 'uuid'},
	sampleData: {seed: 7, seedRows: 20},
};

/** bigint keys without isolation: a self-reference, soft delete with a unique code, a month-partitioned table on a sequence. */
const timeline: SessionInput = {
	version: 1,
	project: {name: 'seed-timeline'},
	entities: [
		{name: 'folders', volume: 100_000_000, fields: [{name: 'name', type: 'text', check: {minLength: 1, maxLength: 80}}]},
		{
			name: 'documents',
			volume: 300_000_000,
			softDelete: true,
			fields: [
				{name: 'code', type: 'text', unique: true, check: {pattern: '^[A-Z]{3}-[0-9]{4}$'}},
				{name: 'title', type: 'varchar', length: 200},
				{name: 'body', type: 'text'},
			],
		},
		{
			name: 'page_views',
			volume: 'billions',
			appendOnly: true,
			fields: [
				{name: 'path', type: 'text'},
				{name: 'ip', type: 'inet', required: false},
			],
		},
	],
	relationships: [
		{kind: 'one-to-many', parent: 'folders', child: 'folders', required: false, onDelete: 'cascade'},
		{kind: 'one-to-many', parent: 'folders', child: 'documents', onDelete: 'cascade'},
	],
	sampleData: {seed: 3, seedRows: 8},
};

/** The session cannot say "not blank", so the rule is added to the design as the engine would. */
function withNotBlank(design: Design): Design {
	return {
		...design,
		tables: design.tables.map((table) =>
			table.name !== 'tenants'
				? table
				: {...table, checks: [...table.checks, {name: 'tenants_name_not_blank_check', rule: {kind: 'not-blank', column: 'name'}, reason: 'a name shows something'}]},
		),
	};
}

function withSeed(design: Design, seed: number): Design {
	return {...design, sample: {...design.sample, seed}};
}

describe('renderSeedSql', () => {
	it('writes one INSERT per table with fixed keys, ON CONFLICT DO NOTHING and the sequence moved on', () => {
		expect(renderSeedSql(derive(tiny)).split('\n')).toEqual([
			'-- tiny: sample data',
			'-- Realistic rows for trying the queries and checking the constraints, deterministic for seed 1: the',
			'-- same session always writes these same rows (change sampleData.seed in session.json for others).',
			'-- Run after schema.sql and indexes.sql: psql -v ON_ERROR_STOP=1 -f seed.sql',
			'-- Re-running inserts nothing new: every row has a fixed key and ON CONFLICT DO NOTHING skips it.',
			'-- Rows: colors 3.',
			'',
			'BEGIN;',
			'',
			'-- colors: 3 rows',
			'INSERT INTO colors (id, name, hex_color) OVERRIDING SYSTEM VALUE VALUES',
			"    (1, 'green', '#41ddda'),",
			"    (2, 'red', '#46e58d'),",
			"    (3, 'blue', NULL)",
			'ON CONFLICT DO NOTHING;',
			"SELECT setval(pg_get_serial_sequence('colors', 'id'), max(id)) FROM colors;",
			'',
			'COMMIT;',
			'',
		]);
	});

	it('notes Row-Level Security, isolation and the columns left to defaults in the header', () => {
		const text = renderSeedSql(derive(coverage));
		expect(text).toContain('-- Row-Level Security is forced on tenants, users, profiles, categories, products, orders,');
		expect(text).toContain('run this as a superuser or a role with BYPASSRLS');
		expect(text).toContain('-- Every tenant owns rows in every table isolated per tenant, so isolation can be tested.');
		expect(text).toContain('-- created_at and updated_at are left to their defaults.');
		// audit_events is partitioned by created_at: its key includes it, so the seed writes it.
		expect(text).toMatch(/^INSERT INTO audit_events \(id, tenant_id, action, payload, created_at\) VALUES$/m);
		expect(text).not.toContain('search_vector');
	});

	it('is deterministic: the same design gives the same bytes, another seed other rows', () => {
		const design = derive(coverage);
		expect(renderSeedSql(design)).toBe(renderSeedSql(derive(coverage)));
		expect(renderSeedSql(todo)).toBe(renderSeedSql(derive(JSON.parse(readFileSync(new URL('../../examples/todo.json', import.meta.url), 'utf8')) as SessionInput)));
		expect(renderSeedSql(withSeed(design, 8))).not.toBe(renderSeedSql(design));
		expect(renderSeedSql(withSeed(todo, 43))).not.toBe(renderSeedSql(todo));
	});
});

describe('buildSeed', () => {
	it('sizes tables between 3 and 2 x seedRows, in proportion, with every owner covered', () => {
		// task_tags plans 24 rows, but 3 users with their tasks and tags make only 23 distinct triples.
		expect(Object.fromEntries(seedCounts(todo))).toEqual({users: 3, tasks: 17, tags: 4, task_tags: 23});
		const counts = seedCounts(derive(coverage));
		for (const count of counts.values()) {
			expect(count).toBeGreaterThanOrEqual(3);
			expect(count).toBeLessThanOrEqual(40);
		}
		expect(counts.get('tenants')).toBe(3);
		expect(counts.get('order_lines')).toBe(40);
	});

	it('counts exactly the rows it builds', () => {
		for (const design of [todo, derive(coverage), derive(timeline)]) {
			const data = buildSeed(design);
			expect(data.tables.map((table) => table.table)).toEqual(design.tables.map((table) => table.name));
			expect(seedCounts(design)).toEqual(new Map(data.tables.map((table) => [table.table, table.rows.length])));
		}
	});

	it('keeps e-mails lower-case and unique, passwords as argon2id hashes, optional values sometimes empty', () => {
		const users = buildSeed(todo).tables.find((table) => table.table === 'users')!;
		const emails = users.rows.map((row) => row[users.columns.indexOf('email')] as string);
		expect(new Set(emails.map((email) => email.toLowerCase())).size).toBe(emails.length);
		for (const email of emails) expect(email).toMatch(/^[a-z0-9.]+@example\.(com|org|net)$/);
		for (const row of users.rows) expect(row[users.columns.indexOf('password_hash')]).toMatch(/^\$argon2id\$v=19\$m=65536,t=3,p=4\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
		const tasks = buildSeed(todo).tables.find((table) => table.table === 'tasks')!;
		const completed = tasks.rows.map((row) => row[tasks.columns.indexOf('completed_at')]);
		expect(completed).toContain(null);
		expect(completed.some((value) => value !== null)).toBe(true);
	});

	it('points a self-reference only at an earlier row of the same owner', () => {
		const categories = buildSeed(derive(coverage)).tables.find((table) => table.table === 'categories')!;
		const [id, tenant, parent] = ['id', 'tenant_id', 'parent_id'].map((name) => categories.columns.indexOf(name));
		categories.rows.forEach((row, position) => {
			if (row[parent!] === null) return;
			const target = categories.rows.findIndex((candidate) => candidate[id!] === row[parent!]);
			expect(target).toBeGreaterThanOrEqual(0);
			expect(target).toBeLessThan(position);
			expect(categories.rows[target]![tenant!]).toBe(row[tenant!]);
		});
		expect(categories.rows.some((row) => row[parent!] !== null)).toBe(true);
	});
});

describe.skipIf(!serverUrl())('seed.sql on PostgreSQL', () => {
	const roles: string[] = [];
	afterAll(async () => {
		// Roles belong to the cluster, not the throwaway database.
		const admin = new pg.Client({connectionString: serverUrl()});
		await admin.connect();
		try {
			for (const role of roles) await admin.query(`DROP ROLE IF EXISTS ${quoteIdent(role)}`).catch(() => undefined);
		} finally {
			await admin.end();
		}
	});

	async function countRows(client: pg.Client, design: Design): Promise<Map<string, number>> {
		const counts = new Map<string, number>();
		for (const table of design.tables) {
			const result = await client.query<{count: string}>(`SELECT count(*) FROM ${quoteIdent(table.name)}`);
			counts.set(table.name, Number(result.rows[0]!.count));
		}
		return counts;
	}

	/** Applies the schema, seeds twice, checks counts, owners and sequences; returns the client for more checks. */
	async function seedTwice(design: Design, more: (client: pg.Client) => Promise<void> = async () => undefined): Promise<void> {
		roles.push(...design.roles.map((role) => role.name));
		const database = await createThrowawayDatabase(serverUrl()!);
		const {client} = database;
		try {
			await client.query(renderSchemaSql(design));
			await client.query(renderIndexesSql(design));
			const seed = renderSeedSql(design);
			await client.query(seed);
			const expected = seedCounts(design);
			expect(await countRows(client, design)).toEqual(expected);
			await client.query(seed);
			expect(await countRows(client, design)).toEqual(expected);

			const {ownerTable} = design.isolation;
			for (const table of design.tables.filter((candidate) => candidate.ownerColumn && ownerTable)) {
				const result = await client.query<{count: string}>(
					`SELECT count(*) FROM ${quoteIdent(ownerTable!)} AS owner WHERE NOT EXISTS (SELECT FROM ${quoteIdent(table.name)} AS t WHERE t.${quoteIdent(table.ownerColumn!)} = owner.id)`,
				);
				expect(Number(result.rows[0]!.count), `owners without ${table.name} rows`).toBe(0);
			}

			for (const seeded of buildSeed(design).tables) {
				for (const column of seeded.sequenceColumns) {
					const result = await client.query<{next: string; max: string}>(
						`SELECT nextval(pg_get_serial_sequence(${quoteLiteral(quoteIdent(seeded.table))}, ${quoteLiteral(column)})) AS next, (SELECT max(${quoteIdent(column)}) FROM ${quoteIdent(seeded.table)}) AS max`,
					);
					expect(Number(result.rows[0]!.next), `${seeded.table}.${column} after seeding`).toBeGreaterThan(Number(result.rows[0]!.max));
				}
			}
			await more(client);
		} finally {
			await database.drop();
		}
	}

	it('seeds the todo example: per-user isolation, composite keys, a link table', async () => {
		await seedTwice(todo, async (client) => {
			const inserted = await client.query<{id: string}>(
				`INSERT INTO users (email, name, password_hash) VALUES ('new.user@example.com', 'New User', '$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNo') RETURNING id`,
			);
			expect(Number(inserted.rows[0]!.id)).toBeGreaterThan(seedCounts(todo).get('users')!);
			const pending = await client.query<{pending: string; done: string}>(
				'SELECT count(*) FILTER (WHERE completed_at IS NULL) AS pending, count(*) FILTER (WHERE completed_at IS NOT NULL) AS done FROM tasks',
			);
			expect(Number(pending.rows[0]!.pending)).toBeGreaterThan(0);
			expect(Number(pending.rows[0]!.done)).toBeGreaterThan(0);
		});
	});

	it('seeds every field type and check under per-tenant Row-Level Security with uuid keys and partitions', async () => {
		const design = withNotBlank(derive(coverage));
		expect(design.tables.find((table) => table.name === 'order_lines')?.partitioning?.kind).toBe('hash');
		expect(design.tables.find((table) => table.name === 'audit_events')?.partitioning?.kind).toBe('range');
		await seedTwice(design, async (client) => {
			const emails = await client.query<{count: string; distinct: string}>('SELECT count(*), count(DISTINCT lower(email)) AS distinct FROM users');
			expect(emails.rows[0]!.distinct).toBe(emails.rows[0]!.count);
			const deleted = await client.query<{count: string}>('SELECT count(*) FROM users WHERE deleted_at IS NOT NULL');
			expect(Number(deleted.rows[0]!.count)).toBeGreaterThan(0);
		});
	});

	it('seeds bigint keys with a self-reference and a month-partitioned table with an identity key', async () => {
		const design = derive(timeline);
		expect(design.tables.find((table) => table.name === 'page_views')?.partitioning?.kind).toBe('range');
		await seedTwice(design, async (client) => {
			const inserted = await client.query<{id: string}>(`INSERT INTO page_views (path) VALUES ('/new') RETURNING id`);
			expect(Number(inserted.rows[0]!.id)).toBeGreaterThan(seedCounts(design).get('page_views')!);
		});
	});
});
