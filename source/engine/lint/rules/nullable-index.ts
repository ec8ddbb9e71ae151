/**
 * nullable-index: a plain (non-unique) index led by a nullable column either leaves the NULLs out
 * or says why it keeps them. PostgreSQL indexes NULL keys like any other value, so an index on a
 * column that is mostly NULL (middle_name, a deleted_at, an optional reference) is mostly entries
 * no `column = $1` lookup ever reads — space, cache and a write on every insert. A partial index
 * `WHERE column IS NOT NULL` holds only the rows such lookups find, and serves them the same.
 *
 * Only the leading column counts (the rows an index leaves out are decided by it), and not when the
 * predicate already names it (WHERE column IS NOT NULL, or IS NULL to find those rows). Unique
 * indexes are left alone. An index the engine planned for a pattern that looks for the NULLs (IS
 * NULL) or reads the column's order unfiltered needs them, and is no finding.
 */
import type {Design, Index, Table} from '../../../model/design.js';
import {quoteIdent} from '../../sql.js';
import {findColumn} from '../design-facts.js';
import {describeIndexKeys, judgedSecondaryIndexes, plainColumn, predicateMentions} from '../index-facts.js';
import type {Rule, Violation} from '../rule.js';

/** Non-unique indexes led by a nullable column leave the NULLs out. */
export const rule: Rule = {
	id: 'nullable-index',
	summary: 'Indexes led by a nullable column leave the NULLs out (WHERE column IS NOT NULL) unless queries look for them.',
	defaultSeverity: 'info',
	check(design) {
		return judgedSecondaryIndexes(design).flatMap(({table, index}) => {
			if (index.unique) return [];
			const column = plainColumn(index.keys[0]!);
			if (column === undefined || findColumn(table, column)?.nullable !== true) return [];
			return predicateMentions(index, column) || needsNulls(design, index, column) ? [] : [finding(table, index, column)];
		});
	},
};

/** Whether an index the engine planned serves a pattern that reads NULL keys: IS NULL on the column, or its order without a filter on it. */
function needsNulls(design: Design, index: Index, column: string): boolean {
	if (index.origin === 'existing') return false;
	return index.serves.some((name) => {
		const pattern = design.patterns.find((candidate) => candidate.name === name);
		if (!pattern) return false;
		const filtered = pattern.equals.includes(column) || pattern.ranges.includes(column);
		return pattern.conditions.some((condition) => condition.column === column && condition.op === 'is-null') || (!filtered && pattern.sort.some((key) => key.column === column));
	});
}

function finding(table: Table, index: Index, column: string): Violation {
	return {
		target: index.name,
		table: table.name,
		message:
			`${index.name} on ${table.name} ${describeIndexKeys(index.keys)} is led by ${table.name}.${column}, which may be NULL, and keeps an entry for every NULL: ` +
			`a lookup by ${column} never reads those, yet each costs space, cache and a write.`,
		action:
			`Unless queries look for ${column} IS NULL or read the whole table in ${column} order through it, replace it with a partial index that leaves the NULLs out ` +
			`(the same keys, WHERE ${quoteIdent(column)} IS NOT NULL): build the new one concurrently, then drop ${index.name}. It pays off when many rows are NULL.`,
	};
}
