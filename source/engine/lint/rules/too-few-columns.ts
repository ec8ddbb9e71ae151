/**
 * too-few-columns: a table has at least two columns.
 *
 * A table without columns holds nothing but a count of empty rows; a table of one column is a
 * set of values — sometimes on purpose (allowed codes that foreign keys reference, a global
 * unique index for a partitioned table), more often a table that lost its columns or an unfinished
 * design. Either way it deserves a look: keep it and suppress the finding with the reason, give it
 * the columns it lacks, or drop it. Partitions share their parent's columns and are judged there.
 */
import type {Rule, Violation} from '../rule.js';

/** Tables have two columns or more. */
export const rule: Rule = {
	id: 'too-few-columns',
	summary: 'Tables have at least two columns: one with none or one is usually unfinished or left over.',
	defaultSeverity: 'warning',
	check(design) {
		const referenced = new Set(design.tables.flatMap((table) => table.foreignKeys.map((fk) => fk.refTable)));
		return design.tables
			.filter((table) => table.partitionOf === undefined && table.columns.length <= 1)
			.map((table): Violation => {
				const column = table.columns[0];
				if (!column) {
					return {
						target: table.name,
						message: `${table.name} has no columns: its rows hold nothing, and it is almost always a table whose columns were dropped or never added.`,
						action: `Give ${table.name} the columns it is for, or drop it if nothing uses it.`,
					};
				}
				return {
					target: table.name,
					message:
						`${table.name} has a single column, ${column.name}: it stores a set of values and nothing about them` +
						(referenced.has(table.name) ? ' (foreign keys reference it as a list of allowed values).' : ', and nothing references it.'),
					action: referenced.has(table.name)
						? `If it is a list of allowed values, keep it (a label or description column usually follows) and suppress this finding with that reason; a CHECK (... IN (...)) or an enum does the same for a short, fixed list.`
						: `Give ${table.name} the columns it lacks, drop it if nothing uses it, or suppress this finding with the reason it stands as it is.`,
				};
			});
	},
};
