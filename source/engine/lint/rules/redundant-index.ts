/**
 * redundant-index: no plain btree index is a leading prefix of another index or key of the same
 * table with the same predicate. An index on (user_id) next to one on (user_id, due) is
 * redundant: the wider one serves every query the narrower one does (a btree is searched by its
 * leading keys), so the narrow one only costs writes, space and cache.
 *
 * Unique indexes are never redundant (they enforce a rule), nor are indexes whose INCLUDE columns
 * the wider one lacks, or indexes with another predicate (a partial index may be far smaller).
 */
import {keySignature, predicateSignature} from '../../sql.js';
import {describeKeys, dropIndexSql, tableIndexes, type IndexLike} from '../design-facts.js';
import type {Rule, Violation} from '../rule.js';

/** No non-unique btree index is a prefix of another index or key. */
export const rule: Rule = {
	id: 'redundant-index',
	summary: 'No btree index is a leading prefix of another index or key with the same predicate.',
	defaultSeverity: 'warning',
	check(design) {
		const violations: Violation[] = [];
		for (const table of design.tables) {
			const indexes = tableIndexes(design, table);
			for (const narrow of indexes) {
				if (narrow.kind !== 'index' || narrow.unique || narrow.method !== 'btree') continue;
				const wide = indexes.find((candidate) => covers(candidate, narrow));
				if (!wide) continue;
				violations.push({
					target: narrow.name,
					message:
						`${narrow.name} on ${table.name} ${describeKeys(narrow)} is a leading prefix of ${wide.name} ${describeKeys(wide)}: ` +
						`that one serves every query this one does, so ${narrow.name} only costs a write on every insert.`,
					action: `Drop ${narrow.name}; ${wide.name} covers it.`,
					fixSql: dropIndexSql(design, narrow),
				});
			}
		}
		return violations;
	},
};

function covers(wide: IndexLike, narrow: IndexLike): boolean {
	if (wide === narrow || wide.method !== 'btree' || wide.keys.length <= narrow.keys.length) return false;
	if (predicateSignature(wide.where) !== predicateSignature(narrow.where)) return false;
	if (!narrow.keys.every((key, position) => keySignature(key) === keySignature(wide.keys[position]!))) return false;
	const available = new Set([...wide.keys.map((key) => key.column), ...wide.include]);
	return narrow.include.every((name) => available.has(name));
}
