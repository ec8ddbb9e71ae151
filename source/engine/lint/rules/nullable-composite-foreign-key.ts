/**
 * nullable-composite-foreign-key: a foreign key of several columns, any of which may be NULL, is
 * MATCH FULL — or its columns that stay set are checked by another foreign key.
 *
 * Under the default MATCH SIMPLE, PostgreSQL checks a row only when every column of the key is
 * set: one NULL and the rest of the key goes unchecked, so `(rbt_id, rbt_value) = (99999, NULL)`
 * is stored although no referenced row has ref_type 99999. MATCH FULL accepts all columns NULL
 * (no reference) or none.
 *
 * A key whose NOT NULL columns are themselves referenced by another foreign key of the table is
 * the scoped reference of a multi-tenant design, `(tenant_id, assignee_id) -> members (tenant_id,
 * id)` next to `tenant_id -> tenants (id)`: a NULL assignee means no assignee, and tenant_id is
 * checked anyway. Such keys are not reported.
 *
 * The fix (MATCH FULL, replaced without a long lock) is offered when every column may be NULL;
 * when some are NOT NULL, MATCH FULL would refuse every row without a reference, so the decision
 * is the user's.
 */
import type {Design, ForeignKey, Table} from '../../../model/design.js';
import {identList, quoteTable} from '../../sql.js';
import {foreignKeyDefinition, foreignKeySubject, foreignKeyTarget, isMatchFull, replaceForeignKeySql} from '../foreign-key-facts.js';
import {isNotNullColumn} from '../design-facts.js';
import type {Rule, Violation} from '../rule.js';

/** Composite foreign keys with nullable columns are MATCH FULL. */
export const rule: Rule = {
	id: 'nullable-composite-foreign-key',
	summary: 'Foreign keys of several columns that may be NULL are MATCH FULL, so a half-filled key is not left unchecked.',
	defaultSeverity: 'warning',
	check(design) {
		const violations: Violation[] = [];
		for (const table of design.tables) {
			for (const fk of table.foreignKeys) {
				if (fk.columns.length < 2 || isMatchFull(fk)) continue;
				const nullable = fk.columns.filter((column) => !isNotNullColumn(table, column));
				if (nullable.length === 0) continue;
				const set = fk.columns.filter((column) => !nullable.includes(column));
				if (set.length > 0 && checkedElsewhere(table, fk, set)) continue;
				violations.push(finding(design, table, fk, nullable, set));
			}
		}
		return violations;
	},
};

/** Whether other foreign keys of the table, each on some of these columns only, check all of them. */
function checkedElsewhere(table: Table, fk: ForeignKey, columns: readonly string[]): boolean {
	const others = table.foreignKeys.filter((other) => other !== fk && other.columns.every((column) => columns.includes(column)));
	return columns.every((column) => others.some((other) => other.columns.includes(column)));
}

function finding(design: Design, table: Table, fk: ForeignKey, nullable: readonly string[], set: readonly string[]): Violation {
	const subject = foreignKeySubject(table, fk);
	const example = nullable[0]!;
	const others = fk.columns.filter((column) => column !== example);
	const allNullable = set.length === 0;
	const count = `num_nulls(${identList(fk.columns)})`;
	const partial = `SELECT * FROM ${quoteTable(table)} WHERE ${fk.columns.length === 2 ? `${count} = 1` : `${count} BETWEEN 1 AND ${fk.columns.length - 1}`};`;
	return {
		target: fk.name,
		table: table.name,
		message:
			`${subject} -> ${foreignKeyTarget(fk)} (${fk.name}) is MATCH SIMPLE and ${nullable.join(', ')} may be NULL: a row with ${example} NULL is not checked at all, ` +
			`so ${others.join(', ')} can hold ${others.length === 1 ? 'a value' : 'values'} no ${fk.refTable} row has.`,
		action: allNullable
			? `Make the key MATCH FULL (all columns NULL means no reference; all set means a checked one). The SQL swaps it without a long lock; validation fails while rows have only part of the key: find them with ${partial}`
			: `Decide what a row without a reference looks like: if every row has one, make ${nullable.join(', ')} NOT NULL; if rows may have none, make ${set.join(', ')} nullable too and the key MATCH FULL; ` +
				`if ${set.join(', ')} must match on ${set.length === 1 ? 'its' : 'their'} own, add a foreign key on ${set.length === 1 ? 'it' : 'them'} to a unique key of ${fk.refTable}.`,
		...(allNullable ? {fixSql: replaceForeignKeySql(table, fk, foreignKeyDefinition(design, fk, {matchFull: true})).join('\n')} : {}),
	};
}
