/**
 * foreign-key-index: the columns of every foreign key lead some index of the child table — a
 * btree index, the primary key or a unique constraint, with the foreign key's columns first in any
 * order.
 *
 * PostgreSQL indexes the referenced side (it must be unique) but never the referencing side. Without
 * such an index, every DELETE of a parent row (and every UPDATE of its key) scans the child table to
 * cascade, null or check — under a lock, once per parent row — and joins from parent to children
 * read the whole child table. A partial index counts only when it leaves out NULL keys alone
 * (`WHERE fk IS NOT NULL`, structured or as PostgreSQL printed it): the check's `fk = $1` implies
 * that predicate; any other predicate hides rows the check must see. An INVALID index serves
 * nothing. The foreign key of a partitioned table is served by an index of that table (which
 * PostgreSQL builds on every partition); the copies of the key on its partitions are not reported
 * again.
 */
import type {Design, ForeignKey, Predicate, Table} from '../../../model/design.js';
import {approximately, leadsWith, tableIndexes, type IndexLike} from '../design-facts.js';
import {indexesOf} from '../../lookup.js';
import {createPlainIndexSql, foreignKeySubject, freeLocalName} from '../foreign-key-facts.js';
import {conjuncts} from '../../sql-text.js';
import {notNullTest} from '../index-facts.js';
import type {Rule, Violation} from '../rule.js';

/** Foreign key columns lead an index of the child table. */
export const rule: Rule = {
	id: 'foreign-key-index',
	summary: 'Foreign key columns lead an index, so deleting a parent does not scan the child table.',
	defaultSeverity: 'warning',
	check(design) {
		const violations: Violation[] = [];
		for (const table of design.tables) {
			const indexes = usableIndexes(design, table);
			// Foreign keys with the same columns (duplicates, overlaps) share the one index proposed for the first.
			const proposed: {readonly fk: string; readonly name: string; readonly columns: readonly string[]}[] = [];
			for (const fk of table.foreignKeys) {
				if (indexes.some((index) => servesForeignKey(index, fk))) continue;
				const partial = indexes.find((index) => index.where.length > 0 && leadsWith(index.keys, fk.columns));
				const shared = proposed.find((proposal) => leadsWith(proposal.columns.map((column) => ({column})), fk.columns));
				const name = shared?.name ?? freeLocalName(design, table, fk.columns, 'idx');
				if (!shared) proposed.push({fk: fk.name, name, columns: fk.columns});
				const rows = table.rows > 0 ? ` (${approximately(table.rows)} rows)` : '';
				violations.push({
					target: fk.name,
					table: table.name,
					message:
						`${foreignKeySubject(table, fk)} has no index: deleting a ${fk.refTable} row scans all of ${table.name}${rows} to find the rows ${consequence(fk)}, ` +
						`and joins from ${fk.refTable} to ${table.name} read the whole table.` +
						(partial ? ` ${partial.name} leads with it but is partial (${predicateColumns(partial.where)}), so it cannot serve that check.` : ''),
					action: shared
						? `Create an index on ${table.name} led by (${fk.columns.join(', ')}): ${shared.name}, proposed for ${shared.fk}, serves this foreign key too.`
						: `Create an index on ${table.name} led by (${fk.columns.join(', ')}).`,
					...(shared ? {} : {fixSql: createPlainIndexSql(table, name, fk.columns)}),
				});
			}
		}
		return violations;
	},
};

/** The indexes of a table a query can use: not INVALID ones. */
function usableIndexes(design: Design, table: Table): IndexLike[] {
	const invalid = new Set(indexesOf(design, table.name).filter((index) => index.invalid).map((index) => index.name));
	return tableIndexes(design, table).filter((index) => !(index.kind === 'index' && invalid.has(index.name)));
}

/**
 * Whether the index finds a foreign key's rows: a btree led by its columns, partial only by
 * leaving out NULL keys (`WHERE fk IS NOT NULL`), which the lookup `fk = $1` implies.
 */
function servesForeignKey(index: IndexLike, fk: ForeignKey): boolean {
	return index.method === 'btree' && onlySkipsNulls(index.where, fk) && leadsWith(index.keys, fk.columns);
}

function onlySkipsNulls(where: readonly Predicate[], fk: ForeignKey): boolean {
	return where.every((predicate) => {
		if (predicate.op === 'is-not-null') return fk.columns.includes(predicate.column);
		if (predicate.op !== 'sql') return false;
		return conjuncts(predicate.sql).every((conjunct) => {
			const column = notNullTest(conjunct);
			return column !== undefined && fk.columns.includes(column);
		});
	});
}

function predicateColumns(where: readonly Predicate[]): string {
	return where.map((predicate) => (predicate.op === 'sql' ? predicate.sql : predicate.column)).join(', ');
}

function consequence(fk: ForeignKey): string {
	switch (fk.onDelete) {
		case 'cascade':
			return 'it deletes';
		case 'set-null':
			return 'it sets to NULL';
		default:
			return 'that would block it';
	}
}
