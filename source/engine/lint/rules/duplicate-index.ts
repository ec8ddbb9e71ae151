/**
 * duplicate-index: no two indexes of a table are the same — same method, keys (with their order,
 * direction, expressions, operator classes and collations) and predicate — and no index repeats a
 * primary key or unique constraint. PostgreSQL maintains every copy on every write and reads one.
 *
 * Operator classes and collations come from the CREATE INDEX PostgreSQL printed for an index read
 * from a database: an index on (name COLLATE "C") or (lower(name) text_pattern_ops) serves other
 * queries (LIKE 'abc%', another sort order) than one on (name), so it is no copy. Key constraints
 * use the default operator class and the column's collation. The copies PostgreSQL keeps on each
 * partition of a partitioned index are judged through their parent, and INVALID indexes are left
 * to invalid-index.
 *
 * Of a group of identical indexes the one kept is, in order: the primary key, a unique constraint,
 * a unique index, the index with the most INCLUDE columns, the first. An index that carries
 * INCLUDE columns the kept one lacks is still reported, as information and without a fix: merge
 * the columns first.
 * A unique index or constraint that a foreign key may rely on is reported without a fix too, since
 * PostgreSQL refuses to drop it while the foreign key depends on it.
 */
import type {Design, Table} from '../../../model/design.js';
import {keySignature, predicateSignature, quoteIdent, quoteTable} from '../../sql.js';
import {describeKeys} from '../design-facts.js';
import {dropIndexStatement, judgedIndexes, type IndexFacts} from '../index-facts.js';
import type {Rule, Violation} from '../rule.js';

const RANK: Readonly<Record<IndexFacts['kind'], number>> = {'primary-key': 0, 'unique-constraint': 1, index: 2};

/** No index duplicates another index or a key constraint. */
export const rule: Rule = {
	id: 'duplicate-index',
	summary: 'No two indexes (or an index and a key constraint) are identical.',
	defaultSeverity: 'warning',
	check(design) {
		const violations: Violation[] = [];
		for (const table of design.tables) {
			const groups = new Map<string, IndexFacts[]>();
			for (const index of judgedIndexes(design, table)) {
				const keys = index.keys.map((key, position) => `${keySignature(key)} ${index.modifiers[position] ?? ''}`).join(', ');
				const signature = `${index.method}|${keys}|${predicateSignature(index.where)}`;
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

function duplicate(design: Design, table: Table, kept: IndexFacts, copy: IndexFacts): Violation {
	const available = new Set([...kept.keys.map((key) => key.column), ...kept.include]);
	const lostInclude = copy.include.filter((name) => !available.has(name));
	const isReferenced = copy.unique && referencedWith(design, table, copy);
	const fixSql = lostInclude.length > 0 || isReferenced ? undefined : dropSql(table, copy);
	return {
		target: copy.name,
		table: table.name,
		related: [kept.name],
		message: `${copy.name} on ${table.name} ${describeKeys(copy)} is the same index as ${kept.name}: PostgreSQL updates both on every write and reads only one.`,
		action:
			lostInclude.length > 0
				? kept.kind === 'index'
					? `Add INCLUDE (${lostInclude.join(', ')}) to ${kept.name} if index-only scans need them, then drop ${copy.name}.`
					: `Keep ${copy.name} only if index-only scans read ${lostInclude.join(', ')} through it (${kept.name} would carry them only if rebuilt with INCLUDE); otherwise drop it.`
				: isReferenced
					? `Drop ${copy.name} once no foreign key relies on it (re-create such foreign keys after ${kept.name} exists).`
					: `Drop ${copy.name}; ${kept.name} serves everything it does.`,
		...(fixSql ? {fixSql} : {}),
		// An index that carries INCLUDE columns the kept one lacks may be there for index-only scans: a judgment, not a plain copy.
		...(lostInclude.length > 0 ? {severity: 'info' as const} : {}),
	};
}

function dropSql(table: Table, index: IndexFacts): string {
	if (index.kind === 'index') return dropIndexStatement(table, index.name);
	return `ALTER TABLE ${quoteTable(table)} DROP CONSTRAINT ${quoteIdent(index.name)};`;
}

/** Whether some foreign key references exactly this index's columns, so it may depend on it. */
function referencedWith(design: Design, table: Table, index: IndexFacts): boolean {
	const columns = index.keys.map((key) => key.column).sort().join(',');
	return design.tables.some((other) => other.foreignKeys.some((fk) => fk.refTable === table.name && [...fk.refColumns].sort().join(',') === columns));
}
