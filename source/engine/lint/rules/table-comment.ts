/**
 * table-comment: every table says what a row of it is, in a COMMENT. The comment travels with the
 * schema into psql's \d+, pg_dump, ER tools, data catalogs and generated models, and is where the
 * next reader learns what the table is for, who writes it and what a row stands for. A blank
 * comment counts as none.
 *
 * Designs the engine derives comment a table with the description the session gives its entity.
 * Partitions are judged through their partitioned table (a partition is a slice of its rows);
 * inheritance children are tables of their own and are judged too.
 */
import {quoteTable} from '../../sql.js';
import type {Rule, Violation} from '../rule.js';

/** Every table has a comment. */
export const rule: Rule = {
	id: 'table-comment',
	summary: 'Every table has a comment saying what a row of it is.',
	defaultSeverity: 'info',
	check(design) {
		const violations: Violation[] = [];
		for (const table of design.tables) {
			if (table.partitionOf !== undefined || table.comment.trim() !== '') continue;
			violations.push({
				target: table.name,
				message:
					`${table.name} has ${table.comment === '' ? 'no comment' : 'a blank comment'}: whoever reads the schema — in psql's \\d+, a dump, an ER diagram or a data catalog — ` +
					`must guess what a row stands for and what the table is for.`,
				action: `Describe it in a sentence: COMMENT ON TABLE ${quoteTable(table)} IS '...';`,
			});
		}
		return violations;
	},
};
