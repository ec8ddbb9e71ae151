/**
 * timestamp-mid-index: in a multicolumn btree index, a timestamp (timestamp or timestamptz, a
 * column or an expression such as date_trunc('day', created_at)) is the last key. Queries compare
 * timestamps by range (`created_at >= $1`), and a btree search stops narrowing at the first key
 * compared by range: every key after it is checked entry by entry over the whole range. Equality
 * keys first, then sort keys, range keys last (the ESR rule) lets the index seek on all of them.
 *
 * Not a finding: a unique index (its key order serves the rule it enforces); a timestamp followed
 * by exactly the columns of a unique key — (org_id, created_at, id) is the index of keyset
 * pagination, ORDER BY created_at, id with WHERE (created_at, id) < ($1, $2), which seeks on both;
 * and an index the engine planned for an access pattern that compares the timestamp by equality or
 * sorts by it (there the keys after it break ties of the sort).
 */
import type {Design, Index, IndexKey, Table} from '../../../model/design.js';
import {keySignature} from '../../sql.js';
import {findColumn} from '../design-facts.js';
import {indexesOf} from '../../lookup.js';
import {describeIndexKeys, judgedSecondaryIndexes} from '../index-facts.js';
import type {Rule, Violation} from '../rule.js';

/** Timestamps are the last key of a multicolumn btree index. */
export const rule: Rule = {
	id: 'timestamp-mid-index',
	summary: 'Timestamps are the last key of a multicolumn btree index (equality keys first, ranges last).',
	defaultSeverity: 'info',
	check(design) {
		return judgedSecondaryIndexes(design).flatMap(({table, index}) => {
			if (index.unique || index.method !== 'btree' || index.keys.length < 2) return [];
			const middle = index.keys
				.slice(0, -1)
				.filter((key, position) => isTimestamp(table, key) && !sortedOrEqual(design, index, key) && !tieBreaker(design, table, index.keys.slice(position + 1)));
			return middle.length > 0 ? [finding(table, index, middle)] : [];
		});
	},
};

const TIMESTAMP_CAST = /::timestamp(\(\d\))? with(out)? time zone\)?$/;

/** Whether a key holds timestamps: a timestamp column, date_trunc() or timezone() of one, or a cast to a timestamp type. */
function isTimestamp(table: Table, key: IndexKey): boolean {
	if (!('expression' in key)) return isTimestampColumn(table, key.column);
	if (key.expression !== 'sql') return false;
	const sql = key.sql.trim();
	if (TIMESTAMP_CAST.test(sql)) return true;
	const call = /^(date_trunc|timezone)\((.+)\)$/.exec(sql);
	if (!call) return false;
	const argument = call[2]!.split(',').map((part) => part.trim().replace(/^\(+|\)+$/g, '').replace(/^"(.*)"$/, '$1'));
	return argument.some((name) => isTimestampColumn(table, name));
}

function isTimestampColumn(table: Table, name: string): boolean {
	const type = findColumn(table, name)?.type;
	return (type?.name === 'timestamp' || type?.name === 'timestamptz') && !type.isArray;
}

/** Whether the keys are exactly the columns of a unique key of the table (a sort's tie-breaker). */
function tieBreaker(design: Design, table: Table, keys: readonly IndexKey[]): boolean {
	if (keys.some((key) => 'expression' in key)) return false;
	const columns = new Set(keys.map((key) => key.column));
	const uniqueKeys = [
		table.primaryKey.columns,
		...table.uniques.map((unique) => unique.columns),
		...indexesOf(design, table.name).filter((index) => index.unique && index.where.length === 0 && index.keys.every((key) => !('expression' in key))).map((index) => index.keys.map((key) => key.column)),
	];
	return uniqueKeys.some((unique) => unique.length > 0 && unique.length === columns.size && unique.every((column) => columns.has(column)));
}

/** Whether an index the engine planned serves a pattern that compares the key by equality or sorts by it. */
function sortedOrEqual(design: Design, index: Index, key: IndexKey): boolean {
	if (index.origin === 'existing' || 'expression' in key) return false;
	return index.serves.some((name) =>
		design.patterns.some((pattern) => pattern.name === name && (pattern.equals.includes(key.column) || pattern.sort.some((sort) => sort.column === key.column))),
	);
}

/** A key as messages name it, without its direction. */
function keyName(key: IndexKey): string {
	return keySignature(key).replace(/ desc$/, '');
}

function finding(table: Table, index: Index, middle: readonly IndexKey[]): Violation {
	const names = middle.map(keyName);
	const last = middle.at(-1)!;
	const after = index.keys.slice(index.keys.indexOf(last) + 1).map(keyName);
	const reordered = [...index.keys.filter((key) => !middle.includes(key)), ...middle].map(keySignature);
	return {
		target: index.name,
		table: table.name,
		message:
			`${index.name} on ${table.name} ${describeIndexKeys(index.keys)} has the timestamp ${names.join(', ')} before ${after.join(', ')}: ` +
			`a query that takes a range of ${names.at(-1)} can seek on the keys up to it only, and checks ${after.join(', ')} entry by entry across the whole range.`,
		action:
			`If the queries compare ${names.join(', ')} by range, put it last — (${reordered.join(', ')}) — with equality keys first and sort keys next; ` +
			`keep this order only if they compare it by equality or sort by it and then by ${after.join(', ')}.`,
	};
}
