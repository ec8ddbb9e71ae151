/**
 * duplicate-foreign-key: no table declares the same foreign key twice — the same columns, in the
 * same order, referencing the same columns of the same table. PostgreSQL checks every copy on
 * every insert and update of the child and on every delete and key update of the parent, and each
 * copy carries its own triggers; one does all the work.
 *
 * Of a group of copies the one kept is, in order: a validated one (not NOT VALID), the one with
 * the name PostgreSQL itself would give (`<table>_<columns>_fkey`), the first by name. A copy
 * whose ON DELETE, ON UPDATE, MATCH or DEFERRABLE differ from the kept one is reported without a
 * fix: the two disagree on what a delete does (the stricter one wins at run time), and someone
 * must decide which behaviour stays. The same columns in another order are overlapping-foreign-keys'.
 */
import type {ForeignKey, Table} from '../../../model/design.js';
import {derivedName} from '../../naming.js';
import {localName} from '../../sql.js';
import {behaviourSignature, dropConstraintSql, foreignKeySubject, foreignKeyTarget} from '../foreign-key-facts.js';
import type {Rule, Violation} from '../rule.js';

/** No two foreign keys of a table are the same constraint. */
export const rule: Rule = {
	id: 'duplicate-foreign-key',
	summary: 'No table declares the same foreign key twice (same columns, same referenced columns).',
	defaultSeverity: 'warning',
	check(design) {
		const violations: Violation[] = [];
		for (const table of design.tables) {
			const groups = new Map<string, ForeignKey[]>();
			for (const fk of table.foreignKeys) {
				const signature = `${fk.refTable}|${fk.columns.join(',')}|${fk.refColumns.join(',')}`;
				groups.set(signature, [...(groups.get(signature) ?? []), fk]);
			}
			for (const group of groups.values()) {
				if (group.length < 2) continue;
				const [kept, ...copies] = rank(table, group);
				for (const copy of copies) violations.push(duplicate(table, kept!, copy));
			}
		}
		return violations;
	},
};

/** The group with the one to keep first. */
function rank(table: Table, group: readonly ForeignKey[]): ForeignKey[] {
	const defaultName = derivedName([localName(table), ...group[0]!.columns], 'fkey');
	return [...group].sort(
		(a, b) =>
			Number(a.notValid === true) - Number(b.notValid === true) ||
			Number(b.name === defaultName) - Number(a.name === defaultName) ||
			(a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
	);
}

function duplicate(table: Table, kept: ForeignKey, copy: ForeignKey): Violation {
	const differs = behaviourSignature(kept) !== behaviourSignature(copy);
	return {
		target: copy.name,
		table: table.name,
		related: [kept.name],
		message:
			`${copy.name} repeats ${kept.name}: both make ${foreignKeySubject(table, copy)} reference ${foreignKeyTarget(copy)}. ` +
			`PostgreSQL runs both checks on every insert and update of ${table.name} and on every delete in ${copy.refTable}, for no protection the other does not give.` +
			(differs ? ` They disagree on what a delete or update does (${behaviourSignature(copy) || 'the defaults, NO ACTION'} against ${behaviourSignature(kept) || 'the defaults, NO ACTION'}): the stricter one wins.` : ''),
		action: differs
			? `Decide which behaviour ${table.name} needs, keep the foreign key that has it and drop the other.`
			: `Drop ${copy.name}; ${kept.name} checks the same rows.`,
		...(differs ? {} : {fixSql: dropConstraintSql(table, copy.name)}),
	};
}
