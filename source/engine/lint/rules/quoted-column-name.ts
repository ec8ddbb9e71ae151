/**
 * quoted-column-name: column names can be written without double quotes — lower-case letters,
 * digits and underscores, not starting with a digit, and not a reserved word.
 *
 * PostgreSQL folds unquoted names to lower case, so a column created as "UserId", "bad-id" or
 * "order" must be written in double quotes, exactly, in every query, view, function and ORM
 * mapping. Written without them it is another name: `SELECT UserId` looks for userid and fails,
 * `bad-id` parses as `bad - id`.
 *
 * The fix renames the column to its snake_case form (when that is a free, unreserved name).
 * Indexes, constraints and views follow a rename, but application code does not: ship the new name
 * in the same release. The columns of partitions and inheritance children are judged through the
 * parent they come from (renaming the parent's column renames theirs).
 */
import type {Table} from '../../../model/design.js';
import {RESERVED_WORDS, toSnakeCase} from '../../naming.js';
import {quoteIdent, quoteTable} from '../../sql.js';
import {isInheritedColumn} from '../design-facts.js';
import type {Rule, Violation} from '../rule.js';

/** What an unquoted identifier can be: folded to lower case, it must come back unchanged. */
const PLAIN = /^[a-z_][a-z0-9_]*$/;

/** Whether a name only works in double quotes. */
export function requiresQuotes(name: string): boolean {
	return !PLAIN.test(name) || RESERVED_WORDS.has(name);
}

/** Column names need no double quotes. */
export const rule: Rule = {
	id: 'quoted-column-name',
	summary: 'Column names are lower-case snake_case and not reserved words, so no query needs them in double quotes.',
	defaultSeverity: 'warning',
	check(design) {
		const violations: Violation[] = [];
		for (const table of design.tables) {
			for (const column of table.columns) {
				if (!requiresQuotes(column.name) || isInheritedColumn(design, table, column.name)) continue;
				const suggestion = replacement(table, column.name);
				violations.push({
					target: `${table.name}.${column.name}`,
					message:
						`${table.name}.${column.name} ${why(column.name)}: every query, view and mapping must write it as ${quoteIdent(column.name)}, exactly; ` +
						`written without the quotes it names ${unquotedMeaning(column.name)}.`,
					action: suggestion
						? `Rename it to ${suggestion}, and change the application's queries in the same release (indexes, constraints and views follow the rename).`
						: `Rename it to a lower-case snake_case name that is not a reserved word, and change the application's queries in the same release.`,
					...(suggestion ? {fixSql: `ALTER TABLE ${quoteTable(table)} RENAME COLUMN ${quoteIdent(column.name)} TO ${suggestion};`} : {}),
				});
			}
		}
		return violations;
	},
};

function why(name: string): string {
	if (PLAIN.test(name)) return 'is a reserved word';
	if (/[A-Z]/.test(name) && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return 'has upper-case letters';
	if (/^[0-9]/.test(name)) return 'starts with a digit';
	return 'has characters an unquoted name cannot hold';
}

function unquotedMeaning(name: string): string {
	if (PLAIN.test(name)) return 'the keyword, and the statement fails to parse';
	if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return `${name.toLowerCase()}, another column, and the query fails`;
	return 'something else or fails to parse';
}

/** The snake_case form of the name, when it is a plain name the table does not use yet. */
function replacement(table: Table, name: string): string | undefined {
	const suggestion = toSnakeCase(name);
	if (!suggestion || requiresQuotes(suggestion)) return undefined;
	return table.columns.some((column) => column.name === suggestion) ? undefined : suggestion;
}
