/**
 * DDL statements of a design, shared by schema.sql / indexes.sql and the first migration, so
 * "all ups = schema.sql + indexes.sql" holds by construction. With `guarded`, every statement is
 * written so that running it twice changes nothing (IF NOT EXISTS, or a catalog check in a DO block).
 */
import type {Column, Design, ForeignKey, Index, Policy, SqlFunction, Table, Trigger} from '../source/model/design.js';
import type {VerbatimStatement} from '../source/model/session.js';
import {findTable, perDesign} from '../source/engine/lookup.js';
import {derivedName} from '../source/engine/naming.js';
import {
	dollarQuote,
	identList,
	localName,
	onDeleteSql,
	quoteIdent,
	quoteLiteral,
	quoteTable,
	renderCheck,
	renderExpression,
	renderIndexKey,
	renderPredicates,
	renderType,
} from '../source/engine/sql.js';
import {aligned, commentLines, commentText} from './lines.js';

export interface DdlOptions {
	/** Make every statement safe to run twice. */
	readonly guarded: boolean;
}

/** Statement blocks of schema.sql, in dependency order; each block is complete SQL. */
export function schemaBlocks(design: Design, options: DdlOptions): string[][] {
	const blocks: string[][] = [];
	const verbatim = design.verbatim;
	if (verbatim && verbatim.before.length > 0) blocks.push(verbatimBefore(verbatim.before, options));
	if (design.extensions.length > 0) blocks.push(design.extensions.map((name) => `CREATE EXTENSION IF NOT EXISTS ${quoteIdent(name)};`));
	for (const fn of design.functions) blocks.push(functionStatement(fn));
	for (const sequence of design.sequences) {
		blocks.push([`CREATE SEQUENCE ${options.guarded ? 'IF NOT EXISTS ' : ''}${quoteIdent(sequence.name)} AS bigint;`]);
	}
	const order = new Map(design.tables.map((table, position) => [table.name, position]));
	const deferred: {table: Table; fk: ForeignKey}[] = [];
	const late = new Set(foreignKeysOnIndexes(design).map(({fk}) => fk));
	for (const table of design.tables) {
		const early = table.foreignKeys.filter((fk) => !late.has(fk));
		// NOT VALID (kept from an imported schema) exists only for a constraint added to a table.
		const inline = early.filter((fk) => (order.get(fk.refTable) ?? -1) <= order.get(table.name)! && !fk.definition?.endsWith(' NOT VALID'));
		deferred.push(...early.filter((fk) => !inline.includes(fk)).map((fk) => ({table, fk})));
		blocks.push(tableBlock(design, table, inline, options));
	}
	for (const {table, fk} of deferred) blocks.push(addForeignKey(table, fk, options));
	for (const table of design.tables) {
		for (const check of table.checks.filter((candidate) => candidate.notValid)) blocks.push(addNotValidCheck(table, check, options));
	}
	for (const trigger of design.triggers) blocks.push(triggerStatements(trigger, options, relationSql(design, trigger.table)));
	if (design.roles.length > 0 || design.policies.length > 0 || design.tables.some((table) => table.rowLevelSecurity)) blocks.push(...securityBlocks(design, options));
	if (verbatim && verbatim.after.length > 0) blocks.push(verbatimBlock('after the tables', verbatim.after, options));
	return blocks;
}

/** A table with its partitions, owned sequences and comments; foreign keys beyond `inline` are added elsewhere. */
export function tableBlock(design: Design, table: Table, inline: readonly ForeignKey[], options: DdlOptions): string[] {
	return [...createTable(table, inline, options), ...partitionStatements(table, options), ...ownedSequences(design, table), ...comments(table)];
}

/** Statement blocks of indexes.sql: each index with its rationale as a comment above it. */
export function indexBlocks(design: Design, options: DdlOptions): string[][] {
	const blocks = design.indexes.map((index) => (index.invalid ? invalidIndexComment(index) : [...indexComment(index, design), indexStatement(index, options)]));
	const late = foreignKeysOnIndexes(design);
	if (late.length > 0) {
		blocks.push([
			...commentLines('Foreign keys whose target is unique only through an index above, so they come after it.'),
			...late.flatMap(({table, fk}) => addForeignKey(table, fk, options)),
		]);
	}
	const after = design.verbatim?.afterIndexes ?? [];
	return after.length > 0 ? [...blocks, verbatimBlock('after the indexes', after, options)] : blocks;
}

function addForeignKey(table: Table, fk: ForeignKey, options: DdlOptions): string[] {
	const add = `ALTER TABLE ${quoteTable(table)} ADD ${foreignKeyClause(fk)};`;
	return options.guarded ? guard(`SELECT FROM pg_constraint WHERE conname = ${quoteLiteral(fk.name)} AND conrelid = ${regclassOf(quoteTable(table))}`, [add]) : [add];
}

/** A CHECK an imported schema added NOT VALID: old rows are not checked, new ones are. */
function addNotValidCheck(table: Table, check: Table['checks'][number], options: DdlOptions): string[] {
	const add = `ALTER TABLE ${quoteTable(table)} ADD CONSTRAINT ${quoteIdent(check.name)} CHECK (${renderCheck(check.rule)}) NOT VALID;`;
	return options.guarded ? guard(`SELECT FROM pg_constraint WHERE conname = ${quoteLiteral(check.name)} AND conrelid = ${regclassOf(quoteTable(table))}`, [add]) : [add];
}

/**
 * Foreign keys (of imported schemas) that reference columns unique only through a unique index,
 * not a primary key or UNIQUE constraint: PostgreSQL accepts them once that index exists.
 */
function foreignKeysOnIndexes(design: Design): {table: Table; fk: ForeignKey}[] {
	const tables = new Map(design.tables.map((table) => [table.name, table]));
	const sameColumns = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((column) => b.includes(column));
	return design.tables.flatMap((table) =>
		table.foreignKeys
			.filter((fk) => {
				const target = tables.get(fk.refTable);
				if (!target) return false;
				const keys = [target.primaryKey.columns, ...target.uniques.map((unique) => unique.columns)];
				return !keys.some((key) => sameColumns(key, fk.refColumns));
			})
			.map((fk) => ({table, fk})),
	);
}

/**
 * An index the imported database held INVALID (a failed CREATE INDEX CONCURRENTLY): not built
 * here, since it never served a query there; the comment says how to build it once it can be.
 */
function invalidIndexComment(index: Index): string[] {
	return [
		...commentLines(`${index.name} on ${index.table} was INVALID in the imported database: a CREATE INDEX CONCURRENTLY failed part-way (for a unique index: duplicates), so no query ever used it and it is not built here. Once it can be built:`),
		`-- ${indexStatement(index, {guarded: false, concurrently: true})}`,
	];
}

/** The CREATE INDEX statement of one index; with `table`, in that table's schema (the index is created there under its own name). */
export function indexStatement(index: Index, options: DdlOptions & {readonly concurrently?: boolean; readonly table?: Table}): string {
	if (index.definition) {
		const modifiers = `${options.concurrently ? 'CONCURRENTLY ' : ''}${options.guarded ? 'IF NOT EXISTS ' : ''}`;
		return `${index.definition.replace(/^CREATE (UNIQUE )?INDEX /, (_, unique: string | undefined) => `CREATE ${unique ?? ''}INDEX ${modifiers}`)};`;
	}
	const method = index.method === 'btree' ? '' : ` USING ${index.method}`;
	const include = index.include.length > 0 ? ` INCLUDE (${identList(index.include)})` : '';
	const where = index.where.length > 0 ? ` WHERE ${renderPredicates(index.where)}` : '';
	return (
		`CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${options.concurrently ? 'CONCURRENTLY ' : ''}${options.guarded ? 'IF NOT EXISTS ' : ''}` +
		`${quoteIdent(options.table ? localName({name: index.name, schema: options.table.schema}) : index.name)} ON ${options.table ? quoteTable(options.table) : quoteIdent(index.table)}${method} (${index.keys.map(renderIndexKey).join(', ')})${include}${where};`
	);
}

/** The design's access patterns by name (once per design: every index asks). */
const patternsByName = perDesign((design) => new Map(design.patterns.map((pattern) => [pattern.name, pattern])));

function indexComment(index: Index, design: Design): string[] {
	const byName = patternsByName(design);
	const patterns = index.serves
		.map((name) => byName.get(name))
		.filter((pattern) => pattern !== undefined)
		.map((pattern) => `${pattern.name} (~${pattern.perSecond}/s)`);
	const constraints = index.serves.filter((name) => !byName.has(name));
	const serves = [...patterns, ...constraints.map((name) => `foreign key ${name}`)];
	return [
		...commentLines(`${index.table}: ${index.rationale}.`),
		...(serves.length > 0 ? commentLines(`Serves: ${serves.join(', ')}.`) : []),
	];
}

/** The column definition line parts: name, then type and modifiers. */
export function columnDefinition(column: Column): [string, string] {
	const parts = [renderType(column.type)];
	if (!column.nullable) parts.push('NOT NULL');
	if (column.identity) parts.push(`GENERATED ${column.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`);
	if (column.default) parts.push(`DEFAULT ${renderExpression(column.default, column.type)}`);
	if (column.generated) parts.push(`GENERATED ALWAYS AS (${renderExpression(column.generated, column.type)}) STORED`);
	return [quoteIdent(column.name), parts.join(' ')];
}

/** A foreign key as a table constraint clause. */
export function foreignKeyClause(fk: ForeignKey): string {
	if (fk.definition) return `CONSTRAINT ${quoteIdent(fk.name)} ${fk.definition}`;
	const action = onDeleteSql(fk.onDelete);
	const setNull = fk.setNullColumns ? ` (${identList(fk.setNullColumns)})` : '';
	return `CONSTRAINT ${quoteIdent(fk.name)} FOREIGN KEY (${identList(fk.columns)}) REFERENCES ${quoteIdent(fk.refTable)} (${identList(fk.refColumns)}) ON DELETE ${action}${setNull}`;
}

export function createTable(table: Table, inlineForeignKeys: readonly ForeignKey[], options: DdlOptions): string[] {
	const columnLines = aligned(table.columns.map(columnDefinition));
	const constraintLines = [
		...(table.primaryKey.columns.length > 0 ? [`    CONSTRAINT ${quoteIdent(table.primaryKey.name)} PRIMARY KEY (${identList(table.primaryKey.columns)})`] : []),
		...table.uniques.map((unique) => `    CONSTRAINT ${quoteIdent(unique.name)} ${unique.definition ?? `UNIQUE (${identList(unique.columns)})`}`),
		...inlineForeignKeys.map((fk) => `    ${foreignKeyClause(fk)}`),
		// NOT VALID (kept from an imported schema) exists only for a constraint added to a table: see notValidChecks.
		...table.checks.filter((check) => !check.notValid).map((check) => `    CONSTRAINT ${quoteIdent(check.name)} CHECK (${renderCheck(check.rule)})`),
	];
	const items = [...columnLines, ...constraintLines];
	const body = items.flatMap((line, position) => [
		...(options.guarded && position < columnLines.length ? squawkIgnore(table.columns[position]!).map((line) => `    ${line}`) : []),
		position < items.length - 1 ? `${line},` : line,
	]);
	const partition = table.partitioning ? ` PARTITION BY ${table.partitioning.kind.toUpperCase()} (${quoteIdent(table.partitioning.column)})` : '';
	return [`CREATE TABLE ${options.guarded ? 'IF NOT EXISTS ' : ''}${quoteTable(table)} (`, ...body, `)${partition};`];
}

const SQUAWK_RULES: ReadonlyMap<string, string> = new Map([
	['smallint', 'prefer-bigint-over-smallint'],
	['integer', 'prefer-bigint-over-int'],
	['varchar', 'prefer-text-field'],
]);

/**
 * Squawk flags narrow integers and varchar everywhere; the engine only picks them for a stated
 * range or limit, so the migration says why on the line above the column and tells Squawk which
 * rule that answers (its ignore comments cover the next line).
 */
export function squawkIgnore(column: Column): string[] {
	const rule = SQUAWK_RULES.get(column.type.name);
	if (!rule) return [];
	return [`-- ${commentText(`deliberate: ${column.reason}`)}`, `-- squawk-ignore ${rule}`];
}

/** The partitions created with a partitioned table. */
export function partitionNames(table: Table): string[] {
	if (!table.partitioning) return [];
	if (table.partitioning.kind === 'range') return [derivedName([table.name, 'default'])];
	return Array.from({length: table.partitioning.partitions}, (_, remainder) => derivedName([table.name, `p${remainder}`]));
}

function partitionStatements(table: Table, options: DdlOptions): string[] {
	const {partitioning} = table;
	if (!partitioning) return [];
	const create = `CREATE TABLE ${options.guarded ? 'IF NOT EXISTS ' : ''}`;
	return partitionNames(table).flatMap((name, remainder) =>
		partitioning.kind === 'range'
			? [
					`${create}${quoteIdent(name)} PARTITION OF ${quoteIdent(table.name)} DEFAULT;`,
					`COMMENT ON TABLE ${quoteIdent(name)} IS ${quoteLiteral(`Rows of ${table.name} that no monthly partition holds; create months ahead so it stays empty.`)};`,
				]
			: [
					`${create}${quoteIdent(name)} PARTITION OF ${quoteIdent(table.name)} FOR VALUES WITH (MODULUS ${partitioning.partitions}, REMAINDER ${remainder});`,
					`COMMENT ON TABLE ${quoteIdent(name)} IS ${quoteLiteral(`Partition ${remainder + 1} of ${partitioning.partitions} of ${table.name}, by hash of ${partitioning.column}.`)};`,
				],
	);
}

function ownedSequences(design: Design, table: Table): string[] {
	return design.sequences
		.filter((sequence) => sequence.table === table.name)
		.map((sequence) => `ALTER SEQUENCE ${quoteIdent(sequence.name)} OWNED BY ${quoteIdent(table.name)}.${quoteIdent(sequence.column)};`);
}

export function comments(table: Table): string[] {
	// An imported table says what its database said, and nothing when it said nothing.
	if (table.imported) {
		return [
			...(table.comment ? [`COMMENT ON TABLE ${quoteTable(table)} IS ${quoteLiteral(table.comment)};`] : []),
			...table.columns
				.filter((column) => column.comment)
				.map((column) => `COMMENT ON COLUMN ${quoteTable(table)}.${quoteIdent(column.name)} IS ${quoteLiteral(column.comment!)};`),
		];
	}
	return [
		`COMMENT ON TABLE ${quoteIdent(table.name)} IS ${quoteLiteral(table.comment)};`,
		...table.columns.map(
			(column) => `COMMENT ON COLUMN ${quoteIdent(table.name)}.${quoteIdent(column.name)} IS ${quoteLiteral(column.comment ?? column.reason)};`,
		),
	];
}

/** The signature used to refer to a function (`name(argument types)`). */
export function functionSignature(fn: SqlFunction): string {
	const types = fn.arguments
		.split(',')
		.map((argument) => argument.trim().split(/\s+/).slice(1).join(' '))
		.filter(Boolean);
	return `${quoteIdent(fn.name)}(${types.join(', ')})`;
}

export function functionStatement(fn: SqlFunction): string[] {
	const volatility = fn.volatility === 'volatile' ? [] : [fn.volatility.toUpperCase()];
	return [
		`CREATE OR REPLACE FUNCTION ${quoteIdent(fn.name)}(${fn.arguments})`,
		`RETURNS ${fn.returns}`,
		`LANGUAGE ${fn.language}`,
		...volatility,
		`AS ${dollarQuote(`\n${fn.body}\n`)};`,
		`COMMENT ON FUNCTION ${functionSignature(fn)} IS ${quoteLiteral(fn.comment)};`,
	];
}

/**
 * A table of the design as SQL names it, by its name in the design (schema-qualified outside
 * public); a name the design lacks is read as a relationKey too (`schema.name`).
 */
export function relationSql(design: Design, name: string): string {
	const table = findTable(design, name);
	if (table) return quoteTable(table);
	const dot = name.indexOf('.');
	return dot > 0 ? quoteTable({name, schema: name.slice(0, dot)}) : quoteIdent(name);
}

export function triggerStatements(trigger: Trigger, options: DdlOptions, tableSql = quoteIdent(trigger.table)): string[] {
	const create = trigger.definition
		? `${trigger.definition};`
		: `CREATE TRIGGER ${quoteIdent(trigger.name)} ${trigger.timing.toUpperCase()} ${trigger.events.map((event) => event.toUpperCase()).join(' OR ')} ` +
		`ON ${tableSql} FOR EACH ROW EXECUTE FUNCTION ${quoteIdent(trigger.function)}();`;
	const comment = trigger.comment || !trigger.definition ? [`COMMENT ON TRIGGER ${quoteIdent(trigger.name)} ON ${tableSql} IS ${quoteLiteral(trigger.comment)};`] : [];
	if (!options.guarded) return [create, ...comment];
	return [...guard(`SELECT FROM pg_trigger WHERE tgname = ${quoteLiteral(trigger.name)} AND tgrelid = ${regclassOf(tableSql)}`, [create]), ...comment];
}

function securityBlocks(design: Design, options: DdlOptions): string[][] {
	const blocks: string[][] = [];
	const tableNames = design.tables.map((table) => quoteTable(table)).join(', ');
	for (const role of design.roles) {
		blocks.push([
			...commentLines(`${role.name}: ${role.comment} Grant it to a login role: GRANT ${role.name} TO my_service;`),
			...guard(`SELECT FROM pg_roles WHERE rolname = ${quoteLiteral(role.name)}`, [`CREATE ROLE ${quoteIdent(role.name)} NOLOGIN;`], 'role'),
			`GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ${tableNames} TO ${quoteIdent(role.name)};`,
			...(design.sequences.length > 0
				? [`GRANT USAGE ON SEQUENCE ${design.sequences.map((sequence) => quoteIdent(sequence.name)).join(', ')} TO ${quoteIdent(role.name)};`]
				: []),
		]);
	}
	const secured = design.tables.filter((table) => table.rowLevelSecurity);
	for (const table of secured) {
		blocks.push([
			`ALTER TABLE ${quoteTable(table)} ENABLE ROW LEVEL SECURITY;`,
			...(table.imported && !table.forceRowLevelSecurity ? [] : [`ALTER TABLE ${quoteTable(table)} FORCE ROW LEVEL SECURITY;`]),
			...design.policies.filter((policy) => policy.table === table.name).flatMap((policy) => policyStatements(policy, options, quoteTable(table))),
		]);
	}
	return blocks;
}

export function policyStatements(policy: Policy, options: DdlOptions, tableSql = quoteIdent(policy.table)): string[] {
	const test = `${quoteIdent(policy.column)} = ${quoteIdent(policy.ownerFunction)}()`;
	const create = policy.definition
		? `${policy.definition};`
		: `CREATE POLICY ${quoteIdent(policy.name)} ON ${tableSql} USING (${test}) WITH CHECK (${test});`;
	const comment = policy.comment || !policy.definition ? [`COMMENT ON POLICY ${quoteIdent(policy.name)} ON ${tableSql} IS ${quoteLiteral(policy.comment)};`] : [];
	if (!options.guarded) return [create, ...comment];
	return [...guard(`SELECT FROM pg_policy WHERE polname = ${quoteLiteral(policy.name)} AND polrelid = ${regclassOf(tableSql)}`, [create]), ...comment];
}

/** `'name'::regclass`, quoted for names that need it. */
export function regclass(table: string): string {
	return regclassOf(quoteIdent(table));
}

/** `'sql name'::regclass` of a name already written as SQL (quoted, maybe schema-qualified). */
export function regclassOf(sql: string): string {
	return `${quoteLiteral(sql)}::regclass`;
}

/** Runs statements only when a catalog query finds nothing: the guard for DDL without IF NOT EXISTS. */
export function guard(query: string, statements: readonly string[], tag = 'guard'): string[] {
	const body = [`BEGIN`, `    IF NOT EXISTS (${query}) THEN`, ...statements.map((statement) => `        ${statement}`), '    END IF;', 'END'].join('\n');
	return [`DO ${dollarQuote(`\n${body}\n`, tag)};`];
}

/**
 * Errors a verbatim statement raises when what it creates is already there: a migration that
 * stopped half-way ran it once already. (42P16 is the second primary key of a partition, 42809 a
 * partition attached again.)
 */
const ALREADY_THERE = [
	'duplicate_object',
	'duplicate_table',
	'duplicate_function',
	'duplicate_schema',
	'duplicate_column',
	'invalid_table_definition',
	'wrong_object_type',
];

/** Statements kept from an imported schema; guarded ones run in a block that skips what already exists. */
function verbatimBlock(where: string, statements: readonly VerbatimStatement[], options: DdlOptions): string[] {
	return [
		...commentLines(`Kept as written in the imported schema (${where}): the design does not model these.`),
		...statements.flatMap((statement) => [
			`-- line ${statement.line}: ${statement.kind}`,
			options.guarded && !statement.idempotent ? guardVerbatim(statement.sql) : ensureSemicolon(statement.sql),
		]),
	];
}

function verbatimBefore(statements: readonly VerbatimStatement[], options: DdlOptions): string[] {
	// Function bodies may name tables that come later, as pg_dump knows.
	const setting = `SET ${options.guarded ? 'LOCAL ' : ''}check_function_bodies = false;`;
	return [setting, ...verbatimBlock('before the tables', statements, options)];
}

function guardVerbatim(sql: string): string {
	const statement = sql.replace(/;\s*$/, '');
	const body = [
		'BEGIN',
		`    EXECUTE ${dollarQuote(statement, 'statement')};`,
		`EXCEPTION WHEN ${ALREADY_THERE.join(' OR ')} THEN`,
		'    NULL;',
		'END',
	].join('\n');
	return `DO ${dollarQuote(`\n${body}\n`, 'verbatim')};`;
}

function ensureSemicolon(sql: string): string {
	return /;\s*$/.test(sql) ? sql.trimEnd() : `${sql.trimEnd()};`;
}
