/**
 * consistent-column-types: a column name means one type throughout a schema. When id is bigint in
 * one table and integer or uuid in another, or created_at is timestamptz here and timestamp
 * there, every join and comparison between them needs a cast (and a cast on the indexed side keeps
 * the index from serving it), values cannot move from one column to the other without a
 * conversion, and application code has to map one name to several types. Usually one of them is
 * an accident of its migration's author.
 *
 * Types are compared without their modifiers, as PostgreSQL's type identity does: varchar(50)
 * and varchar(255), numeric(12,2) and numeric are the same type; text and varchar, integer and
 * bigint, a domain and its base type are not. Each schema is judged on its own. Columns of
 * partitions and inheritance children are judged through the parent they share them with.
 *
 * Every column of an inconsistent name is reported, with the others as related; no fix is
 * offered, since which type is right (and whether the name should change instead) is a decision.
 */
import type {Column, Table} from '../../../model/design.js';
import {renderType} from '../../sql.js';
import {isInheritedColumn} from '../design-facts.js';
import type {Rule, Violation} from '../rule.js';

/** A column's type without modifiers (length, precision): what makes two columns comparable without a cast. */
export function typeIdentity(column: Column): string {
	const base = column.type.name === 'other' ? (column.type.raw ?? 'other').replace(/\(\d+(?:,\s*\d+)?\)/g, '') : column.type.name;
	return column.type.isArray ? `${base}[]` : base;
}

interface Member {
	readonly table: Table;
	readonly column: Column;
}

/** A column name has one type in a schema. */
export const rule: Rule = {
	id: 'consistent-column-types',
	summary: 'A column name has the same type in every table of a schema.',
	defaultSeverity: 'info',
	check(design) {
		const groups = new Map<string, Member[]>();
		for (const table of design.tables) {
			for (const column of table.columns) {
				if (isInheritedColumn(design, table, column.name)) continue;
				const key = `${table.schema ?? 'public'}\u0000${column.name}`;
				groups.set(key, [...(groups.get(key) ?? []), {table, column}]);
			}
		}
		const violations: Violation[] = [];
		for (const members of groups.values()) {
			const identities = new Set(members.map((member) => typeIdentity(member.column)));
			if (identities.size < 2) continue;
			const byType = describeTypes(members);
			for (const {table, column} of members) {
				const others = members.filter((member) => member.table !== table);
				violations.push({
					target: `${table.name}.${column.name}`,
					related: others.map((member) => `${member.table.name}.${member.column.name}`),
					message:
						`${column.name} has ${identities.size} types in ${table.schema ?? 'public'} (${byType}): ${table.name}.${column.name} is ${renderType(column.type)}. ` +
						`Joins and comparisons across them need a cast, which keeps an index on the cast side from serving them, and code must map one name to several types.`,
					action: `Give ${column.name} one type in every table (usually the one most tables use, or the wider one), or rename the columns that mean something else.`,
				});
			}
		}
		return violations;
	},
};

/** `bigint in accounts, clients; uuid in t_uuid_id`. */
function describeTypes(members: readonly Member[]): string {
	const tables = new Map<string, string[]>();
	for (const {table, column} of members) {
		const type = renderType(column.type);
		tables.set(type, [...(tables.get(type) ?? []), table.name]);
	}
	return [...tables.entries()].map(([type, names]) => `${type} in ${names.join(', ')}`).join('; ');
}
