/**
 * overlapping-foreign-keys: two foreign keys of a table to the same table whose columns are the
 * same set in another order, or one the subset of the other, are reviewed (exact copies are
 * duplicate-foreign-key's).
 *
 * - The same pairs of columns in another order, `(email, phone) -> (email, phone)` and
 *   `(phone, email) -> (phone, email)`, are one check made twice: drop one.
 * - When the pairs of one are among the pairs of the other, `(ref_type) -> dict (ref_type)` and
 *   `(ref_type, ref_value) -> dict (ref_type, ref_value)`, the wider one implies the narrower one for
 *   every row whose extra columns are set. If those columns are NOT NULL it always does, and the
 *   narrower key is redundant work on every write (a warning, with a fix when both say the same
 *   about deletes); if they may be NULL, the narrower key checks the rows the wider one skips
 *   (information: keep both only for that).
 * - The same columns paired with other referenced columns, `(a, b) -> (x, y)` against
 *   `(b, a) -> (x, y)`, make one column reference two different ones: almost always a mistake.
 *
 * Keys that share only some columns, such as `(tenant_id, assignee_id)` and
 * `(tenant_id, reporter_id)` both referencing `members (tenant_id, id)`, are two references that
 * share a scope column: nothing to review.
 */
import type {ForeignKey, Table} from '../../../model/design.js';
import {behaviourSignature, columnPairs, dropConstraintSql, foreignKeySubject, foreignKeyTarget} from '../foreign-key-facts.js';
import {isNotNullColumn} from '../design-facts.js';
import type {Rule, Violation} from '../rule.js';

/** Foreign keys of a table to the same table do not repeat or contain one another. */
export const rule: Rule = {
	id: 'overlapping-foreign-keys',
	summary: 'Foreign keys of a table to the same table do not repeat one another in another column order, or contain one another.',
	defaultSeverity: 'warning',
	check(design) {
		const violations: Violation[] = [];
		for (const table of design.tables) {
			const keys = table.foreignKeys;
			for (const [position, first] of keys.entries()) {
				for (const second of keys.slice(position + 1)) {
					if (first.refTable !== second.refTable) continue;
					const violation = overlap(table, first, second);
					if (violation) violations.push(violation);
				}
			}
		}
		return violations;
	},
};

function overlap(table: Table, first: ForeignKey, second: ForeignKey): Violation | undefined {
	const sameOrder = first.columns.join(',') === second.columns.join(',');
	if (sameOrder && first.refColumns.join(',') === second.refColumns.join(',')) return undefined;
	const firstColumns = new Set(first.columns);
	const secondColumns = new Set(second.columns);
	const within = (inner: ReadonlySet<string>, outer: ReadonlySet<string>) => [...inner].every((column) => outer.has(column));
	if (!within(firstColumns, secondColumns) && !within(secondColumns, firstColumns)) return undefined;
	const firstPairs = new Set(columnPairs(first));
	const secondPairs = new Set(columnPairs(second));
	const sameBehaviour = behaviourSignature(first) === behaviourSignature(second);
	const both = `${foreignKeySubject(table, first)} -> ${foreignKeyTarget(first)} (${first.name}) and ${foreignKeySubject(table, second)} -> ${foreignKeyTarget(second)} (${second.name})`;

	if (firstColumns.size === secondColumns.size && within(firstColumns, secondColumns)) {
		if (firstPairs.size === secondPairs.size && within(firstPairs, secondPairs)) {
			return {
				target: second.name,
				table: table.name,
				related: [first.name],
				message: `${both} pair the same columns in another order: they are one check made twice, on every write to ${table.name} and every delete in ${first.refTable}.`,
				action: sameBehaviour
					? `Drop ${second.name}; ${first.name} checks the same rows.`
					: `They disagree on what a delete or update does: keep the one whose behaviour ${table.name} needs and drop the other.`,
				...(sameBehaviour ? {fixSql: dropConstraintSql(table, second.name)} : {}),
			};
		}
		return mismatched(table, first, second, both);
	}

	const [narrow, wide] = firstColumns.size < secondColumns.size ? [first, second] : [second, first];
	const widePairs = new Set(columnPairs(wide));
	if (!columnPairs(narrow).every((pair) => widePairs.has(pair))) return mismatched(table, narrow, wide, both);
	const extra = wide.columns.filter((column) => !narrow.columns.includes(column));
	const nullable = extra.filter((column) => !isNotNullColumn(table, column));
	if (nullable.length > 0) {
		return {
			target: narrow.name,
			table: table.name,
			related: [wide.name],
			severity: 'info',
			message:
				`${both} overlap: wherever ${nullable.join(', ')} ${nullable.length === 1 ? 'is' : 'are'} set, ${wide.name} already implies ${narrow.name}. ` +
				`${narrow.name} checks only the rows where ${nullable.join(' or ')} ${nullable.length === 1 ? 'is' : 'are'} NULL, which ${wide.name} skips.`,
			action: `Keep both if rows without ${nullable.join(', ')} must still reference ${narrow.refTable}; otherwise make ${nullable.join(', ')} NOT NULL (or ${wide.name} MATCH FULL) and drop ${narrow.name}.`,
		};
	}
	return {
		target: narrow.name,
		table: table.name,
		related: [wide.name],
		message:
			`${both} overlap: ${extra.join(', ')} ${extra.length === 1 ? 'is' : 'are'} NOT NULL, so every row that satisfies ${wide.name} also satisfies ${narrow.name}. ` +
			`${narrow.name} is a second lookup in ${narrow.refTable} on every write to ${table.name}, and a second check on every delete there, that can never fail on its own.`,
		action: sameBehaviour
			? `Drop ${narrow.name}; ${wide.name} checks every row it does.`
			: `${narrow.name} and ${wide.name} disagree on what a delete or update does: move the behaviour ${table.name} needs to ${wide.name}, then drop ${narrow.name}.`,
		...(sameBehaviour ? {fixSql: dropConstraintSql(table, narrow.name)} : {}),
	};
}

/** The same columns referencing different columns of the same table. */
function mismatched(table: Table, first: ForeignKey, second: ForeignKey, both: string): Violation {
	return {
		target: second.name,
		table: table.name,
		related: [first.name],
		message: `${both} pair the same columns with different columns of ${first.refTable}: a column that must equal two different columns of the referenced row is almost always a mistake in one of the keys.`,
		action: `Check which pairing is meant, fix or drop the other foreign key.`,
	};
}
