/**
 * The Session: every answer the user gives across the five phases, and nothing derived.
 *
 * It is the one source of truth: the Design is derived from it by the engine and never saved.
 * Hand-written sessions are validated by the same schema (published as session.schema.json).
 */
import {z} from 'zod';
import {checkIdentifier, type NameKind} from '../engine/naming.js';

/** The session format version this build reads and writes. */
export const SESSION_VERSION = 1;

const identifier = (kind: NameKind) =>
	z.string().superRefine((value, ctx) => {
		const problem = checkIdentifier(value, kind);
		if (problem) ctx.addIssue({code: 'custom', message: problem});
	});

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why a folder name cannot be taken, if it cannot: it is shown on screen and in messages, so no
 * control character (a NUL, a newline, a terminal escape) may hide in it.
 */
export function folderProblem(folder: string): string | undefined {
	if (folder.trim() === '') return 'Type a folder, as in ./db';
	if (folder.includes('\u0000')) return 'A folder name cannot hold a NUL character.';
	if (/\p{Cc}/u.test(folder)) return 'A folder name cannot hold control characters (a newline, a tab, an escape).';
	if (LONE_SURROGATE.test(folder)) return 'A folder name must be valid Unicode: it holds half of a surrogate pair.';
	return undefined;
}

const folder = z
	.string()
	.max(4096)
	.superRefine((value, ctx) => {
		const problem = folderProblem(value);
		if (problem) ctx.addIssue({code: 'custom', message: problem});
	});

const text = (max: number) =>
	z
		.string()
		.max(max)
		// NUL cannot be stored in PostgreSQL text and would end a C string early.
		.refine((value) => !value.includes('\u0000'), 'must not contain a NUL character')
		// Half of a surrogate pair is no character: written as UTF-8 it would become U+FFFD.
		.refine((value) => !LONE_SURROGATE.test(value), 'must be valid Unicode: it holds half of a surrogate pair');

/** What happens to child rows when their parent row is deleted. */
export const OnDelete = z.enum(['cascade', 'restrict', 'set-null', 'no-action']).meta({
	description:
		'cascade: delete the children too; restrict: refuse while children exist; set-null: keep them, owned by nobody; no-action: like restrict, checked at the end of the statement',
});
export type OnDelete = z.infer<typeof OnDelete>;

/** The user's vocabulary for field types; the engine picks the PostgreSQL type and says why. */
export const FieldType = z.enum([
	'text',
	'varchar',
	'int',
	'smallint',
	'bigint',
	'numeric',
	'money',
	'float',
	'bool',
	'date',
	'timestamptz',
	'time',
	'interval',
	'uuid',
	'jsonb',
	'bytes',
	'inet',
	'email',
	'password',
	'url',
]);
export type FieldType = z.infer<typeof FieldType>;

/** Concrete PostgreSQL types a field may be pinned to, overriding the engine's choice. */
export const ConcreteType = z.enum([
	'smallint',
	'integer',
	'bigint',
	'numeric',
	'real',
	'double precision',
	'text',
	'varchar',
	'citext',
	'boolean',
	'date',
	'timestamptz',
	'time',
	'interval',
	'uuid',
	'jsonb',
	'bytea',
	'inet',
]);
export type ConcreteType = z.infer<typeof ConcreteType>;

const scalar = z.union([text(1000), z.number().finite(), z.boolean()], {error: 'must be text, a number or true/false'});

/** A default value: a literal of the field's type, or one of the functions PostgreSQL evaluates per row. */
export const FieldDefault = z.union([scalar, z.strictObject({fn: z.enum(['now', 'today', 'uuid', 'empty-array', 'empty-object'])})], {
	error: 'must be a value (text, a number, true or false) or {"fn": "now" | "today" | "uuid" | "empty-array" | "empty-object"}',
});
export type FieldDefault = z.infer<typeof FieldDefault>;

/** Business rules as structured data, rendered as CHECK constraints; never raw SQL. */
export const FieldCheck = z.strictObject({
	min: z.number().finite().optional().meta({description: 'smallest allowed value (included)'}),
	max: z.number().finite().optional().meta({description: 'largest allowed value (included)'}),
	minLength: z.int().min(0).optional(),
	maxLength: z.int().min(1).optional(),
	oneOf: z
		.array(z.union([text(200), z.number().finite()], {error: 'each allowed value must be text (at most 200 characters) or a number'}))
		.min(1)
		.optional()
		.meta({description: 'the only allowed values'}),
	pattern: text(500)
		.refine(isValidRegex, 'is not a valid regular expression')
		.optional()
		.meta({description: 'a POSIX regular expression the whole value must match, e.g. ^[A-Z]{3}$'}),
});
export type FieldCheck = z.infer<typeof FieldCheck>;

/** One field of an entity, as the user described it. */
export const Field = z.strictObject({
	name: identifier('field'),
	type: FieldType,
	required: z.boolean().default(true).meta({description: 'NOT NULL unless false'}),
	unique: z.boolean().default(false),
	array: z.boolean().default(false).meta({description: 'a list of values (type[])'}),
	length: z.int().min(1).max(10_485_760).optional().meta({description: 'stated limit for varchar'}),
	precision: z.int().min(1).max(1000).optional(),
	scale: z.int().min(0).max(1000).optional(),
	default: FieldDefault.optional(),
	check: FieldCheck.optional(),
	typeOverride: ConcreteType.optional(),
	description: text(500).optional(),
});
export type Field = z.infer<typeof Field>;

/** Rough row counts, or an exact estimate. */
export const Volume = z.union([z.enum(['thousands', 'millions', 'billions']), z.int().min(0).max(1e15)], {
	error: 'must be thousands, millions, billions or a whole number of rows from 0 to 1,000,000,000,000,000',
});
export type Volume = z.infer<typeof Volume>;

/** Full-text search over some text fields of an entity. */
export const Search = z.strictObject({
	fields: z.array(identifier('field')).min(1),
	language: z
		.enum(['simple', 'english', 'french', 'german', 'spanish', 'italian', 'portuguese', 'dutch', 'russian'])
		.default('english'),
});

/** One entity: a table of the design. */
export const Entity = z.strictObject({
	name: identifier('table').meta({description: 'table name: plural, snake_case, e.g. order_items'}),
	description: text(500).optional(),
	fields: z.array(Field).default([]),
	volume: Volume.default('thousands'),
	softDelete: z.boolean().default(false),
	appendOnly: z.boolean().default(false).meta({description: 'rows are inserted, rarely updated: events, logs'}),
	search: Search.optional(),
});
export type Entity = z.infer<typeof Entity>;

const parentChild = {
	parent: identifier('table'),
	child: identifier('table'),
	column: identifier('column').optional().meta({description: 'the FK column on child; default <parent singular>_id'}),
	required: z.boolean().default(true),
	onDelete: OnDelete,
	description: text(500).optional(),
};

/** How entities relate. The child of a one-to-many holds the foreign key. */
export const Relationship = z.discriminatedUnion('kind', [
	z.strictObject({kind: z.literal('one-to-many'), ...parentChild}),
	z.strictObject({kind: z.literal('one-to-one'), ...parentChild}),
	z.strictObject({
		kind: z.literal('many-to-many'),
		left: identifier('table'),
		right: identifier('table'),
		through: identifier('table').optional().meta({description: 'junction table; default <left singular>_<right>'}),
		onDelete: OnDelete.default('cascade'),
		description: text(500).optional(),
	}),
]);
export type Relationship = z.infer<typeof Relationship>;

/** A constant filter of an access pattern: it becomes a partial index predicate. */
export const Condition = z.union([
	z.strictObject({column: identifier('column'), is: z.enum(['null', 'not-null', 'true', 'false'])}),
	z.strictObject({column: identifier('column'), equals: z.union([text(200), z.number().finite()], {error: 'must be text (at most 200 characters) or a number'})}),
]);
export type Condition = z.infer<typeof Condition>;

const SortKey = z.strictObject({
	column: identifier('column'),
	direction: z.enum(['asc', 'desc']).default('asc'),
});

/** A query the application runs often: the index planner works from these. */
export const AccessPattern = z.strictObject({
	name: z
		.string()
		.regex(/^[A-Z][A-Za-z0-9]{0,62}$/, 'must be a PascalCase query name such as ListPendingTasks'),
	entity: identifier('table'),
	kind: z.enum(['list', 'count', 'get', 'search']).default('list'),
	equals: z.array(identifier('column')).default([]).meta({description: 'columns compared with = to a parameter'}),
	ranges: z.array(identifier('column')).default([]).meta({description: 'columns compared with a range of parameters'}),
	conditions: z.array(Condition).default([]),
	sort: z.array(SortKey).default([]),
	limit: z.int().min(1).max(10_000).optional(),
	select: z.array(identifier('column')).optional().meta({description: 'columns returned; all when absent'}),
	perSecond: z.number().min(0).max(1e7).default(1),
	description: text(500).optional(),
});
export type AccessPattern = z.infer<typeof AccessPattern>;

/** An index the user adds by hand, with a reason. */
export const IndexAddition = z.strictObject({
	entity: identifier('table'),
	columns: z.array(z.union([identifier('column'), SortKey])).min(1),
	unique: z.boolean().default(false),
	include: z.array(identifier('column')).default([]),
	where: z.array(Condition).default([]),
	method: z.enum(['btree', 'gin', 'brin', 'hash']).default('btree'),
	reason: text(500).min(1, 'say why this index is needed'),
});
export type IndexAddition = z.infer<typeof IndexAddition>;

/** A lint finding the user keeps, with the reason. */
export const Suppression = z.strictObject({
	rule: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a rule id such as prefer-text-field'),
	target: text(300).min(1),
	reason: text(500).min(1, 'a suppression needs a reason'),
});
export type Suppression = z.infer<typeof Suppression>;

/** One statement of an imported schema kept as it was written. */
export const VerbatimStatement = z.strictObject({
	sql: z.string().min(1),
	line: z.int().min(1).meta({description: 'its line in the imported file'}),
	kind: z.string().max(100).meta({description: 'what it is: function, view, grant ...'}),
	idempotent: z.boolean().meta({description: 'running it twice changes nothing, so migrations need no guard around it'}),
});
export type VerbatimStatement = z.infer<typeof VerbatimStatement>;

/** The statements of an imported schema that the design does not represent. */
export const ImportedVerbatim = z.strictObject({
	before: z.array(VerbatimStatement).default([]).meta({description: 'before the tables: extensions, types, domains, sequences, functions'}),
	after: z.array(VerbatimStatement).default([]).meta({description: 'after the tables: views, partitioned tables, grants, rules'}),
	afterIndexes: z.array(VerbatimStatement).default([]).meta({description: 'after the indexes: what names one of them'}),
	dropFirst: z.array(z.string().min(1)).default([]).meta({description: 'what the down migration runs before it drops the tables: views, verbatim tables'}),
	dropLast: z.array(z.string().min(1)).default([]).meta({description: 'what the down migration runs after it dropped the tables: functions, types, sequences, schemas, extensions'}),
	tables: z.array(z.string()).default([]).meta({description: 'tables kept verbatim, schema-qualified SQL names: the down migration checks them for rows too'}),
});
export type ImportedVerbatim = z.infer<typeof ImportedVerbatim>;

// Outside public, imported names are relationKeys (`schema.name`): two identifiers and a dot.
const named = {name: z.string().min(1).max(127)};
const onTable = {...named, table: z.string().min(1).max(127)};

/**
 * An existing schema brought in by `pg-designer import`. Its objects are in the shape of the
 * Design model (source/model/design.ts) as read from the catalog; the engine checks them as it
 * derives the design.
 */
export const Imported = z.strictObject({
	source: text(1000).meta({description: 'where the schema came from: a file, or a database URL without its password'}),
	tables: z.array(z.looseObject({...named, columns: z.array(z.looseObject(named))})).default([]),
	indexes: z.array(z.looseObject(onTable)).default([]),
	triggers: z.array(z.looseObject(onTable)).default([]),
	policies: z.array(z.looseObject(onTable)).default([]),
	verbatim: ImportedVerbatim.default({before: [], after: [], afterIndexes: [], dropFirst: [], dropLast: [], tables: []}),
	catalog: z
		.looseObject({
			live: z.boolean(),
			objects: z.array(z.looseObject({schema: z.string(), name: z.string(), kind: z.string()})),
			sequences: z.array(z.looseObject({name: z.string()})),
			routines: z.array(z.looseObject({name: z.string()})),
		})
		.optional()
		.meta({description: 'what the imported database held beyond its tables, as read at import (for lint): named objects, sequences (with positions, from a live database), routines'}),
});
export type Imported = z.infer<typeof Imported>;

/** The Session schema, version 1. */
export const Session = z
	.strictObject({
		$schema: z.string().optional(),
		version: z.literal(SESSION_VERSION),
		project: z.strictObject({
			name: z
				.string()
				.regex(/^[a-z][a-z0-9_-]{0,39}$/, 'must be a short lower-case name such as todo-app'),
			description: text(1000).optional(),
		}),
		preset: z.enum(['todo', 'blog', 'saas', 'shop', 'blank']).optional(),
		imported: Imported.optional().meta({description: 'an existing schema read by pg-designer import, kept as it is'}),
		entities: z.array(Entity).default([]),
		relationships: z.array(Relationship).default([]),
		accessPatterns: z.array(AccessPattern).default([]),
		workload: z
			.strictObject({
				readWrite: z.enum(['read-heavy', 'balanced', 'write-heavy']).default('balanced'),
				p95Ms: z.number().min(0.1).max(60_000).default(50),
			})
			.default({readWrite: 'balanced', p95Ms: 50}),
		isolation: z
			.strictObject({
				mode: z.enum(['none', 'user', 'tenant']).default('none'),
				enforcement: z.enum(['application', 'rls']).default('application'),
				owner: identifier('table').optional().meta({description: 'the owning entity; default users or tenants'}),
				shared: z.array(identifier('table')).default([]).meta({description: 'entities visible to every owner'}),
				onOwnerDelete: OnDelete.default('cascade'),
			})
			.default({mode: 'none', enforcement: 'application', shared: [], onOwnerDelete: 'cascade'}),
		keys: z
			.strictObject({primaryKey: z.enum(['bigint-identity', 'uuid']).default('bigint-identity')})
			.default({primaryKey: 'bigint-identity'}),
		audit: z.strictObject({timestamps: z.boolean().default(true)}).default({timestamps: true}),
		indexes: z
			.strictObject({
				add: z.array(IndexAddition).default([]),
				drop: z.array(z.string().max(63)).default([]),
			})
			.default({add: [], drop: []}),
		suppressions: z.array(Suppression).default([]),
		deployment: z
			.strictObject({
				appInstances: z.int().min(1).max(10_000).default(2),
				workersPerInstance: z.int().min(1).max(1000).default(4),
				databaseCores: z.int().min(1).max(1024).default(2),
				maxConnections: z.int().min(10).max(100_000).default(100),
				pooler: z.enum(['pgbouncer', 'none']).default('pgbouncer'),
			})
			.default({appInstances: 2, workersPerInstance: 4, databaseCores: 2, maxConnections: 100, pooler: 'pgbouncer'}),
		sampleData: z
			.strictObject({
				seed: z.int().min(0).max(2 ** 31 - 1).default(1),
				seedRows: z.int().min(1).max(1000).default(12).meta({description: 'rows per table in seed.sql, before ratios'}),
				validationRows: z
					.int()
					.min(100)
					.max(100_000_000)
					.default(50_000)
					.meta({description: 'rows on the largest table when validating plans'}),
			})
			.default({seed: 1, seedRows: 12, validationRows: 50_000}),
		wizard: z
			.strictObject({
				step: z.string().max(200).optional().meta({description: 'the step the wizard resumes at'}),
				out: folder.optional().meta({description: 'the folder the wizard writes'}),
				draft: AccessPattern.partial().optional().meta({description: 'an access pattern being built'}),
				written: folder.optional().meta({description: 'where the design was last written'}),
			})
			.optional()
			.meta({description: 'where the interactive wizard stands; ignored by the headless commands'}),
	})
	.superRefine(checkReferences);
export type Session = z.infer<typeof Session>;
export type SessionInput = z.input<typeof Session>;

function isValidRegex(pattern: string): boolean {
	try {
		new RegExp(pattern);
		return true;
	} catch {
		return false;
	}
}

type RefinementContext = z.RefinementCtx<Session>;

/** Cross-field checks: every name refers to something that exists, and answers agree. */
function checkReferences(session: Session, ctx: RefinementContext): void {
	const issue = (path: (string | number)[], message: string) => ctx.addIssue({code: 'custom', path, message});
	const entities = new Map(session.entities.map((entity) => [entity.name, entity]));

	session.entities.forEach((entity, index) => {
		if (session.entities.findIndex((other) => other.name === entity.name) !== index) {
			issue(['entities', index, 'name'], `Two entities are named ${entity.name}: rename one.`);
		}
		entity.fields.forEach((field, fieldIndex) => {
			const path = ['entities', index, 'fields', fieldIndex];
			if (entity.fields.findIndex((other) => other.name === field.name) !== fieldIndex) {
				issue([...path, 'name'], `${entity.name} has two fields named ${field.name}: rename one.`);
			}
			for (const [key, problem] of fieldProblems(field)) issue([...path, ...key.map((part) => (/^\d+$/.test(part) ? Number(part) : part))], `${entity.name}.${field.name}: ${problem}`);
		});
		entity.search?.fields.forEach((name, searchIndex) => {
			const field = entity.fields.find((candidate) => candidate.name === name);
			if (!field) issue(['entities', index, 'search', 'fields', searchIndex], `${entity.name} has no field ${name} to search.`);
			else if (!['text', 'varchar'].includes(field.type) || field.array) {
				issue(['entities', index, 'search', 'fields', searchIndex], `${entity.name}.${name} is ${field.type}; full-text search needs a text field.`);
			}
		});
	});

	const importedTables = new Set(session.imported?.tables.map((table) => table.name));
	session.entities.forEach((entity, index) => {
		if (importedTables.has(entity.name)) issue(['entities', index, 'name'], `${entity.name} is already a table of the imported schema: pick another name.`);
	});

	const needEntity = (path: (string | number)[], name: string, role: string) => {
		if (!entities.has(name)) issue(path, `${role} ${name} is not an entity of this design. Add it, or fix the name.`);
	};

	session.relationships.forEach((relationship, index) => {
		const path = ['relationships', index];
		if (relationship.kind === 'many-to-many') {
			needEntity([...path, 'left'], relationship.left, 'The relationship names');
			needEntity([...path, 'right'], relationship.right, 'The relationship names');
			if (relationship.onDelete === 'set-null') {
				issue([...path, 'onDelete'], 'A many-to-many link cannot be kept with one side missing: choose cascade or restrict.');
			}
			return;
		}
		needEntity([...path, 'parent'], relationship.parent, 'The relationship names');
		needEntity([...path, 'child'], relationship.child, 'The relationship names');
		if (relationship.onDelete === 'set-null' && relationship.required) {
			issue(
				[...path, 'onDelete'],
				`${relationship.child} -> ${relationship.parent} is required (NOT NULL), so ON DELETE SET NULL cannot work: make it optional or choose cascade or restrict.`,
			);
		}
		if (relationship.parent === relationship.child && relationship.required) {
			issue(
				[...path, 'required'],
				`${relationship.child} refers to itself, so the first row has no parent: make the relationship optional (required: false).`,
			);
		}
	});

	const patternNames = new Set<string>();
	session.accessPatterns.forEach((pattern, index) => {
		needEntity(['accessPatterns', index, 'entity'], pattern.entity, `Access pattern ${pattern.name} reads`);
		if (patternNames.has(pattern.name)) {
			issue(['accessPatterns', index, 'name'], `Two access patterns are named ${pattern.name}: rename one.`);
		}
		patternNames.add(pattern.name);
		if (pattern.kind === 'search' && !entities.get(pattern.entity)?.search) {
			issue(['accessPatterns', index, 'kind'], `${pattern.name} is a search, but ${pattern.entity} has no full-text search fields.`);
		}
	});

	session.indexes.add.forEach((addition, index) => needEntity(['indexes', 'add', index, 'entity'], addition.entity, 'The index is on'));

	const {isolation} = session;
	if (isolation.mode !== 'none') {
		const owner = isolation.owner ?? (isolation.mode === 'user' ? 'users' : 'tenants');
		if (!entities.has(owner)) {
			issue(
				['isolation', 'owner'],
				isolation.mode === 'tenant'
					? `Per-tenant isolation needs a tenant entity (${owner}): add one, or choose per user.`
					: `Per-user isolation needs a user entity (${owner}): add one, or name it in isolation.owner.`,
			);
		}
		isolation.shared.forEach((name, index) => needEntity(['isolation', 'shared', index], name, 'The shared entity'));
	} else if (isolation.enforcement === 'rls') {
		issue(['isolation', 'enforcement'], 'Row-Level Security needs per-user or per-tenant isolation: choose one, or enforcement: application.');
	}
}

const NUMERIC_TYPES: ReadonlySet<FieldType> = new Set(['int', 'smallint', 'bigint', 'numeric', 'money', 'float']);
const TEXT_TYPES: ReadonlySet<FieldType> = new Set(['text', 'varchar', 'email', 'url']);

/** A problem of one field: the key under the field it is about, and what is wrong. */
type FieldProblem = readonly [key: readonly string[], message: string];

/** The largest whole number a session keeps exactly: JSON numbers are doubles. */
const EXACT = Number.MAX_SAFE_INTEGER;

/**
 * The numbers a field's column can hold, as the engine will type it: the range of a smallint or
 * an integer, the digits before the point of a numeric(p, s), and whether only whole numbers fit.
 */
function numberRange(field: Field): {readonly min: number; readonly max: number; readonly whole: boolean; readonly type: string} | undefined {
	const type = field.typeOverride ?? field.type;
	if (type === 'smallint') return {min: -32_768, max: 32_767, whole: true, type: 'smallint'};
	if (type === 'integer') return {min: -2_147_483_648, max: 2_147_483_647, whole: true, type: 'integer'};
	if (type === 'int' || type === 'bigint') return {min: -EXACT, max: EXACT, whole: true, type};
	if (type === 'money' || (type === 'numeric' && field.precision !== undefined)) {
		const precision = field.precision ?? 12;
		const scale = field.scale ?? 2;
		const limit = Math.min(10 ** (precision - scale) - 10 ** -scale, EXACT);
		return {min: -limit, max: limit, whole: false, type: `${type === 'money' ? 'money, ' : ''}numeric(${precision},${scale})`};
	}
	if (type === 'numeric') return {min: -EXACT, max: EXACT, whole: false, type};
	return undefined;
}

/** Why a number cannot be a value of the field, if it cannot. */
function numberProblem(field: Field, value: number, what: string): string | undefined {
	const range = numberRange(field);
	if (!range) return undefined;
	const article = /^[aeiou]/.test(range.type) ? 'an' : 'a';
	if (range.whole && !Number.isInteger(value)) return `${what} ${value} is not a whole number, and ${article} ${range.type} holds whole numbers only.`;
	if (value < range.min || value > range.max) {
		const limits = `${range.min.toLocaleString('en-US')} to ${range.max.toLocaleString('en-US')}`;
		const why = Math.abs(value) > EXACT && range.max === EXACT ? `, the largest whole numbers a session keeps exactly` : '';
		return `${what} ${value} is out of range: ${article} ${range.type} here holds ${limits}${why}.`;
	}
	return undefined;
}

/** Contradictions inside one field: a default or a rule that its type cannot hold. */
export function fieldProblems(field: Field): FieldProblem[] {
	const problems: FieldProblem[] = [];
	const problem = (key: readonly string[], message: string | undefined) => void (message && problems.push([key, message]));
	const {check} = field;
	const isNumeric = NUMERIC_TYPES.has(field.type);
	const isText = TEXT_TYPES.has(field.type);
	if (field.type === 'varchar' && field.length === undefined) {
		problem(['length'], 'varchar needs a stated length (length: 50); without one, use text.');
	}
	if (field.length !== undefined && field.type !== 'varchar' && field.typeOverride !== 'varchar') {
		problem(['length'], 'length applies to varchar only; for text, use check.maxLength.');
	}
	if ((field.precision !== undefined || field.scale !== undefined) && !['numeric', 'money'].includes(field.type)) {
		problem([field.precision !== undefined ? 'precision' : 'scale'], 'precision and scale apply to numeric and money only.');
	}
	if (field.scale !== undefined && field.precision !== undefined && field.scale > field.precision) {
		problem(['scale'], `scale ${field.scale} is larger than precision ${field.precision}.`);
	}
	if (field.type === 'password' && (field.unique || field.default !== undefined || check)) {
		problem([field.default !== undefined ? 'default' : check ? 'check' : 'unique'], 'a password is stored only as a hash: it takes no default, unique or check rule.');
	}
	if (check) {
		if ((check.min !== undefined || check.max !== undefined) && !isNumeric) {
			problem(['check', check.min !== undefined ? 'min' : 'max'], `min/max apply to numbers; ${field.type} is not one (use minLength/maxLength for text).`);
		}
		if (check.min !== undefined && check.max !== undefined && check.min > check.max) {
			problem(['check', 'min'], `min ${check.min} is larger than max ${check.max}: no value could be stored.`);
		}
		if (isNumeric && !field.array) {
			if (check.min !== undefined) problem(['check', 'min'], numberProblem(field, check.min, 'min'));
			if (check.max !== undefined) problem(['check', 'max'], numberProblem(field, check.max, 'max'));
		}
		if ((check.minLength !== undefined || check.maxLength !== undefined || check.pattern !== undefined) && !isText) {
			problem(['check', check.pattern !== undefined ? 'pattern' : check.minLength !== undefined ? 'minLength' : 'maxLength'], `length and pattern rules apply to text; ${field.type} is not text.`);
		}
		if (check.minLength !== undefined && check.maxLength !== undefined && check.minLength > check.maxLength) {
			problem(['check', 'minLength'], `minLength ${check.minLength} is larger than maxLength ${check.maxLength}.`);
		}
		if (check.oneOf) {
			const wrong = check.oneOf.findIndex((value) => (isNumeric ? typeof value !== 'number' : typeof value !== 'string'));
			if (wrong >= 0) problem(['check', 'oneOf', String(wrong)], `oneOf holds ${JSON.stringify(check.oneOf[wrong])}, which is not a ${field.type}.`);
			if (!isNumeric && !isText) problem(['check', 'oneOf'], `oneOf applies to text and numbers, not ${field.type}.`);
			if (isNumeric) check.oneOf.forEach((value, index) => typeof value === 'number' && problem(['check', 'oneOf', String(index)], numberProblem(field, value, 'the allowed value')));
		}
		if (field.array) problem(['check'], 'check rules apply to single values, not arrays.');
	}
	if (field.default !== undefined) problem(['default'], defaultProblem(field, isNumeric, isText));
	return problems;
}

function defaultProblem(field: Field, isNumeric: boolean, isText: boolean): string | undefined {
	const value = field.default;
	if (value === undefined) return undefined;
	if (typeof value === 'object') {
		const fits: Record<typeof value.fn, boolean> = {
			now: field.type === 'timestamptz' && !field.array,
			today: field.type === 'date' && !field.array,
			uuid: field.type === 'uuid' && !field.array,
			'empty-array': field.array,
			'empty-object': field.type === 'jsonb' && !field.array,
		};
		return fits[value.fn] ? undefined : `the default ${value.fn} does not fit a ${field.type}${field.array ? '[]' : ''}.`;
	}
	if (field.array) return 'an array field takes the default {fn: "empty-array"} only.';
	if (isNumeric) {
		if (typeof value !== 'number') return `the default ${JSON.stringify(value)} is not a number.`;
		const {check} = field;
		if (check?.min !== undefined && value < check.min) return `the default ${value} is below min ${check.min}.`;
		if (check?.max !== undefined && value > check.max) return `the default ${value} is above max ${check.max}.`;
		return numberProblem(field, value, 'the default');
	}
	if (field.type === 'bool') return typeof value === 'boolean' ? undefined : `the default ${JSON.stringify(value)} is not true or false.`;
	if (isText) {
		if (typeof value !== 'string') return `the default ${JSON.stringify(value)} is not text.`;
		if (field.check?.oneOf && !field.check.oneOf.includes(value)) return `the default ${JSON.stringify(value)} is not one of the allowed values.`;
		const {minLength, maxLength} = field.check ?? {};
		const length = [...value].length;
		if (minLength !== undefined && length < minLength) return `the default ${JSON.stringify(value)} is shorter than minLength ${minLength}.`;
		if (maxLength !== undefined && length > maxLength) return `the default ${JSON.stringify(value)} is longer than maxLength ${maxLength}.`;
		if (field.length !== undefined && length > field.length) return `the default ${JSON.stringify(value)} is longer than varchar(${field.length}).`;
		return undefined;
	}
	if (field.type === 'jsonb') return undefined;
	if (typeof value !== 'string') return `the default ${JSON.stringify(value)} does not fit a ${field.type}.`;
	return undefined;
}
