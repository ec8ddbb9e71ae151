/**
 * table-inheritance: tables do not use INHERITS (declarative partitioning is not inheritance and
 * is not reported).
 *
 * Table inheritance looks like sharing columns, but PostgreSQL keeps unique constraints, primary
 * keys and foreign keys per table: a row of the child is in `SELECT * FROM parent` yet invisible to
 * a foreign key that references the parent, the parent's primary key does not stop a child row
 * with the same id, and a foreign key declared on the parent does not apply to the child's rows.
 * The PostgreSQL wiki lists it under "Don't Do This". Each child is reported once.
 */
import type {Rule, Violation} from '../rule.js';

/** No table inherits from another. */
export const rule: Rule = {
	id: 'table-inheritance',
	summary: 'Tables do not use INHERITS: keys and foreign keys do not span a parent and its children.',
	defaultSeverity: 'warning',
	check(design) {
		return design.tables
			.filter((table) => table.partitionOf === undefined && (table.inherits ?? []).length > 0)
			.map((table): Violation => {
				const parents = table.inherits!.join(', ');
				return {
					target: table.name,
					related: [...table.inherits!],
					message:
						`${table.name} inherits from ${parents} (INHERITS): its rows show up in queries on ${parents}, but keys and foreign keys stay per table — ` +
						`a foreign key to ${table.inherits![0]} never finds ${table.name}'s rows, ${table.inherits![0]}'s primary key does not stop a ${table.name} row with the same key, ` +
						`and foreign keys declared on ${parents} do not check ${table.name}.`,
					action:
						`To split rows by a key, use declarative partitioning (PARTITION BY); to share columns, give ${table.name} its own columns and a foreign key to a shared table, ` +
						`or keep one table with a type column. Move the rows over, then ALTER TABLE ... NO INHERIT and drop what is left.`,
				};
			});
	},
};
