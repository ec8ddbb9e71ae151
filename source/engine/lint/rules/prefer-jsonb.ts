/**
 * prefer-jsonb: JSON documents are jsonb, not json. json keeps the text as written and parses it
 * again on every access; it has no equality operator (so no DISTINCT, GROUP BY or unique index)
 * and no GIN index support. jsonb is parsed once, compared, indexed and queried with @>, ? and
 * jsonpath. Keep json only where the exact text (key order, duplicate keys, spacing) matters.
 *
 * The type change rewrites the table. The columns of partitions and inheritance children are
 * judged through the parent they share them with: the type change on the parent reaches them.
 */
import {quoteIdent, renderType} from '../../sql.js';
import {alterColumnTypeSql, isInheritedColumn, typeChangeBlocker} from '../design-facts.js';
import type {Rule, Violation} from '../rule.js';

/** json columns are jsonb. */
export const rule: Rule = {
	id: 'prefer-jsonb',
	summary: 'Use jsonb instead of json.',
	defaultSeverity: 'warning',
	check(design) {
		const violations: Violation[] = [];
		for (const table of design.tables) {
			for (const column of table.columns) {
				if (column.type.name !== 'json' || isInheritedColumn(design, table, column.name)) continue;
				const type = {name: 'jsonb', ...(column.type.isArray ? {isArray: true} : {})} as const;
				const fixSql = alterColumnTypeSql(design, table, column.name, type, `${quoteIdent(column.name)}::${renderType(type)}`);
				violations.push({
					target: `${table.name}.${column.name}`,
					message:
						`${table.name}.${column.name} is json: every read parses the text again, it cannot be compared (no DISTINCT, GROUP BY or unique index), ` +
						`and no GIN index can serve queries into it.`,
					action:
						`Make it jsonb, unless the exact text as sent (key order, duplicate keys) must be kept. The change rewrites ${table.name}.` +
						(fixSql ? '' : ` ${typeChangeBlocker(design, table, column.name) ?? ''}`.trimEnd()),
					...(fixSql ? {fixSql: fixSql.join('\n')} : {}),
				});
			}
		}
		return violations;
	},
};
