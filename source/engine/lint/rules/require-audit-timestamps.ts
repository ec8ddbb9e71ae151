/**
 * require-audit-timestamps: entity tables record when each row was created and last changed
 * (created_at, updated_at) — the first questions of any incident, support ticket or sync job.
 * Append-only tables need created_at only: their rows are not changed. Link tables (many-to-many)
 * are not checked.
 */
import type {Table} from '../../../model/design.js';
import {quoteIdent} from '../../sql.js';
import {updatedAtTriggerSql} from '../design-facts.js';
import type {Rule, Violation} from '../rule.js';

/** Entity tables have created_at and updated_at. */
export const rule: Rule = {
	id: 'require-audit-timestamps',
	summary: 'Entity tables have created_at and updated_at (append-only tables: created_at).',
	defaultSeverity: 'warning',
	check(design) {
		const violations: Violation[] = [];
		for (const table of design.tables) {
			if (table.kind !== 'entity') continue;
			const missing = missingColumns(table);
			if (missing.length === 0) continue;
			const target = quoteIdent(table.name);
			violations.push({
				target: table.name,
				message: `${table.name} has no ${missing.join(' or ')} column: nobody can tell when a row ${missing.length === 2 ? 'was created or last changed' : missing[0] === 'created_at' ? 'was created' : 'was last changed'}, the first question of any incident or sync.`,
				action:
					`Add ${missing.join(' and ')} as timestamptz NOT NULL DEFAULT now() (existing rows get the time of the change; PostgreSQL 11+ adds them without rewriting the table)` +
					(missing.includes('updated_at') ? ', and a trigger that keeps updated_at current.' : '.'),
				fixSql: [
					...missing.map((name) => `ALTER TABLE ${target} ADD COLUMN ${quoteIdent(name)} timestamptz NOT NULL DEFAULT now();`),
					...(missing.includes('updated_at') ? updatedAtTriggerSql(design, table, 'updated_at') : []),
				].join('\n'),
			});
		}
		return violations;
	},
};

function missingColumns(table: Table): string[] {
	const has = (role: 'created-at' | 'updated-at', name: string) => table.columns.some((column) => column.role === role || column.name === name);
	return [
		...(has('created-at', 'created_at') ? [] : ['created_at']),
		...(table.appendOnly || has('updated-at', 'updated_at') ? [] : ['updated_at']),
	];
}
