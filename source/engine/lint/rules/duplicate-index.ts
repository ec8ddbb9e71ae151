/**
 * duplicate-index: no two indexes of a table are the same — same method, keys (with their order,
 * direction and expressions) and predicate — and no index repeats a primary key or unique
 * constraint. PostgreSQL maintains every copy on every write and reads one.
 *
 * Of a group of identical indexes the one kept is, in order: the primary key, a unique constraint,
 * a unique index, the index with the most INCLUDE columns, the first. An index that carries
 * INCLUDE columns the kept one lacks is still reported, without a fix: merge the columns first.
 * A unique index or constraint that a foreign key may rely on is reported without a fix too, since
 * PostgreSQL refuses to drop it while the foreign key depends on it.
 */
import type {Design, Table} from '../../../model/design.js';
import {predicateSignature, quoteIdent} from '../../sql.js';
import {describeKeys, dropIndexSql, keysSignature, tableIndexes, type IndexLike} from '../design-facts.js';
import type {Rule, Violation} from '../rule.js';

const RANK: Readonly<Record<IndexLike['kind'], number>> = {'primary-key': 0, 'unique-constraint': 1, index: 2};

/** No index duplicates another index or a key constraint. */
export const rule: Rule = {
	id: 'duplicate-index',
	summary: 'No two indexes (or an index and a key constraint) are identical.',
	defaultSeverity: 'warning',
	check(design) {
		const violations: Violation[] = [];
		for (const table of design.tables) {
			const groups = new Map<string, IndexLike[]>();
			for (const index of tableIndexes(design, table)) {
				const signature = `${index.method}|${keysSignature(index.keys)}|${predicateSignature(index.where)}`;
				groups.set(signature, [...(groups.get(signature) ?? []), index]);
			}
			for (const group of groups.values()) {
				if (group.length < 2) continue;
				const [kept, ...copies] = [...group].sort(
					(a, b) => RANK[a.kind] - RANK[b.kind] || Number(b.unique) - Number(a.unique) || b.include.length - a.include.length,
				);
				for (const copy of copies) violations.push(duplicate(design, table, kept!, copy));
			}
		}
		return violations;
	},
};

function duplicate(design: Design, table: Table, kept: IndexLike, copy: IndexLike): Violation {
	const available = new Set([...kept.keys.map((key) => key.column), ...kept.include]);
	const lostInclude = copy.include.filter((name) => !available.has(name));
	const isReferenced = copy.unique && referencedWith(design, table, copy);
	const fixSql = lostInclude.length > 0 || isReferenced ? undefined : dropSql(design, table, copy);
	return {
		target: copy.name,
		message: `${copy.name} on ${table.name} ${describeKeys(copy)} is the same index as ${kept.name}: PostgreSQL updates both on every write and reads only one.`,
		action:
			lostInclude.length > 0
				? `Add INCLUDE (${lostInclude.join(', ')}) to ${kept.name} if index-only scans need them, then drop ${copy.name}.`
				: isReferenced
					? `Drop ${copy.name} once no foreign key relies on it (re-create such foreign keys after ${kept.name} exists).`
					: `Drop ${copy.name}; ${kept.name} serves everything it does.`,
		...(fixSql ? {fixSql} : {}),
	};
}

function dropSql(design: Design, table: Table, index: IndexLike): string {
	if (index.kind === 'index') return dropIndexSql(design, index);
	return `ALTER TABLE ${quoteIdent(table.name)} DROP CONSTRAINT ${quoteIdent(index.name)};`;
}

/** Whether some foreign key references exactly this index's columns, so it may depend on it. */
function referencedWith(design: Design, table: Table, index: IndexLike): boolean {
	const columns = index.keys.map((key) => key.column).sort().join(',');
	return design.tables.some((other) => other.foreignKeys.some((fk) => fk.refTable === table.name && [...fk.refColumns].sort().join(',') === columns));
}
