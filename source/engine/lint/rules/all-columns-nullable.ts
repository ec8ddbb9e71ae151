/**
 * all-columns-nullable: a table with columns besides its primary key has at least one of them NOT
 * NULL.
 *
 * When every other column accepts NULL, a row can be stored with nothing in it but its key — an
 * insert that forgot everything succeeds — and every reader must handle NULL in every column. It
 * usually means NOT NULL was never considered (tables read from ORMs that default to nullable).
 * A table of key columns only (a link table) is fine. Partitions share their parent's columns and
 * are judged there. Information for a table the session designs (not imported, not read from a
 * database): there the user answered "required?" for every field, so NULL was a decision.
 */
import {quoteIdent, quoteTable} from '../../sql.js';
import type {Rule, Violation} from '../rule.js';

/** Some column besides the primary key is NOT NULL. */
export const rule: Rule = {
	id: 'all-columns-nullable',
	summary: 'A table does not leave every column besides its primary key nullable.',
	defaultSeverity: 'warning',
	check(design) {
		const violations: Violation[] = [];
		for (const table of design.tables) {
			if (table.partitionOf !== undefined) continue;
			const others = table.columns.filter((column) => !table.primaryKey.columns.includes(column.name));
			if (others.length === 0 || others.some((column) => !column.nullable)) continue;
			const names = others.map((column) => column.name);
			const shown = names.length > 4 ? `${names.slice(0, 4).join(', ')} ...` : names.join(', ');
			const example = quoteIdent(names[0]!);
			const keyed = table.primaryKey.columns.length > 0;
			const chosen = design.catalog === undefined && !table.imported;
			violations.push({
				target: table.name,
				...(chosen ? {severity: 'info' as const} : {}),
				message:
					`Every column of ${table.name}${keyed ? ' besides its primary key' : ''} accepts NULL (${shown}): a row with nothing in it${keyed ? ' but its key' : ' at all'} is a valid row, ` +
					`an insert that forgot its values succeeds, and every query and model must handle NULL in every column.`,
				action:
					`Make NOT NULL the columns every row has. Check the rows first (SELECT count(*) FROM ${quoteTable(table)} WHERE ${example} IS NULL), give old rows a value, ` +
					`then add CHECK (${example} IS NOT NULL) NOT VALID, VALIDATE it and SET NOT NULL, which then needs no scan under an exclusive lock.`,
			});
		}
		return violations;
	},
};
