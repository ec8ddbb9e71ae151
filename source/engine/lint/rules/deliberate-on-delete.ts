/**
 * deliberate-on-delete: every foreign key says what deleting its parent does. NO ACTION is what
 * PostgreSQL does when nobody wrote ON DELETE; it behaves like RESTRICT (checked at the end of the
 * statement), but as a default it usually means the question was never asked.
 *
 * The fix states RESTRICT and keeps everything else the key says (MATCH FULL, ON UPDATE,
 * DEFERRABLE), under the table's schema-qualified name. A key its database holds NOT VALID stays
 * NOT VALID: the fix does not validate rows nobody has checked.
 */
import {foreignKeyDefinition, foreignKeySubject, onDeleteOf, replaceForeignKeySql} from '../foreign-key-facts.js';
import type {Rule} from '../rule.js';

/** Foreign keys state ON DELETE CASCADE, RESTRICT or SET NULL rather than the NO ACTION default. */
export const rule: Rule = {
	id: 'deliberate-on-delete',
	summary: 'Foreign keys choose ON DELETE CASCADE, RESTRICT or SET NULL instead of the NO ACTION default.',
	defaultSeverity: 'warning',
	check(design) {
		return design.tables.flatMap((table) =>
			table.foreignKeys
				// onDeleteOf reads what PostgreSQL printed: SET DEFAULT is a choice, which the design folds into no-action.
				.filter((fk) => fk.onDelete === 'no-action' && onDeleteOf(fk) === 'NO ACTION')
				.map((fk) => {
					const statements = replaceForeignKeySql(table, fk, foreignKeyDefinition(design, fk, {onDelete: 'RESTRICT'}));
					return {
						target: fk.name,
						table: table.name,
						message: `${foreignKeySubject(table, fk)} -> ${fk.refTable} is ON DELETE NO ACTION, the default nobody chose: deleting a ${fk.refTable} row that still has ${table.name} fails, and no one decided whether it should.`,
						action:
							`Decide what deleting a ${fk.refTable} row means for its ${table.name}: CASCADE (delete them too), RESTRICT (refuse while any exist), ` +
							`or SET NULL (keep them, linked to nothing; the column must be nullable). The SQL states RESTRICT, which keeps today's behaviour; write CASCADE or SET NULL in it instead if that is the answer.`,
						fixSql: (fk.notValid ? statements.slice(0, 1) : statements).join('\n'),
					};
				}),
		);
	},
};
