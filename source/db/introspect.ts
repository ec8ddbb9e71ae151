/**
 * Introspection: the Design of a live database, read from its catalog — tables, columns with their
 * types and defaults, keys, foreign keys, CHECKs, indexes (partial and expression ones too),
 * triggers and policies — so the same lint rules run on what exists as on what the wizard designs.
 */
import {className} from '../engine/naming.js';
import type {CheckConstraint, Column, ColumnRole, Design, ForeignKey, Index, IndexKey, Partitioning, Policy, SqlExpression, SqlType, Table, Trigger} from '../model/design.js';
import type {OnDelete} from '../model/session.js';
import {sizePool} from '../engine/pool.js';
import type {Database} from './database.js';

interface TableRow extends Record<string, unknown> {
	oid: number;
	name: string;
	comment: string | null;
	rows: number;
	rls: boolean;
	forcerls: boolean;
	partkey: string | null;
}

interface ColumnRow extends Record<string, unknown> {
	table: number;
	attnum: number;
	name: string;
	type: string;
	nullable: boolean;
	default: string | null;
	identity: string;
	generated: string;
	comment: string | null;
}

interface ConstraintRow extends Record<string, unknown> {
	table: number;
	name: string;
	type: string;
	keys: number[] | null;
	reftable: string | null;
	refkeys: number[] | null;
	ondelete: string;
	definition: string;
	validated: boolean;
	refoid: number | null;
}

interface IndexRow extends Record<string, unknown> {
	name: string;
	table: number;
	method: string;
	unique: boolean;
	keycount: number;
	keys: number[];
	options: number[];
	definitions: string[];
	predicate: string | null;
	indexdef: string;
}

const INDEX_METHODS: readonly string[] = ['btree', 'gin', 'brin', 'hash', 'gist', 'spgist'] satisfies readonly Index['method'][];

const ON_DELETE: Record<string, OnDelete> = {c: 'cascade', r: 'restrict', n: 'set-null', a: 'no-action', d: 'no-action'};

/**
 * A column type from format_type().
 *
 * @example parseType('character varying(50)') // {name: 'varchar', length: 50}
 */
export function parseType(text: string): SqlType {
	if (text.endsWith('[]')) return {...parseType(text.slice(0, -2)), isArray: true};
	const simple = ['smallint', 'integer', 'bigint', 'real', 'double precision', 'text', 'citext', 'boolean', 'date', 'interval', 'uuid', 'jsonb', 'json', 'bytea', 'inet', 'tsvector'] as const;
	const plain = simple.find((name) => name === text);
	if (plain) return {name: plain};
	const varchar = /^character varying(?:\((\d+)\))?$/.exec(text);
	if (varchar) return varchar[1] ? {name: 'varchar', length: Number(varchar[1])} : {name: 'varchar'};
	const numeric = /^numeric(?:\((\d+)(?:,(\d+))?\))?$/.exec(text);
	if (numeric) return numeric[1] ? {name: 'numeric', precision: Number(numeric[1]), scale: Number(numeric[2] ?? 0)} : {name: 'numeric'};
	const instant = /^(timestamp|time)(?:\((\d)\))? with(out)? time zone$/.exec(text);
	if (instant) {
		const [, kind, precision, without] = instant;
		if (kind === 'time' && !without) return {name: 'other', raw: text};
		const name = kind === 'time' ? 'time' : without ? 'timestamp' : 'timestamptz';
		return precision ? {name, precision: Number(precision)} : {name};
	}
	return {name: 'other', raw: text};
}

/** A column default, structured where it is one the engine writes, raw otherwise. */
export function parseDefault(text: string): SqlExpression {
	const nextval = /^nextval\('(.+)'::regclass\)$/.exec(text);
	if (nextval) return {kind: 'nextval', sequence: nextval[1]!.replace(/^"(.*)"$/, '$1')};
	if (text === 'now()') return {kind: 'now'};
	if (text === 'CURRENT_DATE') return {kind: 'current-date'};
	if (text === 'gen_random_uuid()') return {kind: 'gen-random-uuid'};
	return {kind: 'raw', sql: text};
}

function roleOf(name: string, type: SqlType): ColumnRole {
	const isInstant = type.name === 'timestamptz' || type.name === 'timestamp';
	if (isInstant && /^(created_at|inserted_at|created_on)$/.test(name)) return 'created-at';
	if (isInstant && /^(updated_at|modified_at|updated_on|last_updated)$/.test(name)) return 'updated-at';
	if (isInstant && name === 'deleted_at') return 'deleted-at';
	if (/(^|_)password_hash$/.test(name)) return 'password-hash';
	return 'plain';
}

export interface IntrospectOptions {
	readonly schema?: string;
	/** Read only these tables (import reads the plain tables and keeps the rest verbatim). */
	readonly tables?: ReadonlySet<string>;
}

/** Reads the design of one schema of a database. */
export async function introspect(db: Database, options: IntrospectOptions = {}): Promise<Design> {
	const schema = options.schema ?? 'public';
	const allTables = await db.query<TableRow>(
		`SELECT c.oid::int AS oid, c.relname AS name, obj_description(c.oid, 'pg_class') AS comment, greatest(c.reltuples, 0)::float8 AS rows,
			c.relrowsecurity AS rls, c.relforcerowsecurity AS forcerls, CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partkey
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition
		ORDER BY c.relname`,
		[schema],
	);
	const tables = options.tables ? allTables.filter((table) => options.tables!.has(table.name)) : allTables;
	const oids = tables.map((table) => table.oid);
	const columns = await db.query<ColumnRow>(
		`SELECT a.attrelid::int AS table, a.attnum::int AS attnum, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable,
			pg_get_expr(d.adbin, d.adrelid) AS default, a.attidentity::text AS identity, a.attgenerated::text AS generated, col_description(a.attrelid, a.attnum) AS comment
		FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
		WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
		ORDER BY a.attrelid, a.attnum`,
		[oids],
	);
	const constraints = await db.query<ConstraintRow>(
		`SELECT c.conrelid::int AS table, c.conname AS name, c.contype::text AS type, c.conkey::int[] AS keys, c.confrelid::regclass::text AS reftable,
			c.confrelid::int AS refoid, c.confkey::int[] AS refkeys, c.confdeltype::text AS ondelete, pg_get_constraintdef(c.oid) AS definition, c.convalidated AS validated
		FROM pg_constraint c
		WHERE c.conrelid = ANY($1::oid[]) AND c.contype IN ('p', 'u', 'f', 'c') AND c.conparentid = 0
		ORDER BY c.conname`,
		[oids],
	);
	const indexes = await db.query<IndexRow>(
		`SELECT i.indexrelid::regclass::text AS name, i.indrelid::int AS table, am.amname AS method, i.indisunique AS unique, i.indnkeyatts::int AS keycount,
			i.indkey::int2[]::int[] AS keys, i.indoption::int2[]::int[] AS options, pg_get_expr(i.indpred, i.indrelid) AS predicate,
			array(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnatts) AS k) AS definitions, pg_get_indexdef(i.indexrelid) AS indexdef
		FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam
		WHERE i.indrelid = ANY($1::oid[]) AND NOT EXISTS (SELECT FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x'))
		ORDER BY 1`,
		[oids],
	);
	const triggers = await db.query<{name: string; table: number; function: string; type: number; definition: string; comment: string | null}>(
		`SELECT t.tgname AS name, t.tgrelid::int AS table, p.proname AS function, t.tgtype::int AS type, pg_get_triggerdef(t.oid) AS definition,
			obj_description(t.oid, 'pg_trigger') AS comment
		FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
		WHERE t.tgrelid = ANY($1::oid[]) AND NOT t.tgisinternal AND t.tgparentid = 0 ORDER BY 1`,
		[oids],
	);
	const policies = await db.query<{name: string; table: number; using: string | null; definition: string; comment: string | null}>(
		`SELECT p.polname AS name, p.polrelid::int AS table, pg_get_expr(p.polqual, p.polrelid) AS using, obj_description(p.oid, 'pg_policy') AS comment,
			format('CREATE POLICY %I ON %s AS %s FOR %s TO %s', p.polname, p.polrelid::regclass, CASE WHEN p.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END,
				CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
				CASE WHEN p.polroles = '{0}' THEN 'PUBLIC' ELSE (SELECT string_agg(quote_ident(r.rolname), ', ') FROM pg_roles r WHERE r.oid = ANY(p.polroles)) END)
			|| coalesce(' USING (' || pg_get_expr(p.polqual, p.polrelid) || ')', '') || coalesce(' WITH CHECK (' || pg_get_expr(p.polwithcheck, p.polrelid) || ')', '') AS definition
		FROM pg_policy p WHERE p.polrelid = ANY($1::oid[]) ORDER BY 1`,
		[oids],
	);

	const nameOf = new Map(tables.map((table) => [table.oid, table.name]));
	const columnName = (table: number, attnum: number) => columns.find((column) => column.table === table && column.attnum === attnum)?.name ?? '';
	const designTables: Table[] = tables.map((table) => {
		const own = constraints.filter((constraint) => constraint.table === table.oid);
		const primary = own.find((constraint) => constraint.type === 'p');
		const primaryColumns = (primary?.keys ?? []).map((attnum) => columnName(table.oid, attnum));
		const foreignKeys: ForeignKey[] = own
			.filter((constraint) => constraint.type === 'f')
			.map((constraint) => ({
				name: constraint.name,
				columns: (constraint.keys ?? []).map((attnum) => columnName(table.oid, attnum)),
				refTable: nameOf.get(constraint.refoid ?? -1) ?? constraint.reftable ?? '',
				refColumns: (constraint.refkeys ?? []).map((attnum) => columnName(constraint.refoid ?? -1, attnum)),
				onDelete: ON_DELETE[constraint.ondelete] ?? 'no-action',
				reason: constraint.validated ? 'read from the database' : 'read from the database (NOT VALID)',
				cardinality: 'one-to-many' as const,
				definition: constraint.definition,
			}));
		const fkColumns = new Set(foreignKeys.flatMap((fk) => fk.columns));
		const tableColumns: Column[] = columns
			.filter((column) => column.table === table.oid)
			.map((column) => {
				const type = parseType(column.type);
				const isGenerated = column.generated === 's';
				return {
					name: column.name,
					type,
					nullable: column.nullable,
					...(column.default && !isGenerated ? {default: parseDefault(column.default)} : {}),
					...(column.identity === 'a' ? {identity: 'always' as const} : column.identity === 'd' ? {identity: 'by-default' as const} : {}),
					...(isGenerated && column.default ? {generated: {kind: 'raw' as const, sql: column.default}} : {}),
					reason: 'read from the database',
					...(column.comment ? {comment: column.comment} : {}),
					origin: primaryColumns.includes(column.name) ? ('primary-key' as const) : fkColumns.has(column.name) ? ('foreign-key' as const) : ('field' as const),
					role: roleOf(column.name, type),
				};
			});
		const checks: CheckConstraint[] = own
			.filter((constraint) => constraint.type === 'c')
			.map((constraint) => {
				const keys = constraint.keys ?? [];
				return {
					name: constraint.name,
					rule: {kind: 'expression', ...(keys.length === 1 ? {column: columnName(table.oid, keys[0]!)} : {}), sql: constraint.definition.replace(/^CHECK /, '').replace(/ NOT VALID$/, '')},
					reason: 'read from the database',
				};
			});
		const isJunction = primaryColumns.length >= 2 && primaryColumns.every((name) => fkColumns.has(name)) && foreignKeys.length >= 2;
		return {
			name: table.name,
			className: className(table.name),
			kind: isJunction ? 'junction' : 'entity',
			comment: table.comment ?? '',
			columns: tableColumns,
			primaryKey: {name: primary?.name ?? '', columns: primaryColumns},
			uniques: own
				.filter((constraint) => constraint.type === 'u')
				.map((constraint) => ({
					name: constraint.name,
					columns: (constraint.keys ?? []).map((attnum) => columnName(table.oid, attnum)),
					reason: 'read from the database',
					definition: constraint.definition,
				})),
			foreignKeys,
			checks,
			rows: Math.round(table.rows),
			softDelete: tableColumns.some((column) => column.role === 'deleted-at'),
			appendOnly: false,
			rowLevelSecurity: table.rls,
			forceRowLevelSecurity: table.forcerls,
			...(table.partkey ? {partitioning: partitioningOf(table.partkey)} : {}),
		};
	});

	const designIndexes: Index[] = indexes.map((index) => {
		const keyOf = (position: number): IndexKey => {
			const attnum = index.keys[position] ?? 0;
			const descending = ((index.options[position] ?? 0) & 1) === 1;
			const flag = descending ? {descending: true} : {};
			if (attnum !== 0) return {column: columnName(index.table, attnum), ...flag};
			const sql = (index.definitions[position] ?? '').replace(/ DESC$/, '');
			const lower = /^lower\(\(?"?(\w+)"?\)?(::text)?\)$/.exec(sql);
			if (lower) return {expression: 'lower', column: lower[1]!, ...flag};
			const firstColumn = columns.find((column) => column.table === index.table && new RegExp(`\\b${column.name}\\b`).test(sql))?.name ?? '';
			return {expression: 'sql', sql, column: firstColumn, ...flag};
		};
		return {
			name: index.name,
			table: nameOf.get(index.table) ?? '',
			method: (INDEX_METHODS.includes(index.method) ? index.method : 'btree') as Index['method'],
			keys: Array.from({length: index.keycount}, (_, position) => keyOf(position)),
			include: index.keys.slice(index.keycount).map((attnum) => columnName(index.table, attnum)),
			where: index.predicate ? [{column: '', op: 'sql', sql: index.predicate}] : [],
			unique: index.unique,
			rationale: `read from the database (${index.method})`,
			serves: [],
			origin: 'existing',
			definition: index.indexdef,
		};
	});

	const designTriggers: Trigger[] = triggers.map((trigger) => ({
		name: trigger.name,
		table: nameOf.get(trigger.table) ?? '',
		// tgtype: bit 1 is BEFORE, bits 2, 3 and 4 are INSERT, DELETE and UPDATE.
		timing: (trigger.type & 2) !== 0 ? 'before' : 'after',
		events: [...((trigger.type & 4) !== 0 ? ['insert' as const] : []), ...((trigger.type & 16) !== 0 ? ['update' as const] : []), ...((trigger.type & 8) !== 0 ? ['delete' as const] : [])],
		function: trigger.function,
		comment: trigger.comment ?? '',
		definition: trigger.definition,
	}));
	const designPolicies: Policy[] = policies.map((policy) => ({
		name: policy.name,
		table: nameOf.get(policy.table) ?? '',
		column: '',
		ownerFunction: '',
		comment: policy.comment ?? '',
		...(policy.using ? {using: policy.using} : {}),
		definition: policy.definition,
	}));

	return {
		project: {name: schema, description: ''},
		keyStrategy: 'bigint-identity',
		readWrite: 'balanced',
		p95Ms: 50,
		isolation: {mode: 'none', enforcement: 'application'},
		extensions: [],
		functions: [],
		sequences: [],
		tables: designTables,
		indexes: designIndexes,
		folded: [],
		triggers: designTriggers,
		policies: designPolicies,
		roles: [],
		patterns: [],
		notes: [],
		pool: sizePool({appInstances: 2, workersPerInstance: 4, databaseCores: 2, maxConnections: 100, pooler: 'pgbouncer'}),
		sample: {seed: 1, seedRows: 12, validationRows: 50_000},
	};
}

function partitioningOf(definition: string): Partitioning {
	const match = /^(HASH|RANGE|LIST) \((.+)\)$/i.exec(definition);
	const column = match?.[2]?.replace(/"/g, '') ?? '';
	return match?.[1]?.toUpperCase() === 'HASH'
		? {kind: 'hash', column, partitions: 0, reason: 'read from the database'}
		: {kind: 'range', column, interval: 'month', reason: 'read from the database'};
}
