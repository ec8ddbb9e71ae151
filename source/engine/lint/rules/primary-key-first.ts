/**
 * primary-key-first: a table's first column is part of its primary key.
 *
 * Style, and information only: PostgreSQL does not care where the key stands. People do — `\d`,
 * `SELECT *`, generated models and diagrams show the columns in order, and a key in the middle
 * reads as if the table had none. PostgreSQL cannot move a column: the order changes only when
 * the table is built anew (a new table and a copy of the rows), so this is for the next rebuild.
 * Partitions take their parent's column order and are not reported; tables without a key are
 * require-primary-key's.
 */
import {hasPrimaryKey} from '../design-facts.js';
import type {Rule, Violation} from '../rule.js';

/** The primary key columns come first. */
export const rule: Rule = {
	id: 'primary-key-first',
	summary: "A table's first column belongs to its primary key, so the key is what readers see first.",
	defaultSeverity: 'info',
	check(design) {
		return design.tables
			.filter((table) => table.partitionOf === undefined && hasPrimaryKey(table) && table.columns.length > 0)
			.filter((table) => !table.primaryKey.columns.includes(table.columns[0]!.name))
			.map((table): Violation => {
				const first = table.columns[0]!.name;
				const key = table.primaryKey.columns;
				return {
					target: table.name,
					message: `${table.name} starts with ${first}, not with its primary key (${key.join(', ')}): \\d, SELECT * and generated models show the key after other columns, where readers do not look for it.`,
					action: `Put ${key.join(', ')} first when ${table.name} is next rebuilt (PostgreSQL cannot move a column in place: it takes a new table and a copy of the rows, not worth doing for this alone).`,
				};
			});
	},
};
