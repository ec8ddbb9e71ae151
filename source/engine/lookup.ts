/**
 * A design's tables, indexes and access patterns by table name, grouped once per design: the
 * renderers and rules ask per table, and scanning every index for every table grows with the
 * square of the design. A Design is not changed after deriveDesign, so the groups stay true.
 */
import type {Design, Index, QueryPattern, Table} from '../model/design.js';
import {groupBy} from './collections.js';

/**
 * Remembers what compute gives for each design: for facts that rules and renderers ask for again
 * and again. The result must be treated as read-only.
 */
export function perDesign<T>(compute: (design: Design) => T): (design: Design) => T {
	const cache = new WeakMap<Design, T>();
	return (design) => {
		if (cache.has(design)) return cache.get(design)!;
		const value = compute(design);
		cache.set(design, value);
		return value;
	};
}

/** The same, for each design and table. */
export function perTable<T>(compute: (design: Design, table: Table) => T): (design: Design, table: Table) => T {
	const tables = perDesign(() => new WeakMap<Table, T>());
	return (design, table) => {
		const cache = tables(design);
		if (cache.has(table)) return cache.get(table)!;
		const value = compute(design, table);
		cache.set(table, value);
		return value;
	};
}

const lookup = perDesign((design) => ({
	tables: new Map(design.tables.map((table) => [table.name, table])),
	indexes: groupBy(design.indexes, (index) => index.table),
	patterns: groupBy(design.patterns, (pattern) => pattern.table),
}));

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
