/**
 * redundant-index-predicate: no partial index filters `column IS NOT NULL` on a NOT NULL column.
 * The condition holds for every row, so the index holds the whole table anyway — but it is still a
 * partial index, and PostgreSQL uses a partial index only for a query whose WHERE clause proves the
 * predicate: the NOT NULL constraint does not count. A query that only sorts by the column, or
 * filters it with something the planner cannot prove non-null from, reads the table instead.
 *
 * The fix builds the index again without the condition (other conditions of the predicate stay),
 * concurrently and under a temporary name, drops the old one and gives the new one its name.
 */
import type {Design, Index, Table} from '../../../model/design.js';
import {judgedSecondaryIndexes, notNullTest, predicateConjuncts, rebuildIndexSql} from '../index-facts.js';
import {describeKeys, isNotNullColumn} from '../design-facts.js';
import type {Rule, Violation} from '../rule.js';

/** No partial index filters IS NOT NULL on a NOT NULL column. */
export const rule: Rule = {
	id: 'redundant-index-predicate',
	summary: 'Partial indexes do not filter IS NOT NULL on a NOT NULL column (it only keeps queries from using them).',
	defaultSeverity: 'info',
	check(design) {
		return judgedSecondaryIndexes(design).flatMap(({table, index}) => {
			if (index.where.length === 0) return [];
			const conditions = predicateConjuncts(index.where);
			const redundant = conditions.filter((condition) => {
				const column = notNullTest(condition);
				return column !== undefined && isNotNullColumn(table, column);
			});
			return redundant.length > 0 ? [finding(design, table, index, redundant, conditions.filter((condition) => !redundant.includes(condition)))] : [];
		});
	},
};

function finding(design: Design, table: Table, index: Index, redundant: readonly string[], kept: readonly string[]): Violation {
	const columns = redundant.map((condition) => condition.replace(/ IS NOT NULL$/, ''));
	return {
		target: index.name,
		table: table.name,
		message:
			`${index.name} on ${table.name} ${describeKeys(index)} has the condition ${redundant.join(' AND ')}, yet ${columns.join(', ')} ${columns.length === 1 ? 'is' : 'are'} NOT NULL: ` +
			`it leaves no row out, but makes the index partial, so PostgreSQL uses it only for queries whose WHERE clause proves the condition (ORDER BY ${columns[0]} alone cannot).`,
		action: kept.length > 0 ? `Build it again with only WHERE ${kept.join(' AND ')}, then drop the old one.` : `Build it again without the WHERE clause, then drop the old one.`,
		fixSql: rebuildIndexSql(design, table, index, kept),
	};
}
