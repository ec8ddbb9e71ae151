/**
 * self-referencing-foreign-key: a foreign key from a table to itself (a tree: parent_id -> id)
 * says what deleting a row with children does — CASCADE (the subtree goes) or SET NULL (the
 * children become roots) — or keeps RESTRICT on purpose.
 *
 * Under NO ACTION or RESTRICT, deleting a row that other rows point at fails: under RESTRICT even
 * when the same statement deletes them (a subtree goes leaves first, one DELETE per level), under
 * NO ACTION unless the statement deletes every descendant (a recursive query that finds them all).
 * Information: RESTRICT may be the intent (deliberate-on-delete warns about NO ACTION, the default
 * nobody chose). SET DEFAULT is a decision too and not reported.
 */
import type {ForeignKey, Table} from '../../../model/design.js';
import {foreignKeySubject, onDeleteOf} from '../foreign-key-facts.js';
import type {Rule, Violation} from '../rule.js';

/** Self-referencing foreign keys choose what deleting a row with children does. */
export const rule: Rule = {
	id: 'self-referencing-foreign-key',
	summary: 'A foreign key from a table to itself (a tree) says what deleting a row with children does: CASCADE or SET NULL, or RESTRICT on purpose.',
	defaultSeverity: 'info',
	check(design) {
		const violations: Violation[] = [];
		for (const table of design.tables) {
			for (const fk of table.foreignKeys) {
				if (fk.refTable !== table.name) continue;
				const action = onDeleteOf(fk);
				if (action !== 'NO ACTION' && action !== 'RESTRICT') continue;
				violations.push(finding(table, fk, action));
			}
		}
		return violations;
	},
};

function finding(table: Table, fk: ForeignKey, action: string): Violation {
	const subject = foreignKeySubject(table, fk);
	const nullable = fk.columns.every((column) => table.columns.find((candidate) => candidate.name === column)?.nullable !== false);
	return {
		target: fk.name,
		table: table.name,
		message:
			`${subject} references ${table.name} itself with ON DELETE ${action}: deleting a row that other rows point at fails` +
			(action === 'RESTRICT'
				? ', even when the same statement deletes those rows too (RESTRICT checks each row at once), so a subtree can only be deleted leaves first, one DELETE per level.'
				: ' unless the same statement deletes every descendant too, so deleting a subtree takes a recursive query that finds them all.'),
		action:
			`Decide what deleting a row with children means: CASCADE deletes the whole subtree, SET NULL keeps the children as roots${nullable ? '' : ` (${fk.columns.join(', ')} must be nullable)`}; ` +
			`if rows with children must never be deleted, state RESTRICT and suppress this finding with that reason.`,
	};
}
