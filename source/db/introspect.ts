/**
 * Introspection: the Design of a live database, read from its catalog — tables, columns with their
 * types and defaults, keys, foreign keys, CHECKs, indexes (partial and expression ones too),
 * triggers and policies — so the same lint rules run on what exists as on what the wizard designs.
 */
import {className} from '../engine/naming.js';
import type {
	Catalog,
	CatalogObjectKind,
	CatalogRoutine,
	CatalogSequence,
	CheckConstraint,
	Column,
	ColumnRole,
	Design,
	ForeignKey,
	Index,
	IndexKey,
	Partitioning,
	Policy,
	SqlExpression,
	SqlType,
	Table,
	Trigger,
} from '../model/design.js';
import {parseQualifiedName, relationKey} from '../engine/sql.js';
import {mentionsIdentifier} from '../engine/sql-text.js';
import type {OnDelete} from '../model/session.js';
import {sizePool} from '../engine/pool.js';
import type {Database} from './database.js';

interface TableRow extends Record<string, unknown> {
	oid: number;
	schema: string;
	name: string;
	parent: number | null;
	inherits: number[];
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
	collation: string | null;
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
	schema: string;
	name: string;
	valid: boolean;
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
	if (nextval) {
		const parts = parseQualifiedName(nextval[1]!);
		return parts.length === 2 && parts[0] !== 'public' ? {kind: 'nextval', sequence: parts[1]!, schema: parts[0]!} : {kind: 'nextval', sequence: parts.at(-1)!};
	}
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
	/** Read only these schemas (default: every schema of the user's, as pg_dump sees them). */
	readonly schemas?: readonly string[];
	/** Read only these tables, by relationKey (import reads the plain tables and keeps the rest verbatim). */
	readonly tables?: ReadonlySet<string>;
	/**
	 * Also read what lint needs beyond the tables (Design.catalog): every named object, sequences
	 * and routines. `live` reads the state a schema file cannot have: sequence positions.
	 */
	readonly catalog?: 'schema' | 'live';
}

/** Schemas of the user's: not the system's, not a temporary one, not one an extension made. */
export const USER_NAMESPACE = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
	AND NOT EXISTS (SELECT FROM pg_depend e WHERE e.classid = 'pg_namespace'::regclass AND e.objid = n.oid AND e.deptype = 'e')`;

/** SQL: the object (`oid` of a row of `catalog`) is not part of an extension. */
export function notExtensionMember(catalog: string, oid: string): string {
	return `NOT EXISTS (SELECT FROM pg_depend e WHERE e.classid = '${catalog}'::regclass AND e.objid = ${oid} AND e.deptype = 'e')`;
}

/** Reads the design of a database: the tables of its user schemas (or of those named), keyed by relationKey. */
export async function introspect(db: Database, options: IntrospectOptions = {}): Promise<Design> {
	const schemaFilter = options.schemas ? `n.nspname = ANY($1::text[])` : 'true';
	const schemaParameters = options.schemas ? [[...options.schemas]] : [];
	const allTables = await db.query<TableRow>(
		`SELECT c.oid::int AS oid, n.nspname AS schema, c.relname AS name, obj_description(c.oid, 'pg_class') AS comment, greatest(c.reltuples, 0)::float8 AS rows,
			c.relrowsecurity AS rls, c.relforcerowsecurity AS forcerls, CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partkey,
			(SELECT i.inhparent::int FROM pg_inherits i WHERE i.inhrelid = c.oid AND c.relispartition) AS parent,
			array(SELECT i.inhparent::int FROM pg_inherits i WHERE i.inhrelid = c.oid AND NOT c.relispartition ORDER BY i.inhseqno) AS inherits
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE ${USER_NAMESPACE} AND ${schemaFilter} AND c.relkind IN ('r', 'p') AND ${notExtensionMember('pg_class', 'c.oid')}
		ORDER BY n.nspname <> 'public', n.nspname, c.relname`,
		schemaParameters,
	);
	const keyOfRow = (table: TableRow) => relationKey(table.schema, table.name);
	const tables = options.tables ? allTables.filter((table) => options.tables!.has(keyOfRow(table))) : allTables;
	const oids = tables.map((table) => table.oid);
	const columns = await db.query<ColumnRow>(
		`SELECT a.attrelid::int AS table, a.attnum::int AS attnum, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable,
			pg_get_expr(d.adbin, d.adrelid) AS default, a.attidentity::text AS identity, a.attgenerated::text AS generated, col_description(a.attrelid, a.attnum) AS comment,
			CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN (SELECT quote_ident(k.collname) FROM pg_collation k WHERE k.oid = a.attcollation) END AS collation
		FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
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
		`SELECT n.nspname AS schema, c.relname AS name, i.indrelid::int AS table, am.amname AS method, i.indisunique AS unique, i.indnkeyatts::int AS keycount,
			i.indkey::int2[]::int[] AS keys, i.indoption::int2[]::int[] AS options, pg_get_expr(i.indpred, i.indrelid) AS predicate, i.indisvalid AS valid,
			array(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnatts) AS k) AS definitions, pg_get_indexdef(i.indexrelid) AS indexdef
		FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am am ON am.oid = c.relam
		WHERE i.indrelid = ANY($1::oid[]) AND NOT EXISTS (SELECT FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x'))
		ORDER BY n.nspname <> 'public', n.nspname, c.relname`,
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

	const nameOf = new Map(allTables.map((table) => [table.oid, keyOfRow(table)]));
	const columnsOf = new Map<number, ColumnRow[]>();
	for (const column of columns) {
		if (!columnsOf.has(column.table)) columnsOf.set(column.table, []);
		columnsOf.get(column.table)!.push(column);
	}
	const columnNames = new Map(columns.map((column) => [`${column.table}:${column.attnum}`, column.name]));
	const columnName = (table: number, attnum: number) => columnNames.get(`${table}:${attnum}`) ?? '';
	// The referenced side of a foreign key may be a table that was not read (import reads a part).
	const missingTargets = [...new Set(constraints.filter((constraint) => constraint.type === 'f' && !columnsOf.has(constraint.refoid ?? -1)).map((constraint) => constraint.refoid ?? -1))];
	if (missingTargets.length > 0) {
		const targetColumns = await db.query<{table: number; attnum: number; name: string}>(
			`SELECT attrelid::int AS table, attnum::int AS attnum, attname AS name FROM pg_attribute WHERE attrelid = ANY($1::oid[]) AND attnum > 0`,
			[missingTargets],
		);
		for (const column of targetColumns) columnNames.set(`${column.table}:${column.attnum}`, column.name);
	}
	const constraintsOf = new Map<number, ConstraintRow[]>();
	for (const constraint of constraints) {
		if (!constraintsOf.has(constraint.table)) constraintsOf.set(constraint.table, []);
		constraintsOf.get(constraint.table)!.push(constraint);
	}
	const designTables: Table[] = tables.map((table) => {
		const own = constraintsOf.get(table.oid) ?? [];
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
				...(constraint.validated ? {} : {notValid: true as const}),
			}));
		const fkColumns = new Set(foreignKeys.flatMap((fk) => fk.columns));
		const tableColumns: Column[] = (columnsOf.get(table.oid) ?? []).map((column) => {
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
				...(column.comment !== null ? {comment: column.comment} : {}),
				origin: primaryColumns.includes(column.name) ? ('primary-key' as const) : fkColumns.has(column.name) ? ('foreign-key' as const) : ('field' as const),
				role: roleOf(column.name, type),
				...(column.collation ? {collation: column.collation} : {}),
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
					...(constraint.validated ? {} : {notValid: true as const}),
				};
			});
		const isJunction = primaryColumns.length >= 2 && primaryColumns.every((name) => fkColumns.has(name)) && foreignKeys.length >= 2;
		const inherits = table.inherits.map((oid) => nameOf.get(oid) ?? '').filter(Boolean);
		const parent = table.parent === null ? undefined : nameOf.get(table.parent);
		return {
			name: keyOfRow(table),
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
			...(table.schema === 'public' ? {} : {schema: table.schema}),
			...(parent ? {partitionOf: parent} : {}),
			...(inherits.length > 0 ? {inherits} : {}),
		};
	});

	const designIndexes: Index[] = indexes.map((index) => {
		const tableColumns = columnsOf.get(index.table) ?? [];
		const keyOf = (position: number): IndexKey => {
			const attnum = index.keys[position] ?? 0;
			const descending = ((index.options[position] ?? 0) & 1) === 1;
			const flag = descending ? {descending: true} : {};
			if (attnum !== 0) return {column: columnName(index.table, attnum), ...flag};
			const sql = (index.definitions[position] ?? '').replace(/ DESC$/, '');
			const lower = /^lower\(\(?"?(\w+)"?\)?(::text)?\)$/.exec(sql);
			if (lower) return {expression: 'lower', column: lower[1]!, ...flag};
			const firstColumn = tableColumns.find((column) => mentionsIdentifier(sql, column.name))?.name ?? '';
			return {expression: 'sql', sql, column: firstColumn, ...flag};
		};
		return {
			name: relationKey(index.schema, index.name),
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
			...(index.valid ? {} : {invalid: true as const}),
			...(index.schema === 'public' ? {} : {schema: index.schema}),
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
		project: {name: options.schemas?.length === 1 ? options.schemas[0]! : 'database', description: ''},
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
		...(options.catalog ? {catalog: await readCatalog(db, options.catalog === 'live', schemaFilter, schemaParameters)} : {}),
	};
}

const RELATION_KINDS: Readonly<Record<string, CatalogObjectKind>> = {
	r: 'table',
	p: 'partitioned table',
	i: 'index',
	I: 'partitioned index',
	S: 'sequence',
	v: 'view',
	m: 'materialized view',
};

const ROUTINE_KINDS: Readonly<Record<string, CatalogRoutine['kind']>> = {f: 'function', p: 'procedure', a: 'aggregate', w: 'window'};

/** Everything lint asks of a database beyond its tables: named objects, sequences, routines. */
async function readCatalog(db: Database, live: boolean, schemaFilter: string, parameters: readonly unknown[]): Promise<Catalog> {
	const relations = await db.query<{schema: string; name: string; relkind: string; partition: boolean; table: string | null; tableschema: string | null}>(
		`SELECT n.nspname AS schema, c.relname AS name, c.relkind::text AS relkind, c.relispartition AS partition, t.relname AS table, tn.nspname AS tableschema
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			LEFT JOIN pg_index i ON i.indexrelid = c.oid LEFT JOIN pg_class t ON t.oid = i.indrelid LEFT JOIN pg_namespace tn ON tn.oid = t.relnamespace
		WHERE ${USER_NAMESPACE} AND ${schemaFilter} AND c.relkind IN ('r', 'p', 'i', 'I', 'S', 'v', 'm') AND ${notExtensionMember('pg_class', 'c.oid')}
		ORDER BY 1, 2`,
		parameters,
	);
	const constraints = await db.query<{schema: string; name: string; table: string | null; tableschema: string | null; inherited: boolean}>(
		`SELECT n.nspname AS schema, k.conname AS name, t.relname AS table, tn.nspname AS tableschema, (k.conparentid <> 0 OR k.coninhcount > 0) AS inherited
		FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace LEFT JOIN pg_class t ON t.oid = k.conrelid LEFT JOIN pg_namespace tn ON tn.oid = t.relnamespace
		WHERE ${USER_NAMESPACE} AND ${schemaFilter} AND ${notExtensionMember('pg_constraint', 'k.oid')}
			AND (k.conrelid = 0 OR ${notExtensionMember('pg_class', 'k.conrelid')}) AND (k.contypid = 0 OR ${notExtensionMember('pg_type', 'k.contypid')})
		ORDER BY 1, 2`,
		parameters,
	);
	const routines = await db.query<{schema: string; name: string; kind: string; arguments: string; language: string; comment: string | null}>(
		`SELECT n.nspname AS schema, p.proname AS name, p.prokind::text AS kind, pg_get_function_identity_arguments(p.oid) AS arguments, l.lanname AS language,
			obj_description(p.oid, 'pg_proc') AS comment
		FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
		WHERE ${USER_NAMESPACE} AND ${schemaFilter} AND ${notExtensionMember('pg_proc', 'p.oid')}
		ORDER BY 1, 2, 4`,
		parameters,
	);
	const sequences = await db.query<{
		schema: string;
		name: string;
		type: string;
		min: string;
		max: string;
		increment: string;
		cycle: boolean;
		start: string;
		last: string | null;
		table: string | null;
		tableschema: string | null;
		column: string | null;
		deptype: string | null;
	}>(
		`SELECT n.nspname AS schema, c.relname AS name, format_type(s.seqtypid, NULL) AS type, s.seqmin::text AS min, s.seqmax::text AS max,
			s.seqincrement::text AS increment, s.seqcycle AS cycle, s.seqstart::text AS start,
			${live ? `CASE WHEN has_sequence_privilege(c.oid, 'SELECT,USAGE') THEN pg_sequence_last_value(c.oid)::text END` : 'NULL::text'} AS last,
			o.relname AS table, o.nspname AS tableschema, o.attname AS column, o.deptype
		FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
			LEFT JOIN LATERAL (
				SELECT t.relname, tn.nspname, a.attname, d.deptype::text
				FROM pg_depend d JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace
					JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
				WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') AND d.refobjsubid > 0
				LIMIT 1
			) AS o ON true
		WHERE ${USER_NAMESPACE} AND ${schemaFilter} AND ${notExtensionMember('pg_class', 'c.oid')}
		ORDER BY 1, 2`,
		parameters,
	);
	// The table columns each view's query reads: PostgreSQL refuses to change their types while it exists.
	const reads = await db.query<{schema: string; name: string; tableschema: string; table: string; column: string}>(
		`SELECT DISTINCT vn.nspname AS schema, v.relname AS name, tn.nspname AS tableschema, t.relname AS table, a.attname AS column
		FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class v ON v.oid = r.ev_class JOIN pg_namespace vn ON vn.oid = v.relnamespace
			JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace
			JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
		WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0 AND r.ev_class <> d.refobjid
			AND v.relkind IN ('v', 'm') AND t.relkind IN ('r', 'p') AND vn.nspname NOT IN ('pg_catalog', 'information_schema')
		ORDER BY 1, 2, 3, 4, 5`,
	);
	const readsOf = new Map<string, {table: string; column: string}[]>();
	for (const read of reads) {
		const key = `${read.schema}\u0000${read.name}`;
		readsOf.set(key, [...(readsOf.get(key) ?? []), {table: relationKey(read.tableschema, read.table), column: read.column}]);
	}
	const tableKey = (schema: string | null, table: string | null) => (table && schema ? relationKey(schema, table) : undefined);
	return {
		live,
		objects: [
			...relations.map((relation) => {
				const table = tableKey(relation.tableschema, relation.table);
				return {
					schema: relation.schema,
					name: relation.name,
					kind: RELATION_KINDS[relation.relkind]!,
					...(table ? {table} : {}),
					...(relation.partition ? {partition: true} : {}),
					...(readsOf.has(`${relation.schema}\u0000${relation.name}`) ? {reads: readsOf.get(`${relation.schema}\u0000${relation.name}`)!} : {}),
				};
			}),
			...routines.map((routine) => ({schema: routine.schema, name: routine.name, kind: (routine.kind === 'p' ? 'procedure' : routine.kind === 'a' ? 'aggregate' : 'function') as CatalogObjectKind})),
			...constraints.map((constraint) => {
				const table = tableKey(constraint.tableschema, constraint.table);
				return {schema: constraint.schema, name: constraint.name, kind: 'constraint' as const, ...(table ? {table} : {}), ...(constraint.inherited ? {inherited: true as const} : {})};
			}),
		],
		sequences: sequences.map((sequence) => {
			const table = tableKey(sequence.tableschema, sequence.table);
			return {
				name: relationKey(sequence.schema, sequence.name),
				schema: sequence.schema,
				dataType: sequence.type as CatalogSequence['dataType'],
				min: sequence.min,
				max: sequence.max,
				increment: sequence.increment,
				start: sequence.start,
				cycle: sequence.cycle,
				...(sequence.last !== null ? {lastValue: sequence.last} : {}),
				...(table && sequence.column ? {ownedBy: {table, column: sequence.column, identity: sequence.deptype === 'i'}} : {}),
			};
		}),
		routines: routines.map((routine) => ({
			name: relationKey(routine.schema, routine.name),
			schema: routine.schema,
			kind: ROUTINE_KINDS[routine.kind] ?? 'function',
			arguments: routine.arguments,
			language: routine.language,
			...(routine.comment !== null ? {comment: routine.comment} : {}),
		})),
	};
}

function partitioningOf(definition: string): Partitioning {
	const match = /^(HASH|RANGE|LIST) \((.+)\)$/i.exec(definition);
	const column = match?.[2]?.replace(/"/g, '') ?? '';
	return match?.[1]?.toUpperCase() === 'HASH'
		? {kind: 'hash', column, partitions: 0, reason: 'read from the database'}
		: {kind: 'range', column, interval: 'month', reason: 'read from the database'};
}
