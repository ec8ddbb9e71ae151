/**
 * The Design: the schema the engine derives from a Session — tables, columns with the reason
 * for each type, constraints, indexes with the pattern each serves, triggers, policies.
 *
 * Derived, never saved as a second source of truth. Expressions stay structured until a
 * template renders them (see engine/sql.ts); nothing here is a pre-joined SQL string except
 * function bodies, which are fixed text written by the engine itself.
 */
import type {ImportedVerbatim, OnDelete} from './session.js';

/** A PostgreSQL column type, kept structured. */
export interface SqlType {
	readonly name:
		| 'smallint'
		| 'integer'
		| 'bigint'
		| 'numeric'
		| 'real'
		| 'double precision'
		| 'text'
		| 'varchar'
		| 'citext'
		| 'boolean'
		| 'date'
		| 'timestamptz'
		| 'timestamp'
		| 'time'
		| 'interval'
		| 'uuid'
		| 'jsonb'
		| 'json'
		| 'bytea'
		| 'inet'
		| 'tsvector'
		| 'other';
	/** For `other` (an enum, a domain, a type of an extension): the type as format_type() spells it. */
	readonly raw?: string;
	readonly length?: number;
	readonly precision?: number;
	readonly scale?: number;
	readonly isArray?: boolean;
}

/** A literal value as stored in the design. */
export type Literal = string | number | boolean;

/** A column default or generated expression, structured. */
export type SqlExpression =
	| {readonly kind: 'literal'; readonly value: Literal | null}
	| {readonly kind: 'now'}
	| {readonly kind: 'current-date'}
	| {readonly kind: 'gen-random-uuid'}
	| {readonly kind: 'empty-array'}
	| {readonly kind: 'empty-object'}
	/** `schema` is set for a sequence outside public (read from an existing database). */
	| {readonly kind: 'nextval'; readonly sequence: string; readonly schema?: string}
	/** SQL read from an existing database, kept as PostgreSQL printed it. */
	| {readonly kind: 'raw'; readonly sql: string}
	| {
			readonly kind: 'tsvector';
			readonly language: string;
			readonly weighted: readonly {readonly column: string; readonly weight: 'A' | 'B' | 'C' | 'D'}[];
	  };

/** Where a column came from, so reviews and lint can explain it. */
export type ColumnOrigin =
	| 'primary-key'
	| 'field'
	| 'foreign-key'
	| 'owner'
	| 'audit'
	| 'soft-delete'
	| 'search'
	| 'partition-key';

/** The semantic role of a column, which drives sample data and Python types. */
export type ColumnRole =
	| 'plain'
	| 'email'
	| 'password-hash'
	| 'url'
	| 'money'
	| 'created-at'
	| 'updated-at'
	| 'deleted-at';

/** A structured CHECK rule: rendered to SQL by one function, so literals are always escaped. */
export type CheckRule =
	| {readonly kind: 'range'; readonly column: string; readonly min?: number; readonly max?: number}
	| {readonly kind: 'length'; readonly column: string; readonly min?: number; readonly max?: number}
	| {readonly kind: 'one-of'; readonly column: string; readonly values: readonly Literal[]}
	| {readonly kind: 'pattern'; readonly column: string; readonly regex: string}
	| {readonly kind: 'not-blank'; readonly column: string}
	/** A CHECK read from an existing database, as pg_get_constraintdef printed it (without CHECK). */
	| {readonly kind: 'expression'; readonly column?: string; readonly sql: string};

/** One column. */
export interface Column {
	readonly name: string;
	readonly type: SqlType;
	readonly nullable: boolean;
	readonly default?: SqlExpression;
	readonly identity?: 'always' | 'by-default';
	readonly generated?: SqlExpression;
	/** Why this type, in one line: shown in reviews and as the column comment. */
	readonly reason: string;
	readonly comment?: string;
	readonly origin: ColumnOrigin;
	readonly role: ColumnRole;
	/** The Session field this column was made from, when there is one. */
	readonly field?: string;
	/** Read from an existing database: a collation other than the type's default. */
	readonly collation?: string;
}

export interface PrimaryKey {
	readonly name: string;
	readonly columns: readonly string[];
}

export interface UniqueConstraint {
	readonly name: string;
	readonly columns: readonly string[];
	readonly reason: string;
	/** Read from an existing database: the constraint as pg_get_constraintdef printed it (DEFERRABLE, INCLUDE ...). */
	readonly definition?: string;
}

export interface ForeignKey {
	readonly name: string;
	readonly columns: readonly string[];
	readonly refTable: string;
	readonly refColumns: readonly string[];
	readonly onDelete: OnDelete;
	/** For ON DELETE SET NULL on a composite key: only these columns are nulled (PostgreSQL 15+). */
	readonly setNullColumns?: readonly string[];
	readonly reason: string;
	/** The relationship's kind, for models.py and the ER diagram. */
	readonly cardinality: 'one-to-many' | 'one-to-one' | 'many-to-many' | 'owner';
	/** Read from an existing database: the constraint as pg_get_constraintdef printed it (ON UPDATE, MATCH, NOT VALID ...). */
	readonly definition?: string;
	/** Read from an existing database: added NOT VALID and never validated, so old rows may break it. */
	readonly notValid?: true;
}

export interface CheckConstraint {
	readonly name: string;
	readonly rule: CheckRule;
	readonly reason: string;
	/** Read from an existing database: added NOT VALID and never validated. */
	readonly notValid?: true;
}

/** How a table is partitioned, at billions of rows. */
export type Partitioning =
	| {readonly kind: 'hash'; readonly column: string; readonly partitions: number; readonly reason: string}
	| {readonly kind: 'range'; readonly column: string; readonly interval: 'month'; readonly reason: string};

export interface Table {
	readonly name: string;
	/** The Python class name in models.py. */
	readonly className: string;
	readonly kind: 'entity' | 'junction';
	readonly comment: string;
	readonly columns: readonly Column[];
	readonly primaryKey: PrimaryKey;
	readonly uniques: readonly UniqueConstraint[];
	readonly foreignKeys: readonly ForeignKey[];
	readonly checks: readonly CheckConstraint[];
	/** The row count the user expects. */
	readonly rows: number;
	readonly softDelete: boolean;
	readonly appendOnly: boolean;
	/** The column holding the owner (user or tenant) under isolation, when the table is isolated. */
	readonly ownerColumn?: string;
	readonly rowLevelSecurity: boolean;
	/** FORCE ROW LEVEL SECURITY; designs derived by the engine force it whenever RLS is on. */
	readonly forceRowLevelSecurity?: boolean;
	readonly partitioning?: Partitioning;
	/** Read from an existing schema (import): rendered as it is, not seeded, not given CRUD queries. */
	readonly imported?: boolean;
	/**
	 * Read from an existing database, for a table outside the `public` schema: its schema. The
	 * table's `name` is then `schema.relname` (see relationKey), so names stay unique across
	 * schemas and every reference (foreign keys, indexes, triggers) keeps working by name.
	 */
	readonly schema?: string;
	/** Read from an existing database: the partitioned table this one is a partition of (its name). */
	readonly partitionOf?: string;
	/** Read from an existing database: the tables this one inherits from (INHERITS), by name. */
	readonly inherits?: readonly string[];
}

/** One key of an index: a column or a structured expression. */
export type IndexKey =
	| {readonly column: string; readonly descending?: boolean}
	| {readonly expression: 'lower'; readonly column: string; readonly descending?: boolean}
	/** An expression read from an existing database; `column` is the first column it uses, or ''. */
	| {readonly expression: 'sql'; readonly sql: string; readonly column: string; readonly descending?: boolean};

/** A constant predicate, for partial indexes and query filters. */
export type Predicate =
	| {readonly column: string; readonly op: 'is-null' | 'is-not-null' | 'is-true' | 'is-false'}
	| {readonly column: string; readonly op: 'equals'; readonly value: Literal}
	/** A predicate read from an existing database, as PostgreSQL printed it. */
	| {readonly column: string; readonly op: 'sql'; readonly sql: string};

/** Why an index exists; `existing` ones were read from a database, reasons unknown. */
export type IndexOrigin = 'foreign-key' | 'access-pattern' | 'unique' | 'search' | 'override' | 'time-series' | 'existing';

export interface Index {
	readonly name: string;
	readonly table: string;
	readonly method: 'btree' | 'gin' | 'brin' | 'hash' | 'gist' | 'spgist';
	readonly keys: readonly IndexKey[];
	readonly include: readonly string[];
	readonly where: readonly Predicate[];
	readonly unique: boolean;
	/** Why the index exists, in a sentence: the comment above it in indexes.sql. */
	readonly rationale: string;
	/** Names of the access patterns (and FK constraints) it serves. */
	readonly serves: readonly string[];
	readonly origin: IndexOrigin;
	/** Read from an existing database: the CREATE INDEX as pg_get_indexdef printed it (operator classes, collations, storage). */
	readonly definition?: string;
	/** Read from a live database: a failed CREATE INDEX CONCURRENTLY left it INVALID (pg_dump leaves such indexes out). */
	readonly invalid?: true;
	/** Read from an existing database, for an index outside `public`: its schema (`name` is then `schema.indexname`). */
	readonly schema?: string;
}

/** An index the planner folded into another, shown so the user knows why it is absent. */
export interface FoldedIndex {
	readonly table: string;
	readonly keys: readonly IndexKey[];
	readonly where: readonly Predicate[];
	readonly into: string;
	readonly serves: readonly string[];
}

/** A sequence owned by a column: used instead of identity on partitioned tables (identity needs PostgreSQL 17 there). */
export interface Sequence {
	readonly name: string;
	readonly table: string;
	readonly column: string;
}

export interface SqlFunction {
	readonly name: string;
	/** The argument list as written in the signature, e.g. `month date` (fixed text from the engine). */
	readonly arguments: string;
	readonly returns: string;
	readonly language: 'plpgsql' | 'sql';
	readonly volatility: 'volatile' | 'stable' | 'immutable';
	/** The body, fixed text written by the engine (never user input). */
	readonly body: string;
	readonly comment: string;
}

export interface Trigger {
	readonly name: string;
	readonly table: string;
	readonly timing: 'before' | 'after';
	readonly events: readonly ('insert' | 'update' | 'delete')[];
	readonly function: string;
	readonly comment: string;
	/** Read from an existing database: the whole CREATE TRIGGER as pg_get_triggerdef printed it. */
	readonly definition?: string;
}

/** An RLS policy comparing the owner column with the current owner setting. */
export interface Policy {
	readonly name: string;
	readonly table: string;
	readonly column: string;
	readonly ownerFunction: string;
	readonly comment: string;
	/** A policy read from an existing database: its USING expression as PostgreSQL printed it. */
	readonly using?: string;
	/** Read from an existing database: the whole CREATE POLICY statement. */
	readonly definition?: string;
}

/** The runtime role an application connects as (subject to RLS). */
export interface Role {
	readonly name: string;
	readonly comment: string;
}

/** The isolation the design enforces. */
export interface Isolation {
	readonly mode: 'none' | 'user' | 'tenant';
	readonly enforcement: 'application' | 'rls';
	readonly ownerTable?: string;
	/** The setting the application sets per transaction for RLS (app.user_id / app.tenant_id). */
	readonly setting?: string;
	readonly ownerFunction?: string;
}

/** A resolved access pattern: what a query filters, sorts and returns, in column names. */
export interface QueryPattern {
	readonly name: string;
	readonly table: string;
	readonly kind: 'list' | 'count' | 'get' | 'search';
	readonly equals: readonly string[];
	readonly ranges: readonly string[];
	readonly conditions: readonly Predicate[];
	readonly sort: readonly {readonly column: string; readonly descending: boolean}[];
	readonly limit?: number;
	readonly select: readonly string[];
	readonly perSecond: number;
	readonly description: string;
	/** The index planned for it, if any. */
	readonly index?: string;
}

/** A decision and its trade-off, for README.md and PERFORMANCE.md. */
export interface DesignNote {
	readonly topic: string;
	readonly decision: string;
	readonly tradeoff: string;
}

export interface PoolSizing {
	readonly appInstances: number;
	readonly workersPerInstance: number;
	readonly databaseCores: number;
	readonly maxConnections: number;
	readonly pooler: 'pgbouncer' | 'none';
	/** Connections each application instance keeps open. */
	readonly poolPerInstance: number;
	/** Server connections that do work at once (the pooler's default_pool_size, or the total). */
	readonly serverConnections: number;
	readonly clientConnections: number;
	readonly reasoning: readonly string[];
	readonly pgbouncerIni?: string;
}

/** Statements an imported schema holds that the model does not represent, carried as they were. */
export type Verbatim = ImportedVerbatim;

/** The kinds of named objects a catalog holds, as catalog linters name them. */
export type CatalogObjectKind =
	| 'table'
	| 'partitioned table'
	| 'index'
	| 'partitioned index'
	| 'sequence'
	| 'view'
	| 'materialized view'
	| 'function'
	| 'procedure'
	| 'aggregate'
	| 'constraint';

/** A named object of an existing database. */
export interface CatalogObject {
	readonly schema: string;
	/** Its own name, as the catalog holds it (not quoted, not qualified). */
	readonly name: string;
	readonly kind: CatalogObjectKind;
	/** For an index or a constraint: the name (relationKey) of its table. */
	readonly table?: string;
	/** For a relation: whether it is a partition. */
	readonly partition?: boolean;
	/**
	 * For a constraint: PostgreSQL made it from one of the parent table's (a partition's copy of the
	 * parent's key or foreign key, an inherited CHECK); it is renamed and dropped through the parent.
	 */
	readonly inherited?: true;
	/**
	 * For a view or materialized view: the table columns its query reads (table by relationKey).
	 * PostgreSQL refuses to change the type of such a column while the view exists.
	 */
	readonly reads?: readonly {readonly table: string; readonly column: string}[];
}

/** A sequence of an existing database, with its state when read from a live one. */
export interface CatalogSequence {
	/** relationKey of the sequence. */
	readonly name: string;
	readonly schema: string;
	readonly dataType: 'smallint' | 'integer' | 'bigint';
	/** Bounds and positions as decimal strings: bigint bounds do not fit a JavaScript number. */
	readonly min: string;
	readonly max: string;
	readonly increment: string;
	/** The value the first nextval returns (START WITH), a decimal string. */
	readonly start?: string;
	readonly cycle: boolean;
	/** The last value handed out, when read from a live database and nextval was ever called. */
	readonly lastValue?: string;
	/** The column that owns it: serial / bigserial (OWNED BY) or identity. */
	readonly ownedBy?: {readonly table: string; readonly column: string; readonly identity: boolean};
}

/** A function, procedure or aggregate of an existing database. */
export interface CatalogRoutine {
	/** relationKey-style name: `name` in public, `schema.name` elsewhere. */
	readonly name: string;
	readonly schema: string;
	readonly kind: 'function' | 'procedure' | 'aggregate' | 'window';
	/** The identity argument list, as pg_get_function_identity_arguments prints it. */
	readonly arguments: string;
	readonly language: string;
	readonly comment?: string;
}

/**
 * What an existing database holds beyond its tables, read from its catalog for lint: every named
 * object, sequences with their bounds (and position, from a live database) and routines.
 */
export interface Catalog {
	/** Whether live state was read (sequence positions, invalid indexes): not from a schema file. */
	readonly live: boolean;
	readonly objects: readonly CatalogObject[];
	readonly sequences: readonly CatalogSequence[];
	readonly routines: readonly CatalogRoutine[];
}

export interface Design {
	readonly project: {readonly name: string; readonly description: string};
	readonly keyStrategy: 'bigint-identity' | 'uuid';
	readonly readWrite: 'read-heavy' | 'balanced' | 'write-heavy';
	readonly p95Ms: number;
	readonly isolation: Isolation;
	readonly extensions: readonly string[];
	readonly functions: readonly SqlFunction[];
	readonly sequences: readonly Sequence[];
	readonly tables: readonly Table[];
	readonly indexes: readonly Index[];
	readonly folded: readonly FoldedIndex[];
	readonly triggers: readonly Trigger[];
	readonly policies: readonly Policy[];
	readonly roles: readonly Role[];
	readonly patterns: readonly QueryPattern[];
	readonly notes: readonly DesignNote[];
	readonly pool: PoolSizing;
	readonly sample: {readonly seed: number; readonly seedRows: number; readonly validationRows: number};
	readonly verbatim?: Verbatim;
	/** Read from an existing database: what it holds beyond the tables, for lint. */
	readonly catalog?: Catalog;
}
