/**
 * large-object-column: binary data is stored in the row as bytea (or text, for characters), not
 * as a large object referenced by an oid or lo column. A large object lives in pg_largeobject,
 * outside the table: every read takes a second lookup through the large-object API (lo_open,
 * loread, lo_get), a DELETE or UPDATE of the row leaves the object behind unless a trigger
 * (lo_manage) or vacuumlo removes it, logical replication does not carry it, and pg_dump handles it
 * apart from the table. bytea is stored in the row, TOASTed and compressed when large, and goes
 * wherever the row goes. Keep large objects only for values over bytea's 1 GB limit or that must
 * be streamed in parts.
 *
 * Columns of type oid (the raw handle) and of the lo extension's domain over oid are reported;
 * the columns of partitions and inheritance children through their parent. No fix is offered: the
 * data must be copied (lo_get), the column swapped and the old objects unlinked, in steps that
 * depend on how the application reads them — and an oid column may hold catalog references, not
 * large objects at all.
 */
import type {Column} from '../../../model/design.js';
import {quoteIdent, quoteTable} from '../../sql.js';
import {isInheritedColumn} from '../design-facts.js';
import type {Rule, Violation} from '../rule.js';

/** oid, or a domain named lo (the lo extension's, in whatever schema it was created). */
function largeObjectType(column: Column): 'oid' | 'lo' | undefined {
	if (column.type.name !== 'other' || column.type.isArray) return undefined;
	const raw = column.type.raw ?? '';
	if (raw === 'oid') return 'oid';
	return /(^|\.)"?lo"?$/.test(raw) ? 'lo' : undefined;
}

/** Binary data is bytea in the row, not a large object. */
export const rule: Rule = {
	id: 'large-object-column',
	summary: 'Binary data is stored as bytea (characters as text), not as large objects referenced by oid or lo columns.',
	defaultSeverity: 'warning',
	check(design) {
		const violations: Violation[] = [];
		for (const table of design.tables) {
			for (const column of table.columns) {
				const type = largeObjectType(column);
				if (!type || isInheritedColumn(design, table, column.name)) continue;
				const name = quoteIdent(column.name);
				violations.push({
					target: `${table.name}.${column.name}`,
					message:
						`${table.name}.${column.name} is ${type === 'oid' ? 'an oid' : 'an lo'} column, a reference to a large object in pg_largeobject: every read takes a second lookup through the large-object API, ` +
						`deleting or updating the row leaves the object behind${type === 'lo' ? ' unless the lo_manage trigger unlinks it' : ''}, and logical replication does not carry it.`,
					action:
						`Store the data in the row as bytea (text for characters), unless values exceed bytea's 1 GB or must be streamed in parts: add a bytea column, ` +
						`copy with UPDATE ${quoteTable(table)} SET <new> = lo_get(${name}), switch the application, then lo_unlink the old objects and drop ${name}. ` +
						`If ${column.name} holds catalog references, not large objects, use the matching reg* type (regclass, regproc) instead.`,
				});
			}
		}
		return violations;
	},
};
