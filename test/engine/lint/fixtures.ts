/**
 * Sessions and helpers for the lint tests: a shop and a multi-tenant SaaS written the way the
 * engine's presets are (each should lint clean of errors and warnings), small sessions built on
 * them, and the runner that proves a fix on a real PostgreSQL.
 */
import {readFileSync} from 'node:fs';
import type {Design, Table} from '../../../source/model/design.js';
import {Session, type SessionInput} from '../../../source/model/session.js';
import {deriveDesign} from '../../../source/engine/derive.js';
import type {Rule, Violation} from '../../../source/engine/lint/rule.js';
import {renderIndexesSql, renderSchemaSql} from '../../../templates/schema-sql.js';
import {createThrowawayDatabase, serverUrl} from '../../helpers/pg.js';
import {splitStatements} from '../../../source/db/statements.js';

/** Derives the design of a session given in its input form (defaults filled by the schema). */
export function derive(input: SessionInput): Design {
	return deriveDesign(Session.parse(input));
}

/** Runs one rule on a design, as the engine does for a session. */
export function run(rule: Rule, design: Design): Violation[] {
	return rule.check(design, {source: 'session'});
}

/** The todo example of the repository. */
export function todoSession(): SessionInput {
	return JSON.parse(readFileSync(new URL('../../../examples/todo.json', import.meta.url), 'utf8')) as SessionInput;
}

/** A shop: money columns, a many-to-many category link, full-text search over products. */
export function shopSession(): SessionInput {
	return {
		version: 1,
		project: {name: 'shop', description: 'A small web shop.'},
		preset: 'shop',
		entities: [
			{name: 'customers', volume: 100_000, fields: [{name: 'email', type: 'email', unique: true}, {name: 'name', type: 'text'}, {name: 'password', type: 'password'}]},
			{
				name: 'products',
				volume: 50_000,
				softDelete: true,
				search: {fields: ['name', 'description'], language: 'english'},
				fields: [
					{name: 'sku', type: 'varchar', length: 32, unique: true},
					{name: 'name', type: 'text', check: {minLength: 1, maxLength: 200}},
					{name: 'description', type: 'text', required: false},
					{name: 'price', type: 'money'},
					{name: 'stock', type: 'int', default: 0, check: {min: 0, max: 1_000_000}},
				],
			},
			{name: 'categories', volume: 500, fields: [{name: 'name', type: 'text'}, {name: 'slug', type: 'text', unique: true}]},
			{name: 'orders', volume: 'millions', fields: [{name: 'status', type: 'text', check: {oneOf: ['pending', 'paid', 'shipped', 'cancelled']}}, {name: 'total', type: 'money'}]},
			{name: 'order_items', volume: 12_000_000, fields: [{name: 'quantity', type: 'int', check: {min: 1, max: 1000}}, {name: 'unit_price', type: 'money'}]},
		],
		relationships: [
			{kind: 'one-to-many', parent: 'customers', child: 'orders', onDelete: 'restrict'},
			{kind: 'one-to-many', parent: 'orders', child: 'order_items', onDelete: 'cascade'},
			{kind: 'one-to-many', parent: 'products', child: 'order_items', onDelete: 'restrict'},
			{kind: 'many-to-many', left: 'products', right: 'categories', through: 'product_categories', onDelete: 'cascade'},
		],
		accessPatterns: [
			{name: 'SearchProducts', entity: 'products', kind: 'search', perSecond: 50},
			{name: 'GetProductBySku', entity: 'products', kind: 'get', equals: ['sku'], perSecond: 100},
			{name: 'ListCustomerOrders', entity: 'orders', equals: ['customer_id'], sort: [{column: 'created_at', direction: 'desc'}], limit: 20, perSecond: 30},
			{name: 'ListPendingOrders', entity: 'orders', conditions: [{column: 'status', equals: 'pending'}], sort: [{column: 'created_at', direction: 'asc'}], perSecond: 2},
		],
		workload: {readWrite: 'balanced', p95Ms: 50},
	};
}

/** A multi-tenant SaaS with Row-Level Security. */
export function saasSession(): SessionInput {
	return {
		version: 1,
		project: {name: 'saas', description: 'Projects and tasks for teams.'},
		preset: 'saas',
		entities: [
			{name: 'tenants', volume: 10_000, fields: [{name: 'name', type: 'text'}, {name: 'slug', type: 'text', unique: true}]},
			{name: 'members', volume: 50_000, fields: [{name: 'email', type: 'email', unique: true}, {name: 'display_name', type: 'text'}]},
			{name: 'projects', volume: 40_000, softDelete: true, fields: [{name: 'name', type: 'text', check: {minLength: 1, maxLength: 200}}]},
			{
				name: 'tasks',
				volume: 'millions',
				fields: [
					{name: 'title', type: 'text'},
					{name: 'status', type: 'text', check: {oneOf: ['open', 'done']}, default: 'open'},
					{name: 'due', type: 'date', required: false},
				],
			},
			{name: 'audit_events', volume: 'millions', appendOnly: true, fields: [{name: 'action', type: 'text'}, {name: 'details', type: 'jsonb', required: false}]},
		],
		relationships: [
			{kind: 'one-to-many', parent: 'projects', child: 'tasks', onDelete: 'restrict'},
			{kind: 'one-to-many', parent: 'members', child: 'tasks', column: 'assignee_id', required: false, onDelete: 'set-null'},
		],
		accessPatterns: [
			{name: 'ListProjectTasks', entity: 'tasks', equals: ['project_id'], sort: [{column: 'created_at', direction: 'desc'}], perSecond: 200},
			{name: 'ListOpenTasksOfMember', entity: 'tasks', equals: ['assignee_id'], conditions: [{column: 'status', equals: 'open'}], sort: [{column: 'due', direction: 'asc'}], perSecond: 50},
			{name: 'ListRecentEvents', entity: 'audit_events', ranges: ['created_at'], sort: [{column: 'created_at', direction: 'desc'}], perSecond: 5},
		],
		workload: {readWrite: 'balanced', p95Ms: 50},
		isolation: {mode: 'tenant', enforcement: 'rls', onOwnerDelete: 'cascade', shared: []},
	};
}

/** A design with one table replaced (designs are immutable: every change makes a new one). */
export function withTable(design: Design, name: string, change: (table: Table) => Table): Design {
	return {...design, tables: design.tables.map((table) => (table.name === name ? change(table) : table))};
}

/**
 * A throwaway database on the test server built by `setup` (each script in one query), then the
 * `tolerated` statements (to reach a state DDL alone cannot, e.g. a failing CREATE INDEX
 * CONCURRENTLY: their errors are expected), then every fix from `fixes` in order, each statement on
 * its own outside a transaction (CREATE INDEX CONCURRENTLY refuses the implicit transaction of a
 * multi-statement query), then what `inspect` reads. Throws with the statement when a fix fails.
 */
export async function onFixedDatabase<T>(
	setup: readonly string[],
	fixes: (url: string) => Promise<readonly string[]>,
	inspect: (query: Query) => Promise<T>,
	tolerated: readonly string[] = [],
): Promise<T> {
	const url = serverUrl();
	if (!url) throw new Error('no PostgreSQL server for this test');
	const database = await createThrowawayDatabase(url);
	const query: Query = async (sql) => (await database.client.query(sql)).rows as Record<string, unknown>[];
	try {
		for (const script of setup) await database.client.query(script);
		for (const statement of tolerated) await database.client.query(statement).catch(() => undefined);
		for (const fix of await fixes(database.url)) {
			// Parsed by the real PostgreSQL parser, then run one statement at a time.
			for (const statement of await splitStatements(fix, 'fixSql')) {
				try {
					await database.client.query(statement.text);
				} catch (error) {
					throw new Error(`${(error as Error).message}\n  in: ${statement.text}`);
				}
			}
		}
		return await inspect(query);
	} finally {
		await database.drop();
	}
}

/** The fix statements of the violations; a test of fixes that has none is wrong. */
export function fixesOf(violations: readonly Violation[]): string[] {
	const fixes = violations.map((violation) => violation.fixSql).filter((sql) => sql !== undefined);
	if (fixes.length === 0) throw new Error('no fix SQL to apply');
	return fixes;
}

/**
 * Applies a design's schema.sql and indexes.sql to a throwaway database, runs the `prepare`
 * statements (to reach a state the design's DDL cannot express), then every fix in order (see
 * onFixedDatabase). Returns what `inspect` reads afterwards.
 */
export async function applyFixes<T = void>(
	design: Design,
	violations: readonly Violation[],
	options: {prepare?: readonly string[]; inspect?: (query: Query) => Promise<T>} = {},
): Promise<T | undefined> {
	const fixes = fixesOf(violations);
	return onFixedDatabase([renderSchemaSql(design), renderIndexesSql(design), ...(options.prepare ?? [])], async () => fixes, async (query) => (options.inspect ? options.inspect(query) : undefined));
}

/** A design with one column of one table replaced. */
export function withColumn(design: Design, table: string, column: string, change: (column: Table['columns'][number]) => Table['columns'][number]): Design {
	return withTable(design, table, (found) => ({...found, columns: found.columns.map((candidate) => (candidate.name === column ? change(candidate) : candidate))}));
}

/** Reads one catalog query's rows as plain objects. */
export type Query = (sql: string) => Promise<Record<string, unknown>[]>;

/** The SQL type of a column as PostgreSQL reports it. */
export async function columnType(query: Query, table: string, column: string): Promise<unknown> {
	const rows = await query(`SELECT format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = '${table}'::regclass AND attname = '${column}'`);
	return rows[0]?.type;
}

/** Index names of a table, sorted. */
export async function indexNames(query: Query, table: string): Promise<string[]> {
	const rows = await query(`SELECT indexrelid::regclass::text AS name FROM pg_index WHERE indrelid = '${table}'::regclass ORDER BY 1`);
	return rows.map((row) => String(row.name));
}
