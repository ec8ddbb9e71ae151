/**
 * prefer-text-over-char: strings are text, not char(n) (Squawk's ban-char-field). char(n) pads
 * every value with spaces to n characters: the padding is stored, yet = and length() ignore it,
 * || and a cast to text drop it, and LIKE and regular expressions see it ('ab'::char(3) LIKE 'ab'
 * is false). It is no faster than text — PostgreSQL stores both the same way, the padding
 * included. A bare `char` is char(1). Where a length limit matters, a CHECK on char_length
 * keeps it, and can be changed later without rewriting the table.
 *
 * The fix makes the column text (the cast drops the trailing spaces of stored values) and keeps
 * the limit as a CHECK added NOT VALID, then validated. The change rewrites the table. Partitions
 * and inheritance children are judged through the parent they share the column with; `"char"`
 * (the one-byte internal type) and bpchar without a length are not char(n).
 */
import type {Column, Design, Table} from '../../../model/design.js';
import {localName} from '../../sql.js';
import {addCheckSql, alterColumnTypeSql, freeName, isInheritedColumn, typeChangeBlocker} from '../design-facts.js';
import type {Rule, Violation} from '../rule.js';

/** The n of a char(n) column, or undefined when the column is not one. */
export function charLength(column: Column): number | undefined {
	if (column.type.name !== 'other') return undefined;
	const match = /^character\((\d+)\)$/.exec(column.type.raw ?? '');
	return match ? Number(match[1]) : undefined;
}

/** char(n) columns are text. */
export const rule: Rule = {
	id: 'prefer-text-over-char',
	summary: 'Use text (with a CHECK on char_length where a limit matters) instead of char(n).',
	defaultSeverity: 'warning',
	check(design) {
		const violations: Violation[] = [];
		for (const table of design.tables) {
			for (const column of table.columns) {
				const length = charLength(column);
				if (length === undefined || isInheritedColumn(design, table, column.name)) continue;
				const fixSql = textSql(design, table, column, length);
				violations.push({
					target: `${table.name}.${column.name}`,
					message:
						`${table.name}.${column.name} is char(${length}): every value is padded with spaces to ${length} character${length === 1 ? '' : 's'}, stored that way, ` +
						`yet = ignores the padding while LIKE and regular expressions see it ('ab'::char(3) LIKE 'ab' is false), and it is no faster than text.`,
					action:
						`Make it text` +
						(column.type.isArray ? '.' : ` and keep the limit as CHECK (char_length(${column.name}) <= ${length}), which can be changed later without rewriting the table.`) +
						` Stored values lose their trailing spaces. The change rewrites ${table.name}.` +
						(fixSql ? '' : ` ${typeChangeBlocker(design, table, column.name) ?? ''}`.trimEnd()),
					...(fixSql ? {fixSql} : {}),
				});
			}
		}
		return violations;
	},
};

function textSql(design: Design, table: Table, column: Column, length: number): string | undefined {
	const alter = alterColumnTypeSql(design, table, column.name, {name: 'text', ...(column.type.isArray ? {isArray: true} : {})});
	if (!alter) return undefined;
	const keepLimit = column.type.isArray ? [] : addCheckSql(table, freeName(design, [localName(table), column.name, 'length'], 'check'), {kind: 'length', column: column.name, max: length});
	return [...alter, ...keepLimit].join('\n');
}
