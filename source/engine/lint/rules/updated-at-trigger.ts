/**
 * updated-at-trigger: a table with an updated_at column has a BEFORE UPDATE trigger that sets it.
 * Left to the application, updated_at is forgotten by the first hand-written UPDATE, bulk job or
 * second service, and then says a row has not changed when it has — which breaks incremental
 * syncs and caches that trust it.
 *
 * Partitions are judged through their parent: a BEFORE trigger created on a partitioned table
 * fires on every partition. On a `timestamp` (without time zone) column the fix sets the time in
 * UTC, as applications that write such columns do (now() would be the session's local time).
 */
import {updatedAtTriggerSql} from '../design-facts.js';
import type {Rule, Violation} from '../rule.js';

/** Tables with updated_at have a trigger that keeps it current. */
export const rule: Rule = {
	id: 'updated-at-trigger',
	summary: 'Tables with updated_at have a BEFORE UPDATE trigger that keeps it current.',
	defaultSeverity: 'warning',
	check(design) {
		const violations: Violation[] = [];
		for (const table of design.tables) {
			if (table.partitionOf !== undefined) continue;
			const column = table.columns.find((candidate) => candidate.role === 'updated-at') ?? table.columns.find((candidate) => candidate.name === 'updated_at');
			if (!column) continue;
			const hasTrigger = design.triggers.some((trigger) => trigger.table === table.name && trigger.timing === 'before' && trigger.events.includes('update'));
			if (hasTrigger) continue;
			violations.push({
				target: `${table.name}.${column.name}`,
				message: `${table.name}.${column.name} has no trigger: it changes only when every UPDATE remembers to set it, so the first one that forgets leaves it saying the row has not changed.`,
				action: `Add a BEFORE UPDATE trigger that sets ${column.name} = now() on every update of ${table.name}.`,
				fixSql: updatedAtTriggerSql(design, table, column.name).join('\n'),
			});
		}
		return violations;
	},
};
