/**
 * foreign-key-index: the columns of every foreign key lead some index of the child table — a
 * btree index, the primary key or a unique constraint, with the foreign key's columns first in any
 * order.
 *
 * PostgreSQL indexes the referenced side (it must be unique) but never the referencing side. Without
 * such an index, every DELETE of a parent row (and every UPDATE of its key) scans the child table to
 * cascade, null or check — under a lock, once per parent row — and joins from parent to children
 * read the whole child table. A partial index counts only when it leaves out NULL keys alone
 * (`WHERE fk IS NOT NULL`): the check's `fk = $1` implies that predicate; any other predicate
 * hides rows the check must see.
 */
import type {ForeignKey, Table} from '../../../model/design.js';
import {approximately, createIndexSql, fixIndex, foreignKeyIndex, freeName, leadsWith, tableIndexes} from '../design-facts.js';
import type {Rule, Violation} from '../rule.js';

/** Foreign key columns lead an index of the child table. */
export const rule: Rule = {
	id: 'foreign-key-index',
	summary: 'Foreign key columns lead an index, so deleting a parent does not scan the child table.',
	defaultSeverity: 'warning',
	check(design) {
		const violations: Violation[] = [];
		for (const table of design.tables) {
			for (const fk of table.foreignKeys) {
				if (foreignKeyIndex(design, table, fk)) continue;
				const partial = tableIndexes(design, table).find((index) => index.where.length > 0 && leadsWith(index.keys, fk.columns));
				const name = freeName(design, [table.name, ...fk.columns], 'idx');
				violations.push({
					target: fk.name,
					message:
						`${subject(table, fk)} has no index: deleting a ${fk.refTable} row scans all of ${table.name} (${approximately(table.rows)} rows) to find the rows ${consequence(fk)}, ` +
						`and joins from ${fk.refTable} to ${table.name} read the whole table.` +
						(partial ? ` ${partial.name} leads with it but is partial (${partial.where.map((predicate) => predicate.column).join(', ')}), so it cannot serve that check.` : ''),
					action: `Create an index on ${table.name} led by (${fk.columns.join(', ')}).`,
					fixSql: createIndexSql(design, fixIndex({name, table: table.name, keys: fk.columns.map((column) => ({column}))})),
				});
			}
		}
		return violations;
	},
};

function subject(table: Table, fk: ForeignKey): string {
	return fk.columns.length === 1 ? `${table.name}.${fk.columns[0]}` : `${table.name} (${fk.columns.join(', ')})`;
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
