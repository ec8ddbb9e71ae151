/**
 * The index planner: from access patterns, foreign keys and the user's overrides to the list of
 * indexes, each with the pattern it serves and why.
 *
 * Rules, in the order an expert applies them: equality columns first, then the sort, then ranges;
 * constant filters become partial indexes; INCLUDE columns only where an index-only scan pays;
 * every foreign key covered by an index led by its columns (an existing composite one counts);
 * indexes that are a prefix of another with the same predicate are folded into it.
 */
import type {FoldedIndex, Index, IndexKey, Predicate, QueryPattern, Table} from '../model/design.js';
import type {IndexAddition} from '../model/session.js';
import {groupBy} from './collections.js';
import type {SessionProblem} from './errors.js';
import {derivedName} from './naming.js';
import {keySignature, onDeleteSql, predicateSignature} from './sql.js';

/** Frequency from which covering an index-only scan is worth the bigger index. */
const INCLUDE_FROM_PER_SECOND = 10;
const MAX_INCLUDE_COLUMNS = 3;

export interface PlanInput {
	readonly tables: readonly Table[];
	readonly patterns: readonly QueryPattern[];
	/** Unique and search indexes the tables need regardless of patterns. */
	readonly uniqueIndexes: readonly Index[];
	readonly additions: readonly IndexAddition[];
	readonly drops: readonly string[];
	readonly readWrite: 'read-heavy' | 'balanced' | 'write-heavy';
}

export interface Plan {
	readonly indexes: Index[];
	readonly folded: FoldedIndex[];
	readonly patterns: QueryPattern[];
	readonly problems: SessionProblem[];
}

/** A unique key enforced by a constraint, seen by the planner as an index it may reuse. */
interface ConstraintKey {
	readonly name: string;
	readonly table: string;
	readonly keys: readonly IndexKey[];
}

/** Plans every index of the design. */
export function planIndexes(input: PlanInput): Plan {
	const problems: SessionProblem[] = [];
	const tables = new Map(input.tables.map((table) => [table.name, table]));
	const constraints = input.tables.flatMap(constraintKeys);
	const indexes: Index[] = input.uniqueIndexes.map((index) => ({...index, serves: [...index.serves]}));
	const folded: FoldedIndex[] = [];
	const servedBy = new Map<string, string>();

	for (const pattern of input.patterns) {
		const table = tables.get(pattern.table)!;
		if (pattern.kind === 'search') {
			const gin = indexes.find((index) => index.table === table.name && index.origin === 'search');
			if (gin) {
				serve(gin, pattern.name);
				servedBy.set(pattern.name, gin.name);
			}
			continue;
		}
		const constraint = pattern.kind === 'get' ? constraints.find((key) => key.table === table.name && coversEquality(key.keys, pattern)) : undefined;
		if (constraint) {
			servedBy.set(pattern.name, constraint.name);
			continue;
		}
		const candidate = patternIndex(pattern, table, input.readWrite);
		// A count of the whole table has nothing to index.
		if (candidate) indexes.push(candidate);
	}

	foldRedundant(indexes, constraints, folded);
	addForeignKeyCoverage(input.tables, indexes, constraints);
	foldRedundant(indexes, constraints, folded);

	input.additions.forEach((addition, position) => {
		const table = tables.get(addition.entity);
		if (!table) return;
		const index = additionIndex(addition, table, `indexes.add[${position}]`, problems);
		if (index) indexes.push(index);
	});

	const kept = indexes.filter((index) => {
		if (!input.drops.includes(index.name)) return true;
		if (index.unique) {
			problems.push({
				path: 'indexes.drop',
				message: `${index.name} enforces uniqueness (${index.rationale}); remove unique from the field instead of dropping the index.`,
			});
			return true;
		}
		return false;
	});
	input.drops.forEach((name, position) => {
		if (!indexes.some((index) => index.name === name)) {
			problems.push({path: `indexes.drop[${position}]`, message: `No index of this design is named ${name}; the planned ones are: ${indexes.map((index) => index.name).join(', ')}.`});
		}
	});

	const named = uniqueNames(kept, input.tables);
	for (const index of named) for (const name of index.serves) if (!servedBy.has(name)) servedBy.set(name, index.name);
	for (const entry of folded) {
		const target = named.find((index) => index.name === entry.into);
		for (const name of entry.serves) if (!servedBy.has(name)) servedBy.set(name, target?.name ?? entry.into);
	}
	const existing = new Set([...named, ...constraints].map((index) => index.name));
	const patterns = input.patterns.map((pattern) => {
		const index = servedBy.get(pattern.name);
		return index && existing.has(index) ? {...pattern, index} : pattern;
	});
	return {indexes: named, folded, patterns, problems};
}

function constraintKeys(table: Table): ConstraintKey[] {
	return [
		{name: table.primaryKey.name, table: table.name, keys: table.primaryKey.columns.map((column) => ({column}))},
		...table.uniques.map((unique) => ({name: unique.name, table: table.name, keys: unique.columns.map((column) => ({column}))})),
	];
}

/** Whether a unique key is fully bound by the pattern's equality filters (so it finds one row). */
function coversEquality(keys: readonly IndexKey[], pattern: QueryPattern): boolean {
	return pattern.conditions.length === 0 && keys.every((key) => !('expression' in key) && pattern.equals.includes(key.column));
}

function serve(index: Index, name: string): void {
	if (!index.serves.includes(name)) (index.serves as string[]).push(name);
}

/**
 * The index an expert builds for one query pattern: equality columns, then the sort (with the id
 * to break ties), then ranges; constant filters as the partial index's predicate; covering
 * columns where an index-only scan pays. Undefined when nothing in the pattern can use an index.
 */
export function patternIndex(pattern: QueryPattern, table: Table, readWrite: PlanInput['readWrite']): Index | undefined {
	const column = (name: string) => table.columns.find((candidate) => candidate.name === name);
	const keyFor = (name: string, descending = false): IndexKey =>
		column(name)?.role === 'email' ? {expression: 'lower', column: name, ...(descending ? {descending} : {})} : {column: name, ...(descending ? {descending} : {})};
	const keys: IndexKey[] = pattern.equals.map((name) => keyFor(name));
	// A btree is read backwards as easily as forwards: only mixed directions need DESC keys.
	const mixed = new Set(pattern.sort.map((key) => key.descending)).size > 1;
	for (const key of pattern.sort) if (!pattern.equals.includes(key.column)) keys.push(keyFor(key.column, mixed && key.descending));
	for (const name of pattern.ranges) if (!keys.some((key) => key.column === name)) keys.push(keyFor(name));
	// The id breaks ties in the ORDER BY: pages are stable and keyset pagination reads the index in order.
	// Not after a timestamp: instants rarely tie, and a timestamp in the middle of an index wastes the keys after it.
	const tieBreaker = table.primaryKey.columns.length === 1 ? table.primaryKey.columns[0]! : undefined;
	const lastSort = pattern.sort.length > 0 ? column(pattern.sort[pattern.sort.length - 1]!.column) : undefined;
	const sortsByInstant = lastSort !== undefined && ['timestamptz', 'timestamp'].includes(lastSort.type.name);
	// Nor when the order is already unique: equality and sort columns that hold a unique key have no ties.
	const ordered = new Set([...pattern.equals, ...pattern.sort.map((key) => key.column)]);
	const isUniqueOrder = [table.primaryKey.columns, ...table.uniques.map((unique) => unique.columns)].some((columns) => columns.every((name) => ordered.has(name)));
	if (pattern.kind === 'list' && pattern.sort.length > 0 && !sortsByInstant && !isUniqueOrder && tieBreaker && !keys.some((key) => key.column === tieBreaker)) {
		const rangesAfterSort = pattern.ranges.some((name) => !pattern.sort.some((key) => key.column === name));
		if (!rangesAfterSort) keys.push({column: tieBreaker});
	}
	// Only constant filters: the partial index needs some key; its primary key is the smallest.
	if (keys.length === 0 && pattern.conditions.length > 0) keys.push({column: table.primaryKey.columns[0] ?? pattern.conditions[0]!.column});
	if (keys.length === 0) return undefined;
	const inKeys = new Set(keys.map((key) => key.column));
	const extra = pattern.select.filter((name) => !inKeys.has(name) && !pattern.conditions.some((condition) => condition.column === name));
	// Covering pays for a frequent read of a few narrow columns; an index holding most of the row is a second table.
	const isNarrow = (name: string) => {
		const type = column(name)?.type;
		return type !== undefined && !type.isArray && !['jsonb', 'json', 'tsvector', 'bytea', 'text'].includes(type.name);
	};
	const include =
		pattern.kind === 'list' &&
		extra.length > 0 &&
		extra.length <= MAX_INCLUDE_COLUMNS &&
		extra.every(isNarrow) &&
		pattern.perSecond >= INCLUDE_FROM_PER_SECOND &&
		readWrite !== 'write-heavy' &&
		keys.length + extra.length <= table.columns.length / 2
			? extra
			: [];
	// `col = $1` and `col >= $2 AND col < $3` imply `col IS NOT NULL`: nullable equality and range
	// columns leave their NULLs out of the index (smaller, and a write of a NULL row skips it), and
	// a pattern that only asks for the non-NULL rows shares it (the count of completed tasks with
	// the list of those completed in a window).
	const where = [
		...pattern.conditions,
		...[...pattern.equals, ...pattern.ranges.filter((name) => !pattern.equals.includes(name))]
			.filter((name) => column(name)?.nullable && !pattern.conditions.some((condition) => condition.column === name))
			.map((name) => ({column: name, op: 'is-not-null'}) as const),
	];
	return {
		name: indexName(table.name, keys, where),
		table: table.name,
		method: 'btree',
		keys,
		include,
		where,
		unique: false,
		rationale: patternRationale(pattern, keys, include, where),
		serves: [pattern.name],
		origin: 'access-pattern',
	};
}

function patternRationale(pattern: QueryPattern, keys: readonly IndexKey[], include: readonly string[], where: readonly Predicate[]): string {
	const parts: string[] = [];
	const then = () => (parts.length > 0 ? 'then ' : '');
	const equality = pattern.equals.filter((name) => keys.some((key) => key.column === name));
	if (equality.length > 0) parts.push(`${equality.join(', ')} by equality first`);
	const sort = pattern.sort.filter((key) => !pattern.equals.includes(key.column));
	if (sort.length > 0) parts.push(`${then()}${sort.map((key) => key.column).join(', ')} in ORDER BY order, so rows come out sorted${pattern.limit ? ` and the LIMIT ${pattern.limit} stops early` : ''}`);
	const ranges = pattern.ranges.filter((name) => !sort.some((key) => key.column === name));
	if (ranges.length > 0) parts.push(`${then()}the range on ${ranges.join(', ')}`);
	if (sort.length > 0 && keys.some((key) => key.column === 'id') && !pattern.equals.includes('id')) parts.push('id last breaks ties, so pages are stable and keyset pagination reads on in order');
	if (where.length > 0) parts.push(`partial: only rows where ${predicateSignature(where)} are indexed`);
	if (include.length > 0) parts.push(`INCLUDE (${include.join(', ')}) answers it from the index alone (index-only scan)`);
	if (pattern.kind === 'count') parts.push('the count is read from the index (index-only scan once vacuumed)');
	return `${pattern.description}: ${parts.join('; ')}`;
}

function indexName(table: string, keys: readonly IndexKey[], where: readonly Predicate[]): string {
	const keyParts = keys.map((key) => ('expression' in key ? `lower_${key.column}` : key.column));
	// "x IS NOT NULL" on a key column adds nothing to the name: the column is already there.
	const named = where.filter((predicate) => !(predicate.op === 'is-not-null' && keyParts.includes(predicate.column)));
	const predicateParts = named.map((predicate) =>
		predicate.op === 'equals' ? `${predicate.column}_${String(predicate.value).toLowerCase().replace(/[^a-z0-9]+/g, '_')}` : `${predicate.column}_${predicate.op.slice(3).replace('-', '_')}`,
	);
	return derivedName([table, ...keyParts, ...(predicateParts.length > 0 ? ['where', ...predicateParts] : [])], 'idx');
}

/** Whether `wide` answers everything `narrow` does: same predicate, narrow's keys a prefix of wide's. */
export function covers(wide: {keys: readonly IndexKey[]; where?: readonly Predicate[]; include?: readonly string[]}, narrow: Index): boolean {
	if (predicateSignature(wide.where ?? []) !== predicateSignature(narrow.where)) return false;
	if (narrow.keys.length > wide.keys.length) return false;
	if (!narrow.keys.every((key, position) => keySignature(key) === keySignature(wide.keys[position]!))) return false;
	const available = new Set([...wide.keys.map((key) => key.column), ...(wide.include ?? [])]);
	return narrow.include.every((name) => available.has(name));
}

function foldRedundant(all: Index[], allConstraints: readonly ConstraintKey[], folded: FoldedIndex[]): void {
	// An index folds only into one of its own table: fold table by table, not every pair of the design.
	const groups = new Map<string, Index[]>();
	for (const index of all) {
		if (!groups.has(index.table)) groups.set(index.table, []);
		groups.get(index.table)!.push(index);
	}
	const keysOf = new Map<string, ConstraintKey[]>();
	for (const key of allConstraints) {
		if (!keysOf.has(key.table)) keysOf.set(key.table, []);
		keysOf.get(key.table)!.push(key);
	}
	const kept = new Set<Index>();
	for (const [table, indexes] of groups) {
		foldTable(indexes, keysOf.get(table) ?? [], folded);
		for (const index of indexes) kept.add(index);
	}
	const remaining = all.filter((index) => kept.has(index));
	all.splice(0, all.length, ...remaining);
}

function foldTable(indexes: Index[], constraints: readonly ConstraintKey[], folded: FoldedIndex[]): void {
	for (let position = 0; position < indexes.length; position++) {
		const narrow = indexes[position]!;
		if (narrow.unique || narrow.method !== 'btree' || narrow.origin === 'override') continue;
		const constraint = constraints.find((key) => key.table === narrow.table && covers(key, narrow));
		const wide =
			constraint ??
			indexes.find(
				(other, otherPosition) =>
					other !== narrow &&
					other.table === narrow.table &&
					other.method === 'btree' &&
					covers(other, narrow) &&
					// Of two identical indexes, keep the first.
					(other.keys.length > narrow.keys.length || otherPosition < position || other.unique),
			);
		if (!wide) continue;
		if (!constraint) for (const name of narrow.serves) serve(wide as Index, name);
		folded.push({table: narrow.table, keys: narrow.keys, where: narrow.where, into: wide.name, serves: narrow.serves});
		indexes.splice(position, 1);
		position--;
	}
}

function addForeignKeyCoverage(tables: readonly Table[], indexes: Index[], constraints: readonly ConstraintKey[]): void {
	const indexesOf = groupBy(indexes, (index) => index.table);
	const constraintsOf = groupBy(constraints, (key) => key.table);
	for (const table of tables) {
		const tableIndexes = indexesOf.get(table.name) ?? [];
		const tableConstraints = constraintsOf.get(table.name) ?? [];
		for (const fk of table.foreignKeys) {
			const leadsWith = (keys: readonly IndexKey[]) =>
				keys.length >= fk.columns.length &&
				keys.slice(0, fk.columns.length).every((key) => !('expression' in key) && fk.columns.includes(key.column)) &&
				new Set(keys.slice(0, fk.columns.length).map((key) => key.column)).size === fk.columns.length;
			// A partial index still covers the key when it only leaves out NULL keys: ON DELETE looks rows up with `fk = id`.
			const onlySkipsNulls = (index: Index) => index.where.every((predicate) => predicate.op === 'is-not-null' && fk.columns.includes(predicate.column));
			const coveringIndex = tableIndexes.find((index) => index.method === 'btree' && onlySkipsNulls(index) && leadsWith(index.keys));
			if (coveringIndex) {
				serve(coveringIndex, fk.name);
				continue;
			}
			if (tableConstraints.some((key) => leadsWith(key.keys))) continue;
			const nullable = fk.columns.filter((name) => table.columns.find((column) => column.name === name)?.nullable);
			const where = nullable.map((column) => ({column, op: 'is-not-null'}) as const);
			const covering: Index = {
				name: indexName(table.name, fk.columns.map((column) => ({column})), where),
				table: table.name,
				method: 'btree',
				keys: fk.columns.map((column) => ({column})),
				include: [],
				where,
				unique: false,
				rationale: `covers the foreign key to ${fk.refTable}: ON DELETE ${onDeleteSql(fk.onDelete)} on ${fk.refTable} finds these rows without a sequential scan, and joins use it${nullable.length > 0 ? '; rows without a parent are left out' : ''}`,
				serves: [fk.name],
				origin: 'foreign-key',
			};
			indexes.push(covering);
			tableIndexes.push(covering);
		}
	}
}

function additionIndex(addition: IndexAddition, table: Table, path: string, problems: SessionProblem[]): Index | undefined {
	const keys: IndexKey[] = addition.columns.map((entry) =>
		typeof entry === 'string' ? {column: entry} : {column: entry.column, ...(entry.direction === 'desc' ? {descending: true} : {})},
	);
	const where: Predicate[] = addition.where.map((condition) =>
		'equals' in condition
			? {column: condition.column, op: 'equals', value: condition.equals}
			: {column: condition.column, op: ({null: 'is-null', 'not-null': 'is-not-null', true: 'is-true', false: 'is-false'} as const)[condition.is]},
	);
	const names = [...keys.map((key) => key.column), ...addition.include, ...where.map((predicate) => predicate.column)];
	const missing = names.filter((name) => !table.columns.some((column) => column.name === name));
	if (missing.length > 0) {
		problems.push({path, message: `The added index on ${table.name} names ${missing.join(', ')}, not columns of ${table.name}.`});
		return undefined;
	}
	if (addition.method !== 'btree' && addition.include.length > 0) {
		problems.push({path, message: `INCLUDE works with btree indexes only; this one is ${addition.method}.`});
		return undefined;
	}
	return {
		name: indexName(table.name, keys, where),
		table: table.name,
		method: addition.method,
		keys,
		include: addition.include,
		where,
		unique: addition.unique,
		rationale: `added by you: ${addition.reason}`,
		serves: [],
		origin: 'override',
	};
}

/** Index names share a namespace with tables and constraint indexes: make each one unique. */
function uniqueNames(indexes: readonly Index[], tables: readonly Table[]): Index[] {
	const taken = new Set<string>(tables.flatMap((table) => [table.name, table.primaryKey.name, ...table.uniques.map((unique) => unique.name)]));
	return indexes.map((index) => {
		let name = index.name;
		for (let counter = 2; taken.has(name); counter++) name = derivedName([index.name.replace(/_idx$|_key$/, ''), String(counter)], index.unique ? 'key' : 'idx');
		taken.add(name);
		return name === index.name ? index : {...index, name};
	});
}
