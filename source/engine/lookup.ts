/**
 * A design's tables, indexes and access patterns by table name, grouped once per design: the
 * renderers and rules ask per table, and scanning every index for every table grows with the
 * square of the design. A Design is not changed after deriveDesign, so the groups stay true.
 */
import type {Design, Index, QueryPattern, Table} from '../model/design.js';
import {groupBy} from './collections.js';

interface Lookup {
	readonly tables: ReadonlyMap<string, Table>;
	readonly indexes: ReadonlyMap<string, readonly Index[]>;
	readonly patterns: ReadonlyMap<string, readonly QueryPattern[]>;
}

const LOOKUPS = new WeakMap<Design, Lookup>();

function lookup(design: Design): Lookup {
	let found = LOOKUPS.get(design);
	if (!found) {
		found = {
			tables: new Map(design.tables.map((table) => [table.name, table])),
			indexes: groupBy(design.indexes, (index) => index.table),
			patterns: groupBy(design.patterns, (pattern) => pattern.table),
		};
		LOOKUPS.set(design, found);
	}
	return found;
}

/** The table of a name, if the design has it. */
export function findTable(design: Design, name: string): Table | undefined {
	return lookup(design).tables.get(name);
}

/** The secondary indexes of a table, in the design's order. */
export function indexesOf(design: Design, table: string): readonly Index[] {
	return lookup(design).indexes.get(table) ?? [];
}

/** The access patterns that read a table, in the design's order. */
export function patternsOf(design: Design, table: string): readonly QueryPattern[] {
	return lookup(design).patterns.get(table) ?? [];
}

/**
 * Remembers what compute gives for each design and table: for facts that rules and renderers ask
 * for again and again. The result must be treated as read-only.
 */
export function perTable<T>(compute: (design: Design, table: Table) => T): (design: Design, table: Table) => T {
	const cache = new WeakMap<Design, WeakMap<Table, T>>();
	return (design, table) => {
		let tables = cache.get(design);
		if (!tables) {
			tables = new WeakMap();
			cache.set(design, tables);
		}
		if (tables.has(table)) return tables.get(table)!;
		const value = compute(design, table);
		tables.set(table, value);
		return value;
	};
}
