/**
 * require-check-rules: amounts and quantities carry a CHECK rule. A price, total, cost, balance,
 * quantity or stock column without one accepts -5 as readily as 5; the database is the one place
 * that sees every write, from every code path and every hand-typed UPDATE.
 *
 * Columns with role money and numeric columns named like an amount count; key columns do not
 * (cost_center_id is a reference, not an amount), nor do codes whose name ends in a word that says
 * so (fee_type, payment_status, refund_state: an integer enum, not an amount of fees or payments).
 * Partitions are judged through their parent (a CHECK added there reaches every partition).
 */
import type {Column, Table} from '../../../model/design.js';
import {localName} from '../../sql.js';
import {addCheckSql, freeName, isInheritedColumn, isKeyColumn, isMoneyName, isNumber, nameWords} from '../design-facts.js';
import type {Rule, Violation} from '../rule.js';

const QUANTITY_WORDS: ReadonlySet<string> = new Set(['quantity', 'qty', 'stock']);
/** Last words of a name that make the column a code, whatever stands before them. */
const CODE_WORDS: ReadonlySet<string> = new Set(['status', 'type', 'kind', 'state', 'category', 'mode', 'method', 'reason', 'code', 'flag']);

/** Money-like and quantity columns have a CHECK rule. */
export const rule: Rule = {
	id: 'require-check-rules',
	summary: 'Money and quantity columns carry a CHECK rule (for example >= 0).',
	defaultSeverity: 'info',
	check(design) {
		const violations: Violation[] = [];
		for (const table of design.tables) {
			for (const column of table.columns) {
				if (!isAmount(table, column) || isInheritedColumn(design, table, column.name) || table.checks.some((check) => check.rule.column === column.name)) continue;
				const name = freeName(design, [localName(table), column.name, 'range'], 'check');
				violations.push({
					target: `${table.name}.${column.name}`,
					message: `${table.name}.${column.name} has no CHECK rule: nothing stops a negative ${column.name.replaceAll('_', ' ')} being stored, by a bug or a hand-typed UPDATE.`,
					action: `Add the rule that holds — the SQL says ${column.name} >= 0; change the bound if negative values mean something here (a refund, an overdraft).`,
					fixSql: addCheckSql(table, name, {kind: 'range', column: column.name, min: 0}).join('\n'),
				});
			}
		}
		return violations;
	},
};

function isAmount(table: Table, column: Column): boolean {
	if (!isNumber(column) || column.generated || isKeyColumn(table, column) || CODE_WORDS.has(nameWords(column.name).at(-1) ?? '')) return false;
	return column.role === 'money' || isMoneyName(column.name) || nameWords(column.name).some((word) => QUANTITY_WORDS.has(word));
}
