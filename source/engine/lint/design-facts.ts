/**
 * What several lint rules ask of a Design — which index covers which columns, which names mean
 * money, which objects already hold a name — and the fix statements they share, rendered with the
 * quoting helpers of engine/sql.ts and the DDL pieces of templates/ddl.ts.
 *
 * Pure, like the rules: nothing here reads a database.
 */
import type {Catalog, CatalogObject, CatalogObjectKind, CatalogRoutine, CheckRule, Column, Design, ForeignKey, Index, IndexKey, Predicate, SqlType, Table} from '../../model/design.js';
import {columnDefinition, indexStatement} from '../../../templates/ddl.js';
import {findTable, indexesOf, perDesign, perTable} from '../lookup.js';
import {derivedName} from '../naming.js';
import {conjuncts, escapeRegExp} from '../sql-text.js';
import {dollarQuote, keySignature, localName, predicateSignature, quoteIdent, quoteLiteral, quoteTable, relationKey, renderCheck, renderType} from '../sql.js';

/** An index as PostgreSQL sees it: a secondary index, or the one behind a primary key or unique constraint. */
export interface IndexLike {
	readonly name: string;
	readonly table: string;
	readonly kind: 'primary-key' | 'unique-constraint' | 'index';
	readonly method: Index['method'];
	readonly keys: readonly IndexKey[];
	readonly include: readonly string[];
	readonly where: readonly Predicate[];
	readonly unique: boolean;
	/** Read from an existing database: the index or constraint as PostgreSQL printed it (NULLS NOT DISTINCT, operator classes ...). */
	readonly definition?: string;
}

/** The column of a name, if the table has it. */
export function findColumn(table: Table, name: string): Column | undefined {
	return table.columns.find((column) => column.name === name);
}

/** Whether the column of the table is NOT NULL (false when the table lacks it). */
export function isNotNullColumn(table: Table, column: string): boolean {
	return findColumn(table, column)?.nullable === false;
}

/** Whether the table has a primary key: imported designs give tables without one an empty column list. */
export function hasPrimaryKey(table: Table): boolean {
	return table.primaryKey.columns.length > 0;
}

/** Every index of a table, constraint-backed ones first (PK, unique constraints), then design.indexes in order. */
export const tableIndexes: (design: Design, table: Table) => readonly IndexLike[] = perTable((design, table) => {
	const plain = (columns: readonly string[]) => columns.map((column) => ({column}));
	return [
		...(hasPrimaryKey(table)
			? [{name: table.primaryKey.name, table: table.name, kind: 'primary-key', method: 'btree', keys: plain(table.primaryKey.columns), include: [], where: [], unique: true} as const]
			: []),
		...table.uniques.map(
			(unique) =>
				({
					name: unique.name,
					table: table.name,
					kind: 'unique-constraint',
					method: 'btree',
					keys: plain(unique.columns),
					include: [],
					where: [],
					unique: true,
					...(unique.definition ? {definition: unique.definition} : {}),
				}) as const,
		),
		...indexesOf(design, table.name).map((index) => ({...index, kind: 'index'}) as const),
	];
});

/**
 * Whether the first keys are exactly these columns, in any order, as plain columns (an expression
 * such as lower(email) does not serve a lookup by email).
 */
export function leadsWith(keys: readonly IndexKey[], columns: readonly string[]): boolean {
	if (columns.length === 0 || keys.length < columns.length) return false;
	const leading = keys.slice(0, columns.length);
	return leading.every((key) => !('expression' in key) && columns.includes(key.column)) && new Set(leading.map((key) => key.column)).size === columns.length;
}

/**
 * The index that finds a foreign key's rows: a btree led by its columns, or undefined. It may be
 * partial only by leaving out NULL keys (`WHERE fk IS NOT NULL`): the lookup `fk = $1` implies that
 * predicate, so PostgreSQL uses such an index for the referential check too.
 */
export function foreignKeyIndex(design: Design, table: Table, fk: ForeignKey): IndexLike | undefined {
	const onlySkipsNulls = (where: readonly Predicate[]) => where.every((predicate) => predicate.op === 'is-not-null' && fk.columns.includes(predicate.column));
	return tableIndexes(design, table).find((index) => index.method === 'btree' && onlySkipsNulls(index.where) && leadsWith(index.keys, fk.columns));
}

/**
 * Whether NULLs collide in a unique index or constraint read from a database: UNIQUE NULLS NOT
 * DISTINCT (PostgreSQL 15+) lets at most one row lack a value.
 */
export function isNullsNotDistinct(index: IndexLike): boolean {
	return /\bNULLS NOT DISTINCT\b/i.test(index.definition ?? '');
}

/**
 * Whether a predicate (a partial index's WHERE) holds only for rows where the column has a value:
 * `column IS NOT NULL`, `column IS TRUE`, or a comparison of the column, as one of its AND-ed parts.
 *
 * @example predicateExcludesNull([{column: '', op: 'sql', sql: '((tax_id IS NOT NULL) AND (created_at >= now()))'}], 'tax_id') // true
 */
export function predicateExcludesNull(where: readonly Predicate[], column: string): boolean {
	return where.some((predicate) => {
		if (predicate.op !== 'sql') return predicate.column === column && predicate.op !== 'is-null';
		return conjuncts(predicate.sql).some((part) => {
			const subject = leadingIdentifier(part);
			if (subject?.name !== column) return false;
			const rest = part.slice(subject.length).trim();
			return /^IS\s+(NOT\s+NULL|TRUE|FALSE)$/i.test(rest) || /^(=|<>|!=|<=|>=|<|>)\s*\S/.test(rest) || /^(NOT\s+)?(IN|LIKE|ILIKE)\s*[('"]/i.test(rest);
		});
	});
}

/**
 * Whether a CHECK of the table says when the column may be NULL (`(plan_id IS NULL) <> (subscription_id
 * IS NULL)`, num_nonnulls(...)): its NULLs are then part of the design, not an oversight.
 */
export function checkGovernsNull(table: Table, column: string): boolean {
	if (!table.checks.some((check) => check.rule.kind === 'expression')) return false;
	const name = `(?:${escapeRegExp(column)}|"${escapeRegExp(column.replaceAll('"', '""'))}")`;
	const nullTest = new RegExp(`(?:^|[^\\w."])${name}\\)?\\s+IS\\s+(?:NOT\\s+)?NULL\\b`, 'i');
	const counting = new RegExp(`\\bnum_(?:non)?nulls\\s*\\([^)]*(?:^|[^\\w."])${name}(?:[^\\w"]|$)`, 'i');
	return table.checks.some((check) => {
		const sql = check.rule.kind === 'expression' ? check.rule.sql : '';
		return nullTest.test(sql) || counting.test(sql);
	});
}

/** The identifier an expression starts with (quoted or not), with the length of its text. */
function leadingIdentifier(text: string): {name: string; length: number} | undefined {
	const quoted = /^"((?:[^"]|"")+)"/.exec(text);
	if (quoted) return {name: quoted[1]!.replaceAll('""', '"'), length: quoted[0].length};
	const plain = /^[a-z_][a-z0-9_$]*/.exec(text);
	return plain ? {name: plain[0], length: plain[0].length} : undefined;
}


/** Key signatures, for comparing two indexes. */
export function keysSignature(keys: readonly IndexKey[]): string {
	return keys.map(keySignature).join(', ');
}

/** The shape of an index for messages: `(user_id, lower(email)) WHERE deleted_at IS NULL`. */
export function describeKeys(index: {readonly keys: readonly IndexKey[]; readonly where: readonly Predicate[]}): string {
	const where = index.where.length > 0 ? ` WHERE ${predicateSignature(index.where)}` : '';
	return `(${keysSignature(index.keys)})${where}`;
}

/** The words of a snake_case name. */
export function nameWords(name: string): string[] {
	return name.toLowerCase().split('_').filter(Boolean);
}

const NUMBER_TYPES: ReadonlySet<SqlType['name']> = new Set(['smallint', 'integer', 'bigint', 'numeric', 'real', 'double precision']);

/** Whether a column holds single numbers (not arrays). */
export function isNumber(column: Column): boolean {
	return NUMBER_TYPES.has(column.type.name) && !column.type.isArray;
}

/** Words that name an amount of money wherever they stand in a column name. */
const MONEY_WORDS: ReadonlySet<string> = new Set([
	'price', 'amount', 'cost', 'fee', 'fees', 'tax', 'subtotal', 'discount', 'revenue', 'salary', 'wage', 'payment', 'refund', 'balance',
]);

/**
 * Whether a column holds money, by role or by name. `total` counts only as the last word
 * (`order_total`, not `total_distance`).
 *
 * @example isMoneyName('unit_price') // true
 */
export function isMoneyName(name: string): boolean {
	const words = nameWords(name);
	return words.some((word) => MONEY_WORDS.has(word)) || words.at(-1) === 'total';
}

/** Whether a column is part of the table's keys or references (a money-like word in `cost_center_id` is a reference). */
export function isKeyColumn(table: Table, column: Column): boolean {
	return (
		column.origin === 'primary-key' ||
		column.origin === 'foreign-key' ||
		column.origin === 'owner' ||
		table.primaryKey.columns.includes(column.name) ||
		table.foreignKeys.some((fk) => fk.columns.includes(column.name))
	);
}

/**
 * Every name the design gives to a relation or constraint (and, for an existing database, every
 * object of its catalog), so a fix never collides with one. Computed once per design: rules ask
 * for it for every finding.
 */
export const takenNames: (design: Design) => ReadonlySet<string> = perDesign(
	(design) =>
		new Set([
		...(design.catalog?.objects ?? []).map((object) => relationKey(object.schema, object.name)),
		...design.tables.flatMap((table) => [
			table.name,
			// A table without key columns has no key, whatever name the design keeps for it.
			...(hasPrimaryKey(table) ? [table.primaryKey.name] : []),
			...table.uniques.map((unique) => unique.name),
			...table.foreignKeys.map((fk) => fk.name),
			...table.checks.map((check) => check.name),
		]),
		...design.indexes.map((index) => index.name),
		...design.sequences.map((sequence) => sequence.name),
		...design.triggers.map((trigger) => trigger.name),
		...design.policies.map((policy) => policy.name),
		...design.functions.map((fn) => fn.name),
		]),
);

/**
 * A derived name no object of the design holds yet.
 *
 * @example freeName(design, ['tasks', 'project_id'], 'idx') // tasks_project_id_idx (or tasks_project_id_2_idx)
 */
export function freeName(design: Design, parts: readonly string[], suffix: string, alsoTaken: Iterable<string> = []): string {
	const taken = takenNames(design);
	const also = new Set(alsoTaken);
	const isTaken = (candidate: string) => taken.has(candidate) || also.has(candidate);
	let name = derivedName(parts, suffix);
	for (let counter = 2; isTaken(name); counter++) name = derivedName([...parts, String(counter)], suffix);
	return name;
}

/** Rows as people say them: ~2,000,000. */
export function approximately(rows: number): string {
	return `~${Math.round(rows).toLocaleString('en-US')}`;
}

/**
 * CREATE INDEX for a fix: CONCURRENTLY, so writes go on while it builds — except on a
 * partitioned table, where PostgreSQL cannot build an index concurrently.
 */
export function createIndexSql(design: Design, index: Index): string {
	const table = findTable(design, index.table);
	return indexStatement(index, {guarded: false, concurrently: !table?.partitioning, ...(table ? {table} : {})});
}

/** DROP INDEX for a fix: CONCURRENTLY, except for the index of a partitioned table; schema-qualified outside public. */
export function dropIndexSql(design: Design, index: {readonly name: string; readonly table: string}): string {
	const table = findTable(design, index.table);
	return table ? dropIndexStatement(table, index.name) : `DROP INDEX CONCURRENTLY ${quoteIdent(index.name)};`;
}

/** DROP INDEX of an index of the table (by its design name): CONCURRENTLY, except on a partitioned table (PostgreSQL cannot drop a partitioned index concurrently). */
export function dropIndexStatement(table: Table, name: string, options: {ifExists?: boolean} = {}): string {
	return `DROP INDEX ${table.partitioning ? '' : 'CONCURRENTLY '}${options.ifExists ? 'IF EXISTS ' : ''}${quoteTable({name, schema: table.schema})};`;
}

/** A secondary index for a fix, with the fields the Design carries. */
export function fixIndex(fields: Pick<Index, 'name' | 'table' | 'keys'> & Partial<Index>): Index {
	return {method: 'btree', include: [], where: [], unique: false, rationale: '', serves: [], origin: 'override', ...fields};
}

/** Adds a CHECK without a long lock: NOT VALID first, then VALIDATE (which lets writes go on). */
export function addCheckSql(table: Table, name: string, rule: CheckRule): string[] {
	const target = quoteTable(table);
	return [
		`ALTER TABLE ${target} ADD CONSTRAINT ${quoteIdent(name)} CHECK (${renderCheck(rule)}) NOT VALID;`,
		`ALTER TABLE ${target} VALIDATE CONSTRAINT ${quoteIdent(name)};`,
	];
}

/** Columns of the table whose generated expression reads this column. */
export function generatedDependents(table: Table, column: string): Column[] {
	return table.columns.filter((candidate) => candidate.generated?.kind === 'tsvector' && candidate.generated.weighted.some((entry) => entry.column === column));
}

/**
 * ALTER COLUMN ... TYPE for a fix, with what PostgreSQL refuses to keep across it: a generated
 * column that reads the column is dropped and added back in the same statement (and its indexes
 * rebuilt), and RLS policies on the column are dropped and created again. Undefined when the
 * column is the partition key, whose type cannot change.
 *
 * @example alterColumnTypeSql(design, tasks, 'due', {name: 'timestamptz'}, "due AT TIME ZONE 'UTC'")
 *   // ['ALTER TABLE tasks ALTER COLUMN due TYPE timestamptz USING due AT TIME ZONE \'UTC\';']
 */
export function alterColumnTypeSql(design: Design, table: Table, column: string, type: SqlType, using?: string): string[] | undefined {
	if (typeChangeBlocker(design, table, column)) return undefined;
	const target = quoteTable(table);
	const dependents = generatedDependents(table, column);
	const policies = design.policies.filter((policy) => policy.table === table.name && policy.column === column);
	const alter = `ALTER COLUMN ${quoteIdent(column)} TYPE ${renderType(type)}${using ? ` USING ${using}` : ''}`;
	const parts = [
		...dependents.map((dependent) => `DROP COLUMN ${quoteIdent(dependent.name)}`),
		alter,
		...dependents.map((dependent) => {
			const [name, definition] = columnDefinition(dependent);
			return `ADD COLUMN ${name} ${definition}`;
		}),
	];
	const rebuilt = indexesOf(design, table.name).filter((index) => index.keys.some((key) => dependents.some((dependent) => dependent.name === key.column)));
	return [
		...policies.map((policy) => `DROP POLICY ${quoteIdent(policy.name)} ON ${target};`),
		`ALTER TABLE ${target} ${parts.join(', ')};`,
		...policies.map((policy) => createPolicySql(policy.name, table.name, policy.column, `${quoteIdent(policy.ownerFunction)}()`)),
		...rebuilt.map((index) => createIndexSql(design, index)),
	];
}

/** CREATE POLICY comparing the owner column with the current owner, for reads and writes alike. */
export function createPolicySql(name: string, table: string, column: string, currentOwner: string): string {
	const test = `${quoteIdent(column)} = ${currentOwner}`;
	return `CREATE POLICY ${quoteIdent(name)} ON ${quoteIdent(table)} USING (${test}) WITH CHECK (${test});`;
}

/** The current owner as SQL when the design has no owner function: the setting, empty meaning none. */
export function currentOwnerSql(setting: string, type: SqlType): string {
	return `NULLIF(current_setting(${quoteLiteral(setting)}, true), '')::${renderType(type)}`;
}

/**
 * The trigger that keeps an updated-at column current, with its function when the design has none
 * of that name (set_updated_at for updated_at; set_<column> for another name). A `timestamp`
 * (without time zone) column gets the time in UTC, from a function of its own (`..._utc`): now()
 * assigned to it would be the session's local time, next to values an application wrote in UTC.
 * Outside public the table is schema-qualified and the function made in the table's schema.
 */
export function updatedAtTriggerSql(design: Design, table: Table, column: string): string[] {
	const isLocal = findColumn(table, column)?.type.name === 'timestamp';
	const base = [column === 'updated_at' ? 'set_updated_at' : derivedName(['set', column]), ...(isLocal ? ['utc'] : [])];
	// Never replace a function the database already has under that name: it may do something else.
	const existing = new Set((design.catalog?.routines ?? []).map((routine) => routine.name));
	const qualified = (name: string) => (table.schema ? `${table.schema}.${name}` : name);
	let fn = derivedName(base);
	for (let counter = 2; existing.has(qualified(fn)); counter++) fn = derivedName([...base, String(counter)]);
	const fnSql = table.schema ? quoteTable({name: qualified(fn), schema: table.schema}) : quoteIdent(fn);
	const hasFunction = design.functions.some((candidate) => candidate.name === fn);
	const value = isLocal ? `now() AT TIME ZONE 'UTC'` : 'now()';
	const body = ['BEGIN', `    NEW.${quoteIdent(column)} := ${value};`, '    RETURN NEW;', 'END;'].join('\n');
	const trigger = freeName(design, [localName(table)], `set_${column}`);
	return [
		...(hasFunction ? [] : [`CREATE OR REPLACE FUNCTION ${fnSql}()\nRETURNS trigger\nLANGUAGE plpgsql\nAS ${dollarQuote(`\n${body}\n`)};`]),
		`CREATE TRIGGER ${quoteIdent(trigger)} BEFORE UPDATE ON ${quoteTable(table)} FOR EACH ROW EXECUTE FUNCTION ${fnSql}();`,
	];
}

/**
 * Whether a column is a copy of a parent's: every column of a partition, and a column an
 * inheritance child shares with a table it inherits from. Such a column is judged and changed on
 * the parent (ALTER TABLE on the parent reaches it; on the child PostgreSQL refuses to alter or
 * rename an inherited column).
 */
export function isInheritedColumn(design: Design, table: Table, column: string): boolean {
	if (table.partitionOf !== undefined) return true;
	return (table.inherits ?? []).some((parent) => findTable(design, parent)?.columns.some((candidate) => candidate.name === column));
}

/** The views (and materialized views) of a database whose query reads a column of a table, by relationKey. */
export function viewsReading(design: Design, table: Table, column: string): string[] {
	return (design.catalog?.objects ?? [])
		.filter((object) => object.reads?.some((read) => read.table === table.name && read.column === column))
		.map((object) => (object.schema === 'public' ? object.name : `${object.schema}.${object.name}`));
}

/**
 * Why ALTER COLUMN ... TYPE cannot run as it is, in a sentence, or undefined: the column is the
 * partition key (whose type cannot change), or views read it (PostgreSQL refuses to change the type
 * of a column a view depends on).
 */
export function typeChangeBlocker(design: Design, table: Table, column: string): string | undefined {
	if (table.partitioning?.column === column) return `${column} is the partition key of ${table.name}, whose type cannot change: create a new partitioned table and move the rows.`;
	const views = viewsReading(design, table, column);
	if (views.length === 0) return undefined;
	return (
		`${views.length === 1 ? `The view ${views[0]} reads` : `The views ${views.join(', ')} read`} ${table.name}.${column}, and PostgreSQL refuses to change the type ` +
		`of a column a view depends on: drop ${views.length === 1 ? 'it' : 'them'}, change the type, and create ${views.length === 1 ? 'it' : 'them'} again in the same transaction.`
	);
}

/** The statement that alters (renames) a relation of each kind. */
export const ALTER: Readonly<Partial<Record<CatalogObjectKind, string>>> = {
	table: 'ALTER TABLE',
	'partitioned table': 'ALTER TABLE',
	index: 'ALTER INDEX',
	'partitioned index': 'ALTER INDEX',
	sequence: 'ALTER SEQUENCE',
	view: 'ALTER VIEW',
	'materialized view': 'ALTER MATERIALIZED VIEW',
};

/** The keyword that names a routine of each kind in ALTER and DROP. */
export const ROUTINE_KEYWORD: Readonly<Record<CatalogRoutine['kind'], string>> = {function: 'FUNCTION', window: 'FUNCTION', procedure: 'PROCEDURE', aggregate: 'AGGREGATE'};

/**
 * The named objects of an existing database's catalog that `matches`, each once: overloads of a
 * routine share a name, and objects PostgreSQL copies onto partitions or inheritance children
 * (`inherited`) are judged through their parent's.
 */
export function distinctCatalogObjects(catalog: Catalog, matches: (object: CatalogObject) => boolean): CatalogObject[] {
	const seen = new Set<string>();
	return catalog.objects.filter((object) => {
		if (object.inherited || !matches(object)) return false;
		const key = `${object.kind}\u0000${relationKey(object.schema, object.name)}\u0000${object.table ?? ''}`;
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}

/** The table an object belongs to: an index's or constraint's, or that of the column owning a sequence. */
export function catalogObjectTable(catalog: Catalog, object: CatalogObject): string | undefined {
	if (object.table) return object.table;
	if (object.kind !== 'sequence') return undefined;
	return catalog.sequences.find((sequence) => sequence.name === relationKey(object.schema, object.name))?.ownedBy?.table;
}
