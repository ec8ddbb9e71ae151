/**
 * invalid-index: no index is left INVALID. A CREATE INDEX CONCURRENTLY (or REINDEX CONCURRENTLY)
 * that fails part-way — a duplicate for a unique index, a cancelled build, a deadlock — leaves the
 * index behind, marked invalid: the planner never uses it, yet every write still updates it, and a
 * unique one goes on rejecting new duplicates while it guarantees nothing about the rows already
 * there. A partitioned index is invalid too while one of the partitions has no index attached to it.
 *
 * Only a live database shows it: introspect reads pg_index.indisvalid, and pg_dump leaves invalid
 * indexes out of a schema file.
 */
import type {Index, Table} from '../../../model/design.js';
import {findTable} from '../../lookup.js';
import {createIndexStatement, dropIndexStatement} from '../index-facts.js';
import type {Rule, Violation} from '../rule.js';

/** No index is INVALID. */
export const rule: Rule = {
	id: 'invalid-index',
	summary: 'Invalid indexes (left by a failed CREATE INDEX CONCURRENTLY) are maintained on every write but never used.',
	defaultSeverity: 'error',
	check(design) {
		const violations: Violation[] = [];
		for (const index of design.indexes) {
			if (!index.invalid) continue;
			const table = findTable(design, index.table);
			if (!table) continue;
			violations.push({
				target: index.name,
				table: table.name,
				message: message(table, index),
				action: table.partitioning
					? `Attach a matching index of each partition (ALTER INDEX ${index.name} ATTACH PARTITION ...), or drop it and create it again.`
					: index.unique
						? `Drop it, remove the duplicate ${table.name} rows that made the build fail, then build it again concurrently.`
						: 'Drop it and build it again, concurrently.',
				fixSql: [dropIndexStatement(table, index.name, {ifExists: true}), createIndexStatement(table, index)].join('\n'),
			});
		}
		return violations;
	},
};

function message(table: Table, index: Index): string {
	const head = `${index.name} on ${table.name} is INVALID`;
	if (table.partitioning) return `${head}: some partition of ${table.name} has no index attached to it, so queries of ${table.name} cannot use it.`;
	const unique = index.unique ? ', and as a unique index it goes on rejecting new duplicates while it guarantees nothing about the rows already there' : '';
	return `${head}: a CREATE INDEX CONCURRENTLY failed part-way. Queries never use it, yet every write still updates it${unique}.`;
}
