/**
 * unlinked-table: every table takes part in a foreign key — referencing another table or
 * referenced by one.
 *
 * Information: a table no foreign key touches is often a leftover nothing uses any more, a copy
 * made by hand, or a table whose relationships live only in application code (where nothing
 * checks them). It can also be right — a log, a settings table, a one-table design — so the
 * finding asks for a look, not a change. Partitions are judged with their partitioned table.
 */
import type {Rule, Violation} from '../rule.js';

/** Every table is linked to another by a foreign key. */
export const rule: Rule = {
	id: 'unlinked-table',
	summary: 'Every table references another table or is referenced by one (information: a table no foreign key touches deserves a look).',
	defaultSeverity: 'info',
	check(design) {
		if (design.tables.length < 2) return [];
		const referenced = new Set(design.tables.flatMap((table) => table.foreignKeys.map((fk) => fk.refTable)));
		return design.tables
			.filter((table) => table.partitionOf === undefined && table.foreignKeys.length === 0 && !referenced.has(table.name))
			.map(
				(table): Violation => ({
					target: table.name,
					message: `No foreign key references ${table.name} or leaves it: nothing keeps its rows consistent with the rest of the schema. Such a table is often unused, or its relationships live only in application code, where nothing checks them.`,
					action: `If ${table.name} belongs to the model, add the foreign key that links it (and an index on its columns); if nothing uses it, drop it; if it stands alone on purpose (a log, a settings table), suppress this finding with that reason.`,
				}),
			);
	},
};
