/**
 * boolean-index: no boolean column is a key of a plain (non-unique) index. A boolean has two
 * values: as the only key, the index finds half the table (the planner reads it sequentially
 * instead) or a rare value the index spends space and writes on for every other row too; as one key
 * of several, it splits the index in two. What serves a query on `deleted = false` or `is_flagged`
 * is a partial index with that condition as its predicate: it holds only the rows the query wants.
 *
 * Unique indexes are left alone (the boolean is part of the rule they enforce), and so are INCLUDE
 * columns (payload for index-only scans, not keys), a boolean the predicate already fixes
 * (`... WHERE flag`, the partial index this rule asks for), and a boolean an index the engine
 * planned compares with a parameter for an access pattern (both values are asked for).
 */
import type {Design, Index, Table} from '../../../model/design.js';
import {quoteIdent} from '../../sql.js';
import {findColumn} from '../design-facts.js';
import {describeIndexKeys, judgedSecondaryIndexes, plainColumn, predicateMentions} from '../index-facts.js';
import type {Rule, Violation} from '../rule.js';

/** No boolean column is a key of a non-unique index. */
export const rule: Rule = {
	id: 'boolean-index',
	summary: 'Boolean columns are not index keys: a partial index on the condition serves such queries.',
	defaultSeverity: 'info',
	check(design) {
		return judgedSecondaryIndexes(design).flatMap(({table, index}) => {
			if (index.unique) return [];
			const booleans = index.keys.map(plainColumn).filter((column): column is string => column !== undefined && isBoolean(table, column));
			const judged = booleans.filter((column) => !predicateMentions(index, column) && !askedWithParameter(design, index, column));
			return judged.length > 0 ? [finding(table, index, judged)] : [];
		});
	},
};

function isBoolean(table: Table, column: string): boolean {
	const type = findColumn(table, column)?.type;
	return type?.name === 'boolean' && !type.isArray;
}

/** Whether an index the engine planned serves a pattern that compares the column with a parameter (so both values are looked up). */
function askedWithParameter(design: Design, index: Index, column: string): boolean {
	if (index.origin === 'existing') return false;
	return index.serves.some((name) => design.patterns.some((pattern) => pattern.name === name && (pattern.equals.includes(column) || pattern.sort.some((key) => key.column === column))));
}

function finding(table: Table, index: Index, columns: readonly string[]): Violation {
	const [column] = columns as [string, ...string[]];
	const only = index.keys.length === 1;
	const others = index.keys.map(plainColumn).filter((key) => key !== undefined && !columns.includes(key));
	const list = columns.map((name) => `${table.name}.${name}`).join(', ');
	const consequence = only
		? `a key of two values finds either about half of ${table.name}, which PostgreSQL reads faster without the index, or the rows of a rare value, for which the index still holds an entry of every other row`
		: plainColumn(index.keys[0]!) === column
			? `leading the index, its two values split it in two, so a lookup by ${others.length > 0 ? others.join(', ') : 'the other keys'} alone searches both halves`
			: `its two values split the entries of each ${others.length > 0 ? others.join(', ') : 'key'} in two: a lookup without it reads both parts, and one that fixes the value searches an index twice the size it needs`;
	const replacement =
		others.length > 0
			? `(${others.join(', ')}) WHERE ${quoteIdent(column)}, or WHERE NOT ${quoteIdent(column)}`
			: `the column those queries sort or filter by next, WHERE ${quoteIdent(column)} (or WHERE NOT ${quoteIdent(column)})`;
	return {
		target: index.name,
		table: table.name,
		message: `${index.name} on ${table.name} ${describeIndexKeys(index.keys)} has the boolean ${list} as a key: ${consequence}.`,
		action:
			`If the queries it serves look for one value (WHERE ${column}, or WHERE NOT ${column}), replace it with a partial index that holds only those rows — on ${replacement} — ` +
			`then drop ${index.name}${only ? '; if they look for both values, drop it' : ''}.`,
		...(only && index.origin === 'existing' && index.where.length === 0 ? {severity: 'warning' as const} : {}),
	};
}
