/**
 * btree-array-index: an array column in the key of a btree index is almost always a mistake.
 * A btree compares whole arrays: it serves `tags = '{a,b}'` and ORDER BY tags, but not the
 * queries people write against arrays — containment (`@>`, `<@`) and overlap (`&&`) — which
 * only a GIN index serves (`'x' = ANY(tags)` is served by neither: write it `tags @> ARRAY['x']`). The btree is still maintained on every
 * write, and an array larger than about a third of a page (some 2.7 kB) cannot be stored in it:
 * the INSERT fails with "index row size exceeds btree version 4 maximum".
 *
 * Only key columns count (an array in INCLUDE is fine: it is stored, never compared), only plain
 * columns (an expression such as `(tags[1])` yields a scalar), and not unique indexes or key
 * constraints, since only a btree can enforce uniqueness. The copies PostgreSQL keeps on each
 * partition are judged through the partitioned table's index, and INVALID indexes are left to
 * invalid-index.
 *
 * For an index on the array alone, the fix builds the GIN index with the same predicate (unless
 * one exists already) and drops the btree, both concurrently. An index that pairs the array with
 * other columns gets no fix: whether the array belongs in a GIN index (with btree_gin for the
 * scalars) or in INCLUDE depends on the queries.
 */
import type {Design, Index, Table} from '../../../model/design.js';
import {localName, predicateSignature, quoteIdent, quoteTable, renderPredicates} from '../../sql.js';
import {findColumn, freeName} from '../design-facts.js';
import {indexesOf} from '../../lookup.js';
import {attachedIndexes, dropIndexStatement} from '../index-facts.js';
import type {Rule, Violation} from '../rule.js';

/** No btree index has an array column among its keys. */
export const rule: Rule = {
	id: 'btree-array-index',
	summary: 'Array columns are indexed with GIN, not in the keys of a btree index.',
	defaultSeverity: 'warning',
	check(design) {
		const violations: Violation[] = [];
		const attached = attachedIndexes(design);
		for (const table of design.tables) {
			if (table.partitionOf !== undefined) continue;
			for (const index of indexesOf(design, table.name)) {
				if (index.method !== 'btree' || index.unique || index.invalid || attached.has(index.name)) continue;
				const arrays = index.keys.filter((key) => !('expression' in key) && findColumn(table, key.column)?.type.isArray).map((key) => key.column);
				if (arrays.length === 0) continue;
				violations.push(finding(design, table, index, arrays));
			}
		}
		return violations;
	},
};

function finding(design: Design, table: Table, index: Index, arrays: readonly string[]): Violation {
	const alone = index.keys.length === 1;
	const [column] = arrays as [string];
	const subject = arrays.length === 1 ? `the array column ${column}` : `the array columns ${arrays.join(', ')}`;
	const gin = alone ? existingGin(design, index, column) : undefined;
	return {
		target: index.name,
		table: table.name,
		message:
			`${index.name} is a btree index on ${subject} of ${table.name}: a btree compares whole arrays, so it serves only equality with a whole array and sorting. ` +
			`Queries for elements (${column} @> ARRAY[...], ${column} && ARRAY[...]) cannot use it, it is updated on every write, ` +
			`and an array of more than about 2.7 kB fails to insert (index row size exceeds the btree maximum).`,
		action: alone
			? gin
				? `Drop ${index.name}: ${gin.name} (GIN) already serves lookups of elements of ${column}.`
				: `Index ${column} with GIN instead (it serves @>, <@, && and =; write value = ANY(${column}) as ${column} @> ARRAY[value] to use it), keeping the predicate, then drop ${index.name}.`
			: `If queries look for elements of ${arrays.join(', ')}, use a GIN index instead (CREATE EXTENSION btree_gin lets the other columns join it); ` +
				`if the array is in the key only so that index-only scans return it, move it to INCLUDE.`,
		...(alone ? {fixSql: [...(gin ? [] : [ginSql(design, table, index, column)]), dropIndexStatement(table, index.name)].join('\n')} : {}),
		...(gin ? {related: [gin.name]} : {}),
	};
}

/** A GIN index of the same table on the column alone, with the same predicate. */
function existingGin(design: Design, index: Index, column: string): Index | undefined {
	const where = predicateSignature(index.where);
	return design.indexes.find(
		(candidate) =>
			candidate.table === index.table &&
			candidate.method === 'gin' &&
			!candidate.invalid &&
			candidate.keys.length === 1 &&
			!('expression' in candidate.keys[0]!) &&
			candidate.keys[0]!.column === column &&
			predicateSignature(candidate.where) === where,
	);
}

function ginSql(design: Design, table: Table, index: Index, column: string): string {
	const name = freeName(design, [localName(table), column], 'gin_idx', relationNames(design, table.schema ?? 'public'));
	const where = index.where.length > 0 ? ` WHERE ${renderPredicates(index.where)}` : '';
	return `CREATE INDEX ${table.partitioning ? '' : 'CONCURRENTLY '}${quoteIdent(name)} ON ${quoteTable(table)} USING gin (${quoteIdent(column)})${where};`;
}

/** The names relations (tables, indexes, sequences, views) hold in a schema, which a new index must not take. */
function relationNames(design: Design, schema: string): string[] {
	const prefix = `${schema}.`;
	const own = (name: string) => (schema === 'public' ? (name.includes('.') ? [] : [name]) : name.startsWith(prefix) ? [name.slice(prefix.length)] : []);
	return [
		...design.tables.flatMap((table) => own(table.name)),
		...design.indexes.flatMap((index) => own(index.name)),
		...(design.catalog?.objects ?? []).filter((object) => object.schema === schema && !['constraint', 'function', 'procedure', 'aggregate'].includes(object.kind)).map((object) => object.name),
	];
}
