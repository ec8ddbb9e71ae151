/**
 * prefer-numeric-money: amounts of money are numeric, never real, double precision or money.
 * Binary floating point cannot hold 0.10 exactly: sums drift by fractions of a cent, equal totals
 * compare unequal, and rounding differs between the database and the application. numeric(p,s)
 * is exact decimal arithmetic.
 *
 * The money type is exact but no better: its scale, currency symbol and input/output format
 * follow the server's lc_monetary, so its values may not load (or load as other amounts) into a
 * database with another setting; it holds no fraction of a cent, rounds on multiplication and division, and
 * stores no currency. It is reported whatever the column's name, as a warning (values are not
 * wrong, only bound to a setting).
 *
 * Floating-point columns with role money or a money-like name (price, amount, cost, fee, tax,
 * discount, balance, ... and total as the last word) are errors. The type change rewrites the table
 * and, for floating point, rounds stored values to the scale. The columns of partitions and
 * inheritance children are judged through the parent they share them with.
 */
import type {Column} from '../../../model/design.js';
import {alterColumnTypeSql, isInheritedColumn, isMoneyName, typeChangeBlocker} from '../design-facts.js';
import type {Rule, Violation} from '../rule.js';

/** Money is numeric, not floating point or the money type. */
export const rule: Rule = {
	id: 'prefer-numeric-money',
	summary: 'Money is numeric, never real, double precision or the money type.',
	defaultSeverity: 'error',
	check(design) {
		const violations: Violation[] = [];
		for (const table of design.tables) {
			for (const column of table.columns) {
				const moneyType = isMoneyType(column);
				if ((!moneyType && !isFloatMoney(column)) || isInheritedColumn(design, table, column.name)) continue;
				const array = column.type.isArray ? {isArray: true} : {};
				if (moneyType) {
					// money holds up to 92,233,720,368,547,758.07 in cents: numeric(19,2) takes every value.
					const fixSql = alterColumnTypeSql(design, table, column.name, {name: 'numeric', precision: 19, scale: 2, ...array});
					violations.push({
						target: `${table.name}.${column.name}`,
						severity: 'warning',
						message:
							`${table.name}.${column.name} is of type money: its scale, currency symbol and text format follow the server's lc_monetary, so its values may not load, ` +
							`or load as other amounts, into a database with another lc_monetary; it holds no fraction of a cent and records no currency.`,
						action:
							`Make it numeric — numeric(19,2) in the SQL takes every money value in cents (use the scale of lc_monetary's currency if it has other than 2 decimals) — ` +
							`and keep the currency in a column beside it where there can be more than one. The change rewrites ${table.name}.` +
							(fixSql ? '' : ` ${typeChangeBlocker(design, table, column.name) ?? ''}`.trimEnd()),
						...(fixSql ? {fixSql: fixSql.join('\n')} : {}),
					});
					continue;
				}
				const fixSql = alterColumnTypeSql(design, table, column.name, {name: 'numeric', precision: 12, scale: 2, ...array});
				violations.push({
					target: `${table.name}.${column.name}`,
					message:
						`${table.name}.${column.name} holds money as ${column.type.name}: floating point cannot store 0.10 exactly, so sums drift by fractions of a cent ` +
						`and totals that should match do not.`,
					action:
						`Make it numeric with the scale of the currency — numeric(12,2) in the SQL (exact cents, up to 9,999,999,999.99); numeric(19,4) for prices below a cent. ` +
						`The change rewrites ${table.name} and rounds stored values to the scale.` +
						(fixSql ? '' : ` ${typeChangeBlocker(design, table, column.name) ?? ''}`.trimEnd()),
					...(fixSql ? {fixSql: fixSql.join('\n')} : {}),
				});
			}
		}
		return violations;
	},
};

function isMoneyType(column: Column): boolean {
	return column.type.name === 'other' && column.type.raw === 'money';
}

function isFloatMoney(column: Column): boolean {
	return (column.type.name === 'real' || column.type.name === 'double precision') && (column.role === 'money' || isMoneyName(column.name));
}
