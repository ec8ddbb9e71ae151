/**
 * prefer-numeric-money: amounts of money are numeric, never real or double precision. Binary
 * floating point cannot hold 0.10 exactly: sums drift by fractions of a cent, equal totals
 * compare unequal, and rounding differs between the database and the application. numeric(p,s)
 * is exact decimal arithmetic. (The money type is no better: it follows the server's lc_monetary.)
 *
 * Columns with role money or a money-like name (price, amount, cost, fee, tax, discount, balance,
 * ... and total as the last word) are checked. The type change rewrites the table and rounds
 * stored values to the scale.
 */
import type {Column} from '../../../model/design.js';
import {alterColumnTypeSql, isMoneyName} from '../design-facts.js';
import type {Rule, Violation} from '../rule.js';

/** Money is numeric, not floating point. */
export const rule: Rule = {
	id: 'prefer-numeric-money',
	summary: 'Money is numeric, never real or double precision.',
	defaultSeverity: 'error',
	check(design) {
		const violations: Violation[] = [];
		for (const table of design.tables) {
			for (const column of table.columns) {
				if (!isFloatMoney(column)) continue;
				const fixSql = alterColumnTypeSql(design, table, column.name, {name: 'numeric', precision: 12, scale: 2, ...(column.type.isArray ? {isArray: true} : {})});
				violations.push({
					target: `${table.name}.${column.name}`,
					message:
						`${table.name}.${column.name} holds money as ${column.type.name}: floating point cannot store 0.10 exactly, so sums drift by fractions of a cent ` +
						`and totals that should match do not.`,
					action:
						`Make it numeric with the scale of the currency — numeric(12,2) in the SQL (exact cents, up to 9,999,999,999.99); numeric(19,4) for prices below a cent. ` +
						`The change rewrites ${table.name} and rounds stored values to the scale.`,
					...(fixSql ? {fixSql: fixSql.join('\n')} : {}),
				});
			}
		}
		return violations;
	},
};

function isFloatMoney(column: Column): boolean {
	return (column.type.name === 'real' || column.type.name === 'double precision') && (column.role === 'money' || isMoneyName(column.name));
}
