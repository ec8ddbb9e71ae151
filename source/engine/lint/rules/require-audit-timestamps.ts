/**
 * require-audit-timestamps: entity tables record when each row was created and last changed
 * (created_at, updated_at) — the first questions of any incident, support ticket or sync job.
 * Append-only tables need created_at only: their rows are not changed. Link tables (many-to-many)
 * are not checked.
 *
 * In an existing database the columns may have other names: created_on, creation_time,
 * inserted_at ... for the creation, updated_on, modified_at, last_update ... for the last change,
 * and a single `timestamp` column (OpenStreetMap's) for the time of the row's data. Not checked
 * there either: tables whose every column is part of the primary key or of a foreign key (a link
 * table, a list of keys such as schema_migrations), tables whose primary key starts with a foreign
 * key (the rows are parts of the parent — its tags, members, per-user settings — whose time the
 * parent keeps), and partitions (judged, and changed, through their parent).
 */
import type {Table} from '../../../model/design.js';
import {quoteIdent, quoteTable} from '../../sql.js';
import {findColumn, hasPrimaryKey, updatedAtTriggerSql} from '../design-facts.js';
import type {Rule, Violation} from '../rule.js';

/** Names an existing database gives the creation time and the time of the last change. */
const CREATED_NAMES: ReadonlySet<string> = new Set(['created_at', 'created_on', 'creation_time', 'creation_date', 'create_time', 'date_created', 'inserted_at', 'insert_time']);
const UPDATED_NAMES: ReadonlySet<string> = new Set([
	'updated_at', 'updated_on', 'update_time', 'modified_at', 'modified_on', 'last_modified', 'last_modified_at', 'changed_at', 'last_update', 'last_updated', 'date_modified',
]);
const TIME_TYPES: ReadonlySet<string> = new Set(['timestamptz', 'timestamp', 'date']);

/** Entity tables have created_at and updated_at. */
export const rule: Rule = {
	id: 'require-audit-timestamps',
	summary: 'Entity tables have created_at and updated_at (append-only tables: created_at).',
	defaultSeverity: 'warning',
	check(design) {
		const violations: Violation[] = [];
		for (const table of design.tables) {
			if (table.kind !== 'entity' || table.partitionOf !== undefined || isLinkTable(table) || isPartOfParent(table)) continue;
			const missing = missingColumns(table);
			if (missing.length === 0) continue;
			const target = quoteTable(table);
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
	const isTime = (name: string) => TIME_TYPES.has(findColumn(table, name)?.type.name ?? '');
	const has = (role: 'created-at' | 'updated-at', names: ReadonlySet<string>) =>
		table.columns.some((column) => column.role === role || (names.has(column.name) && isTime(column.name)) || (column.name === 'timestamp' && isTime(column.name)));
	return [...(has('created-at', CREATED_NAMES) ? [] : ['created_at']), ...(table.appendOnly || has('updated-at', UPDATED_NAMES) ? [] : ['updated_at'])];
}

/** Every column belongs to the primary key or a foreign key: a link table, or a list of keys. */
function isLinkTable(table: Table): boolean {
	const keyed = new Set([...table.primaryKey.columns, ...table.foreignKeys.flatMap((fk) => fk.columns)]);
	return table.columns.length > 0 && table.columns.every((column) => keyed.has(column.name));
}

/** A composite primary key that starts with a foreign key: each row is a part of its parent (a tag, a member, a setting). */
function isPartOfParent(table: Table): boolean {
	const key = table.primaryKey.columns;
	if (!hasPrimaryKey(table) || key.length < 2) return false;
	return table.foreignKeys.some((fk) => fk.columns.length < key.length && fk.columns.every((column) => key.slice(0, fk.columns.length).includes(column)));
}
