/**
 * column-comment: every column says what it holds, in a COMMENT. The name tells what a column is
 * called; the comment tells what it means — its unit, its allowed values, where it comes from,
 * what NULL stands for — and travels with the schema into psql's \d+, pg_dump, ER tools, data
 * catalogs and generated models. A blank comment counts as none.
 *
 * Designs the engine derives comment every column (the comment written in the session, or the
 * reason for its type), so this reports only columns read from a database or imported without one.
 * Partitions are judged through their partitioned table, whose columns they share; an inheritance
 * child's columns carry their own comments and are judged too.
 */
import type {Column, Table} from '../../../model/design.js';
import {quoteIdent, quoteTable} from '../../sql.js';
import type {LintContext, Rule, Violation} from '../rule.js';

/** The comment a column has in the database the design describes (what COMMENT ON COLUMN holds). */
export function columnComment(context: LintContext, table: Table, column: Column): string {
	// Read from a database or imported: the comment it had. Derived by the engine: the session's
	// description, else the reason for the column's type (schema.sql writes one or the other).
	if (context.source !== 'session' || table.imported) return column.comment ?? '';
	return column.comment ?? column.reason;
}

/** Every column has a comment. */
export const rule: Rule = {
	id: 'column-comment',
	summary: 'Every column has a comment saying what it holds.',
	defaultSeverity: 'info',
	check(design, context) {
		const violations: Violation[] = [];
		for (const table of design.tables) {
			if (table.partitionOf !== undefined) continue;
			for (const column of table.columns) {
				const comment = columnComment(context, table, column);
				if (comment.trim() !== '') continue;
				violations.push({
					target: `${table.name}.${column.name}`,
					message:
						`${table.name}.${column.name} has ${comment === '' ? 'no comment' : 'a blank comment'}: whoever reads the schema — in psql's \\d+, a dump, an ER diagram or a data catalog — ` +
						`must guess what it holds, in which unit, and what NULL means.`,
					action: `Describe it in a sentence: COMMENT ON COLUMN ${quoteTable(table)}.${quoteIdent(column.name)} IS '...';`,
				});
			}
		}
		return violations;
	},
};
