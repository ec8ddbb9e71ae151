/**
 * prefer-timestamptz: points in time are timestamptz, not timestamp (Squawk's rule of the same
 * name), and times of day are not timetz. timestamptz stores an instant (as UTC) and shows it in
 * the session's zone; timestamp stores a wall-clock reading with no zone, so the meaning depends
 * on whoever wrote it. Both take 8 bytes. timetz (time with time zone) pairs a time of day with a
 * fixed UTC offset but no date, so the offset cannot follow daylight saving; PostgreSQL's manual
 * itself calls its usefulness questionable.
 *
 * The fix for timestamp reads the stored values as UTC (USING column AT TIME ZONE 'UTC'); values
 * written in another zone need that zone instead. The type change rewrites the table and rebuilds
 * the table's indexes from their text; an index that computes with the column (date_trunc, a cast to
 * date, a comparison with a timestamp constant) cannot be rebuilt, since over timestamptz those
 * depend on the session's TimeZone, so no fix is offered then, nor when a view reads the column
 * or it is the partition key. timetz gets
 * no fix: whether it becomes timestamptz (it needs a date then) or time with a zone name beside it
 * depends on what it holds. The columns of partitions and inheritance children are judged through
 * the parent they share them with: the type change on the parent reaches them.
 */
import type {Column, Design, Index, Table} from '../../../model/design.js';
import {quoteIdent, quoteLiteral} from '../../sql.js';
import {alterColumnTypeSql, isInheritedColumn, typeChangeBlocker} from '../design-facts.js';
import {indexesOf} from '../../lookup.js';
import {conjuncts, mentionsIdentifier} from '../../sql-text.js';
import type {Rule, Violation} from '../rule.js';

/** Whether a column is time with time zone (format_type spells it so, with or without a precision). */
function isTimetz(column: Column): boolean {
	return column.type.name === 'other' && /^time(\(\d\))? with time zone$/.test(column.type.raw ?? '');
}

/** timestamp columns are timestamptz; timetz is not used. */
export const rule: Rule = {
	id: 'prefer-timestamptz',
	summary: 'Use timestamptz instead of timestamp (without time zone) or timetz.',
	defaultSeverity: 'warning',
	check(design) {
		const violations: Violation[] = [];
		for (const table of design.tables) {
			for (const column of table.columns) {
				const timetz = isTimetz(column);
				if ((column.type.name !== 'timestamp' && !timetz) || isInheritedColumn(design, table, column.name)) continue;
				if (timetz) {
					violations.push({
						target: `${table.name}.${column.name}`,
						message:
							`${table.name}.${column.name} is timetz (time with time zone): a time of day with a fixed UTC offset but no date, so the offset cannot follow daylight saving — ` +
							`09:00+01:00 is the wrong local time for half the year — and it cannot be compared with instants.`,
						action:
							`If it is a point in time, make it timestamptz (with the date it belongs to). If it is a local time of day (opening hours, a reminder time), ` +
							`make it time and keep the zone's name (such as Europe/Berlin) in a text column beside it. The change rewrites ${table.name}.`,
					});
					continue;
				}
				const computed = computingIndexes(design, table, column.name);
				const fixSql =
					column.type.isArray || computed.length > 0
						? undefined
						: alterColumnTypeSql(design, table, column.name, {name: 'timestamptz'}, `${quoteIdent(column.name)} AT TIME ZONE ${quoteLiteral('UTC')}`);
				const blocker =
					computed.length > 0
						? `${computed.map((index) => index.name).join(', ')} ${computed.length === 1 ? 'computes an expression' : 'compute expressions'} of ${column.name}: ` +
							`over timestamptz, date_trunc, casts to date and comparisons with timestamp constants depend on the session's TimeZone, so PostgreSQL cannot rebuild ` +
							`${computed.length === 1 ? 'it' : 'them'} — rewrite ${computed.length === 1 ? 'its expression' : 'their expressions'} on (${column.name} AT TIME ZONE 'UTC') in the same migration.`
						: typeChangeBlocker(design, table, column.name);
				violations.push({
					target: `${table.name}.${column.name}`,
					message:
						`${table.name}.${column.name} is timestamp without time zone: it stores a wall-clock reading, so the same instant written by servers in two zones ` +
						`is stored as two values, and daylight-saving changes repeat or skip an hour.`,
					action:
						`Make it timestamptz. ${fixSql ? 'The SQL reads' : `Read`} the stored values as UTC (USING ${column.name} AT TIME ZONE 'UTC'); if they were written in another zone, ` +
						`name that zone instead. The change rewrites ${table.name}.` +
						(fixSql || !blocker ? '' : ` ${blocker}`),
					...(fixSql ? {fixSql: fixSql.join('\n')} : {}),
				});
			}
		}
		return violations;
	},
};

/** A predicate that tests only for NULL, which means the same whatever the type. */
const NULL_TEST = /^("(?:[^"]|"")+"|[A-Za-z_][\w$]*) IS (NOT )?NULL$/i;

/** Indexes whose expression or predicate computes with the column: ALTER COLUMN ... TYPE rebuilds them from their text. */
function computingIndexes(design: Design, table: Table, column: string): Index[] {
	const mentions = (sql: string) => mentionsIdentifier(sql, column);
	return indexesOf(design, table.name).filter(
		(index) =>
			(index.keys.some((key) => 'expression' in key && key.expression === 'sql' && mentions(key.sql)) ||
				index.where.some((predicate) => predicate.op === 'sql' && conjuncts(predicate.sql).some((part) => mentions(part) && !NULL_TEST.test(part)))),
	);
}

