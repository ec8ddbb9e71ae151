/**
 * varchar-primary-key: no primary key column is varchar(32), varchar(36) or varchar(38) (or
 * char(n) of those lengths): the lengths of a UUID written as text — without dashes, with dashes,
 * with braces. As text it takes 33 to 39 bytes instead of uuid's 16, in the table, in the key's
 * index and in every foreign key and its index; compares byte by byte under a collation; and
 * accepts any string, so a malformed or upper-case id is a different key. The uuid type stores the
 * same values, checks them, and prints them the same way.
 *
 * A partition's key is its parent's and is judged there.
 */
import type {Column, Table} from '../../../model/design.js';
import {quoteIdent, renderType} from '../../sql.js';
import {findColumn, hasPrimaryKey} from '../design-facts.js';
import type {Rule, Violation} from '../rule.js';

const UUID_LENGTHS: ReadonlySet<number> = new Set([32, 36, 38]);

/** Primary key columns are not UUIDs kept as varchar. */
export const rule: Rule = {
	id: 'varchar-primary-key',
	summary: 'Primary keys do not keep UUIDs as varchar(32/36/38): the uuid type takes 16 bytes and checks the format.',
	defaultSeverity: 'info',
	check(design) {
		const violations: Violation[] = [];
		for (const table of design.tables) {
			if (!hasPrimaryKey(table) || table.partitionOf) continue;
			const columns = table.primaryKey.columns.map((name) => findColumn(table, name)).filter((column): column is Column => column !== undefined && uuidLength(column) !== undefined);
			if (columns.length === 0) continue;
			violations.push(finding(table, columns));
		}
		return violations;
	},
};

/** The length of a varchar(n) or char(n) column whose n is that of a UUID as text, or undefined. */
function uuidLength(column: Column): number | undefined {
	if (column.type.isArray) return undefined;
	const length = column.type.name === 'varchar' ? column.type.length : column.type.name === 'other' ? Number(/^character\((\d+)\)$/.exec(column.type.raw ?? '')?.[1]) : undefined;
	return length !== undefined && UUID_LENGTHS.has(length) ? length : undefined;
}

function finding(table: Table, columns: readonly Column[]): Violation {
	const key = table.primaryKey;
	const described = columns.map((column) => `${column.name} (${renderType(column.type)})`).join(', ');
	const plural = columns.length > 1;
	return {
		target: key.name,
		table: table.name,
		message:
			`${key.name} on ${table.name} has ${described}: the length${plural ? 's' : ''} of a UUID written as text. Kept as text, each value takes up to 39 bytes instead of 16 — ` +
			`in the table, the key's index and every foreign key to it — compares slower, and any string is accepted, so a malformed or upper-case id becomes another key.`,
		action:
			`If ${plural ? 'they hold' : 'it holds'} UUIDs, change ${plural ? 'them' : 'it'} to uuid (ALTER COLUMN ... TYPE uuid USING ${quoteIdent(columns[0]!.name)}::uuid, together with the foreign key columns that reference ${plural ? 'them' : 'it'}; ` +
			`this rewrites the tables, so in a maintenance window). If not, the length is a coincidence: suppress this finding.`,
	};
}
