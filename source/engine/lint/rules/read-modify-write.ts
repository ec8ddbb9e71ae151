/**
 * read-modify-write: counters and stock levels are changed in one atomic statement, not read,
 * computed in the application and written back. Two requests that both read stock = 1 both sell
 * the last item; two that both read balance = 100 both spend it (a lost update). PostgreSQL's
 * default READ COMMITTED does not stop that.
 *
 * Numeric columns named like a counter or a level (quantity, stock, balance, count, counter,
 * inventory, seats, credits) are reported when the design has writes (not read-heavy), with the
 * three safe shapes: an atomic UPDATE with the condition in its WHERE, SELECT ... FOR UPDATE, or
 * REPEATABLE READ / SERIALIZABLE with a retry on SQLSTATE 40001. The advice is SQL to use in
 * queries, not a change to the schema, so there is no fix to apply.
 *
 * Not counters or levels, though their names hold the words: a count of time units is a duration
 * (billing_interval_count, trial_period_count: how long, set once), and a bound is compared with,
 * not taken from (threshold_credits, target_balance, max_quantity).
 */
import type {Column, Table} from '../../../model/design.js';
import {quoteIdent, quoteTable} from '../../sql.js';
import {isKeyColumn, isNumber, nameWords} from '../design-facts.js';
import type {Rule, Violation} from '../rule.js';

const LEVEL_WORDS: ReadonlySet<string> = new Set(['quantity', 'qty', 'stock', 'balance', 'inventory', 'seats', 'credits']);
const COUNTER_WORDS: ReadonlySet<string> = new Set(['count', 'counter']);
/** Units of time: a count of them is a duration. */
const TIME_UNITS: ReadonlySet<string> = new Set(['interval', 'cycle', 'period', 'second', 'minute', 'hour', 'day', 'week', 'month', 'year']);
/** Words that make a column a bound to compare with. */
const BOUND_WORDS: ReadonlySet<string> = new Set(['threshold', 'target', 'limit', 'min', 'max', 'minimum', 'maximum']);

/** Counters and stock levels are updated atomically. */
export const rule: Rule = {
	id: 'read-modify-write',
	summary: 'Counters, stock and balances are changed by one atomic UPDATE, not read, computed and written back.',
	defaultSeverity: 'info',
	check(design) {
		if (design.readWrite === 'read-heavy') return [];
		const violations: Violation[] = [];
		for (const table of design.tables) {
			if (table.primaryKey.columns.length === 0) continue;
			for (const column of table.columns) {
				const kind = kindOf(table, column);
				if (!kind) continue;
				violations.push({
					target: `${table.name}.${column.name}`,
					message:
						`${table.name}.${column.name} is a ${kind === 'level' ? 'level that requests take from' : 'counter that requests add to'}: ` +
						`read in the application, changed and written back, two concurrent requests both see the same value and one change is lost` +
						(kind === 'level' ? ' (both sell the last item).' : '.'),
					action: advice(table, column, kind),
				});
			}
		}
		return violations;
	},
};

function kindOf(table: Table, column: Column): 'level' | 'counter' | undefined {
	if (!isNumber(column) || column.generated || isKeyColumn(table, column)) return undefined;
	const words = nameWords(column.name);
	if (words.some((word) => BOUND_WORDS.has(word))) return undefined;
	if (words.some((word, position) => COUNTER_WORDS.has(word) && TIME_UNITS.has(words[position - 1] ?? ''))) return undefined;
	if (words.some((word) => LEVEL_WORDS.has(word))) return 'level';
	if (words.some((word) => COUNTER_WORDS.has(word))) return 'counter';
	return undefined;
}

function advice(table: Table, column: Column, kind: 'level' | 'counter'): string {
	const name = quoteTable(table);
	const value = quoteIdent(column.name);
	const keys = table.primaryKey.columns;
	const where = (first: number) => keys.map((key, position) => `${quoteIdent(key)} = $${first + position}`).join(' AND ');
	const atomic =
		kind === 'level'
			? `UPDATE ${name} SET ${value} = ${value} - $1 WHERE ${where(2)} AND ${value} >= $1 RETURNING ${value};`
			: `UPDATE ${name} SET ${value} = ${value} + 1 WHERE ${where(1)} RETURNING ${value};`;
	return [
		`Change it in one statement, so the row lock orders concurrent requests${kind === 'level' ? ' (no row returned: not enough left)' : ''}:`,
		`    ${atomic}`,
		`Or lock the row before deciding in the application, in the same transaction:`,
		`    SELECT ${value} FROM ${name} WHERE ${where(1)} FOR UPDATE;`,
		`Or run the transaction at REPEATABLE READ or SERIALIZABLE and retry it when it fails with SQLSTATE 40001.`,
	].join('\n');
}
