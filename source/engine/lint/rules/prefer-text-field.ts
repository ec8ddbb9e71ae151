/**
 * prefer-text-field: text instead of varchar, with a CHECK on char_length where a limit matters
 * (Squawk's rule of the same name).
 *
 * varchar(n) stores and performs exactly like text; its only extra is the limit, and raising that
 * limit later takes an ACCESS EXCLUSIVE lock (lowering it rewrites the table), while a CHECK is
 * swapped in moments. varchar(255) and varchar without a length are always reported: 255 is a habit
 * carried over from MySQL, not a limit anyone stated, and an unbounded varchar is text by another
 * name. Any other varchar(n) is accepted when its reason says the user stated that limit (the
 * engine writes "varchar(50): the limit you stated", or "chosen by you" for a pinned type).
 *
 * The columns of partitions and inheritance children are judged through the parent they share
 * them with: the type change on the parent reaches them.
 */
import type {Column, Design, Table} from '../../../model/design.js';
import {localName} from '../../sql.js';
import {addCheckSql, alterColumnTypeSql, freeName, isInheritedColumn, typeChangeBlocker} from '../design-facts.js';
import type {Rule, Violation} from '../rule.js';

const STATED = /the limit you stated|chosen by you/i;

/** varchar is text with a CHECK, unless its limit was stated on purpose. */
export const rule: Rule = {
	id: 'prefer-text-field',
	summary: 'Use text (with a CHECK on char_length where a limit matters) instead of varchar.',
	defaultSeverity: 'warning',
	check(design, context) {
		const violations: Violation[] = [];
		for (const table of design.tables) {
			for (const column of table.columns) {
				if (column.type.name !== 'varchar' || isInheritedColumn(design, table, column.name)) continue;
				const {length} = column.type;
				if (length !== undefined && length !== 255 && STATED.test(column.reason)) continue;
				const fixSql = textSql(design, table, column);
				violations.push({
					target: `${table.name}.${column.name}`,
					message: `${table.name}.${column.name} is ${describe(length)}: ${why(length)}`,
					action:
						`Make it text` +
						(length !== undefined && !column.type.isArray ? ` and keep the limit as CHECK (char_length(${column.name}) <= ${length}), which can be changed later without a long lock.` : '.') +
						(length !== undefined && length !== 255 && context.source === 'session' ? ' If the limit is a real rule, state it in the session so the engine records why.' : '') +
						(fixSql ? '' : ` ${typeChangeBlocker(design, table, column.name) ?? ''}`.trimEnd()),
					...(fixSql ? {fixSql} : {}),
				});
			}
		}
		return violations;
	},
};

function describe(length: number | undefined): string {
	return length === undefined ? 'varchar without a length' : `varchar(${length})`;
}

function why(length: number | undefined): string {
	if (length === undefined) return 'that is text under another name, and a later length limit on it would lock the table.';
	if (length === 255) return '255 is a habit carried over from MySQL, not a limit anyone stated; raising it later takes an ACCESS EXCLUSIVE lock.';
	return 'no stated reason for that limit, and changing it later takes an ACCESS EXCLUSIVE lock (lowering it rewrites the table).';
}

function textSql(design: Design, table: Table, column: Column): string | undefined {
	const alter = alterColumnTypeSql(design, table, column.name, {name: 'text', ...(column.type.isArray ? {isArray: true} : {})});
	if (!alter) return undefined;
	const {length} = column.type;
	const hasLengthCheck = table.checks.some(
		(check) => check.rule.kind === 'length' && check.rule.column === column.name && check.rule.max !== undefined && length !== undefined && check.rule.max <= length,
	);
	const keepLimit =
		length !== undefined && !column.type.isArray && !hasLengthCheck
			? addCheckSql(table, freeName(design, [localName(table), column.name, 'length'], 'check'), {kind: 'length', column: column.name, max: length})
			: [];
	return [...alter, ...keepLimit].join('\n');
}
