/**
 * prefer-timestamptz: points in time are timestamptz, not timestamp (Squawk's rule of the same
 * name). timestamptz stores an instant (as UTC) and shows it in the session's zone; timestamp
 * stores a wall-clock reading with no zone, so the meaning depends on whoever wrote it. Both take
 * 8 bytes.
 *
 * The fix reads the stored values as UTC (USING column AT TIME ZONE 'UTC'); values written in
 * another zone need that zone instead. The type change rewrites the table.
 */
import {quoteIdent, quoteLiteral} from '../../sql.js';
import {alterColumnTypeSql} from '../design-facts.js';
import type {Rule, Violation} from '../rule.js';

/** timestamp columns are timestamptz. */
export const rule: Rule = {
	id: 'prefer-timestamptz',
	summary: 'Use timestamptz instead of timestamp (without time zone).',
	defaultSeverity: 'warning',
	check(design) {
		const violations: Violation[] = [];
		for (const table of design.tables) {
			for (const column of table.columns) {
				if (column.type.name !== 'timestamp') continue;
				const fixSql = column.type.isArray
					? undefined
					: alterColumnTypeSql(design, table, column.name, {name: 'timestamptz'}, `${quoteIdent(column.name)} AT TIME ZONE ${quoteLiteral('UTC')}`);
				violations.push({
					target: `${table.name}.${column.name}`,
					message:
						`${table.name}.${column.name} is timestamp without time zone: it stores a wall-clock reading, so the same instant written by servers in two zones ` +
						`is stored as two values, and daylight-saving changes repeat or skip an hour.`,
					action: `Make it timestamptz. The SQL reads the stored values as UTC; if they were written in another zone, name that zone in USING instead. The change rewrites ${table.name}.`,
					...(fixSql ? {fixSql: fixSql.join('\n')} : {}),
				});
			}
		}
		return violations;
	},
};
