/**
 * What the index rules (boolean-index, nullable-index, timestamp-mid-index, redundant-index-predicate,
 * overlapping-indexes, duplicate-index, invalid-index) ask of an index beyond its keys: the parts of
 * the CREATE INDEX that PostgreSQL printed for an existing one (operator classes, collations,
 * predicate), whether it is a partition's copy of a partitioned index, and the statements that drop
 * or rebuild it under its schema-qualified name.
 *
 * Pure, like the rules: nothing here reads a database.
 */
import type {Design, Index, Predicate, Table} from '../../model/design.js';
import {indexStatement} from '../../../templates/ddl.js';
import {indexesOf, perDesign, perTable} from '../lookup.js';
import {keySignature, localName, quoteIdent, quoteTable, relationKey, renderPredicate} from '../sql.js';
import {conjuncts, findTopLevel, matchingParen, mentionsIdentifier, splitTopLevel, unquoteIdent} from '../sql-text.js';
import {dropIndexStatement, tableIndexes, takenNames, type IndexLike} from './design-facts.js';

export {dropIndexStatement} from './design-facts.js';

/** An index of a table as the index rules see it: a secondary index, or the one behind a key constraint. */
export interface IndexFacts extends IndexLike {
	/** The secondary index itself (undefined for a primary key or unique constraint). */
	readonly index?: Index;
	/** Per key: what follows the column or expression in CREATE INDEX (COLLATE, operator class, DESC ...); '' when nothing does. */
	readonly modifiers: readonly string[];
}

/**
 * The indexes of a table that the index rules judge: not the copies PostgreSQL keeps on each
 * partition of a partitioned index (their parent is judged once, and dropping or rebuilding it
 * takes the copies along), and not INVALID ones (invalid-index reports those).
 */
export const judgedIndexes: (design: Design, table: Table) => readonly IndexFacts[] = perTable((design, table) => {
	const attached = attachedIndexes(design);
	return tableIndexes(design, table).flatMap((like): IndexFacts[] => {
		if (like.kind !== 'index') return [{...like, include: constraintInclude(table, like), modifiers: like.keys.map(() => '')}];
		const index = indexesOf(design, table.name).find((candidate) => candidate.name === like.name);
		if (!index || index.invalid || attached.has(index.name)) return [];
		return [{...like, index, modifiers: keyModifiers(index)}];
	});
});

/** The secondary indexes the index rules judge (see judgedIndexes), each with its table. */
export function judgedSecondaryIndexes(design: Design): {readonly table: Table; readonly index: Index}[] {
	return design.tables.flatMap((table) => judgedIndexes(design, table).flatMap((facts) => (facts.index ? [{table, index: facts.index}] : [])));
}

/** Names (relationKey) of the indexes that are a partition's part of a partitioned index. */
export const attachedIndexes: (design: Design) => ReadonlySet<string> = perDesign(
	(design) =>
		new Set(
			(design.catalog?.objects ?? [])
				.filter((object) => (object.kind === 'index' || object.kind === 'partitioned index') && object.partition)
				.map((object) => relationKey(object.schema, object.name)),
		),
);

/** INCLUDE columns of a unique constraint read from a database (`UNIQUE (a) INCLUDE (b)`). */
function constraintInclude(table: Table, like: IndexLike): readonly string[] {
	if (like.kind !== 'unique-constraint') return like.include;
	const definition = table.uniques.find((unique) => unique.name === like.name)?.definition;
	const match = definition ? /\bINCLUDE \((.*)\)/.exec(definition) : null;
	return match ? splitTopLevel(match[1]!, ',').map((name) => unquoteIdent(name.trim())) : like.include;
}

/** The parts of a CREATE INDEX statement as pg_get_indexdef prints it. */
export interface IndexDefinition {
	readonly unique: boolean;
	/** The table as written after ON (schema-qualified, without ONLY). */
	readonly table: string;
	readonly method: string;
	/** Each key and INCLUDE column as written, with its collation, operator class and order. */
	readonly keys: readonly string[];
	/** INCLUDE (...), NULLS NOT DISTINCT, WITH (...), TABLESPACE ...: what follows the keys, before WHERE. */
	readonly tail: string;
	/** The predicate without WHERE, as printed (in parentheses), or undefined. */
	readonly where?: string;
}

/** Reads a pg_get_indexdef text; undefined when it is not one. */
export function parseIndexDefinition(definition: string): IndexDefinition | undefined {
	const head = /^CREATE (UNIQUE )?INDEX /.exec(definition);
	if (!head) return undefined;
	const using = findTopLevel(definition, ' USING ', head[0].length);
	if (using < 0) return undefined;
	const on = findTopLevel(definition, ' ON ', head[0].length);
	if (on < 0 || on > using) return undefined;
	const table = definition.slice(on + 4, using).replace(/^ONLY /, '');
	const method = /^ USING (\w+) \(/.exec(definition.slice(using));
	if (!method) return undefined;
	const open = using + method[0].length - 1;
	const close = matchingParen(definition, open);
	if (close < 0) return undefined;
	const keys = splitTopLevel(definition.slice(open + 1, close), ',').map((key) => key.trim());
	const rest = definition.slice(close + 1);
	const where = findTopLevel(rest, ' WHERE ', 0);
	return {
		unique: head[1] !== undefined,
		table,
		method: method[1]!,
		keys,
		tail: where < 0 ? rest : rest.slice(0, where),
		...(where < 0 ? {} : {where: rest.slice(where + 7)}),
	};
}

/**
 * Per key of an index, what its definition adds after the column (or, for an expression, the whole
 * key as printed): two indexes with the same keys and modifiers use the same operator classes and
 * collations. Indexes the engine designs, and key constraints, have none.
 */
export function keyModifiers(index: Index): string[] {
	const parsed = index.definition ? parseIndexDefinition(index.definition) : undefined;
	return index.keys.map((key, position) => {
		const printed = parsed?.keys[position];
		if (printed === undefined) return '';
		if ('expression' in key) return printed;
		const rest = afterIdentifier(printed, key.column);
		return rest === undefined ? printed : rest.trim();
	});
}

/** The column an index key is, when it is a plain column (not an expression). */
export function plainColumn(key: Index['keys'][number]): string | undefined {
	return 'expression' in key ? undefined : key.column;
}

/** What follows `column` at the start of `text` (quoted or not), or undefined if it does not start with it. */
function afterIdentifier(text: string, column: string): string | undefined {
	const quoted = `"${column.replaceAll('"', '""')}"`;
	if (text.startsWith(quoted)) return text.slice(quoted.length);
	if (text.startsWith(column) && !/^[\w$]/.test(text.slice(column.length))) return text.slice(column.length);
	return undefined;
}

/** The predicates of an index as SQL conjuncts, structured ones rendered. */
export function predicateConjuncts(where: readonly Predicate[]): string[] {
	return where.flatMap((predicate) => (predicate.op === 'sql' ? conjuncts(predicate.sql) : [renderPredicate(predicate)]));
}

/** Whether the index's predicate mentions the column (as a word of its own, quoted or not). */
export function predicateMentions(index: Index, column: string): boolean {
	if (index.where.some((predicate) => predicate.op !== 'sql' && predicate.column === column)) return true;
	return predicateConjuncts(index.where).some((sql) => mentionsIdentifier(sql, column));
}

/** The column a conjunct `column IS NOT NULL` tests, or undefined. */
export function notNullTest(conjunct: string): string | undefined {
	const match = /^("(?:[^"]|"")+"|[A-Za-z_][\w$]*) IS NOT NULL$/.exec(conjunct);
	return match ? unquoteIdent(match[1]!) : undefined;
}

/** An index's name as SQL names it: in its table's schema. */
export function quoteIndex(table: Table, name: string): string {
	return quoteTable({name, schema: table.schema});
}

/** The index's own name, without the schema its design name carries. */
export function localIndexName(table: Table, name: string): string {
	return localName({name, schema: table.schema});
}

/**
 * CREATE INDEX for an index as it is, concurrently except on a partitioned table (where it is built
 * on every partition at once: ONLY would leave it invalid until each partition's index is attached).
 * `name` and `where` replace the index's own.
 */
export function createIndexStatement(table: Table, index: Index, change: {name?: string; where?: readonly string[]} = {}): string {
	const concurrently = table.partitioning ? '' : 'CONCURRENTLY ';
	const parsed = index.definition ? parseIndexDefinition(index.definition) : undefined;
	if (!parsed) {
		const where = change.where === undefined ? index.where : change.where.map((sql) => ({column: '', op: 'sql' as const, sql}));
		const name = change.name === undefined ? index.name : relationKey(table.schema ?? 'public', change.name);
		return indexStatement({...index, name, where}, {guarded: false, concurrently: !table.partitioning, table});
	}
	const name = quoteIdent(change.name ?? localIndexName(table, index.name));
	const conditions = change.where ?? (parsed.where === undefined ? [] : [parsed.where]);
	const where = conditions.length === 0 ? '' : ` WHERE ${conditions.length === 1 ? conditions[0] : conditions.map((sql) => `(${sql})`).join(' AND ')}`;
	return `CREATE ${parsed.unique ? 'UNIQUE ' : ''}INDEX ${concurrently}${name} ON ${parsed.table} USING ${parsed.method} (${parsed.keys.join(', ')})${parsed.tail}${where};`;
}

/**
 * Rebuilds an index with another predicate under the same name, without a moment without it: the
 * new one is built first (concurrently), the old one dropped, the new one renamed.
 */
export function rebuildIndexSql(design: Design, table: Table, index: Index, where: readonly string[]): string {
	const local = localIndexName(table, index.name);
	const temporary = temporaryName(local, design, table);
	return [
		createIndexStatement(table, index, {name: temporary, where}),
		dropIndexStatement(table, index.name),
		`ALTER INDEX ${quoteTable({name: temporary, schema: table.schema})} RENAME TO ${quoteIdent(local)};`,
	].join('\n');
}

/** A name for the index that replaces another, within PostgreSQL's 63 bytes and unused in the schema. */
function temporaryName(local: string, design: Design, table: Table): string {
	const taken = takenNames(design);
	for (let counter = 1; ; counter++) {
		const suffix = counter === 1 ? '_new' : `_new${counter}`;
		let stem = local;
		while (Buffer.byteLength(stem + suffix) > 63) stem = stem.slice(0, -1);
		const candidate = stem + suffix;
		if (!taken.has(table.schema ? relationKey(table.schema, candidate) : candidate)) return candidate;
	}
}


/** The key list of an index for messages: `(user_id, lower(email))`. */
export function describeIndexKeys(keys: readonly Index['keys'][number][]): string {
	return `(${keys.map(keySignature).join(', ')})`;
}
