/**
 * random-uuid-keys: large tables do not take random (version 4) UUIDs as primary key. Each insert
 * lands on a random leaf page of the key's index — and of every index on a column that references
 * it — so the whole index must stay in cache, pages split half-empty, and checkpoints write more
 * full pages. Time-ordered UUIDs (version 7) append at the end of the index like a sequence does,
 * and can still be made anywhere.
 *
 * Information only, for uuid primary keys with the default gen_random_uuid() on tables expected to
 * hold 1,000,000 rows or more. There is no fix to run everywhere: uuidv7() is built in from
 * PostgreSQL 18; earlier versions generate UUIDv7 in the application.
 */
import {quoteIdent, quoteTable} from '../../sql.js';
import {approximately, findColumn} from '../design-facts.js';
import {MILLIONS} from '../../volume.js';
import type {Rule, Violation} from '../rule.js';

/** Large tables use ordered keys rather than random UUIDs. */
export const rule: Rule = {
	id: 'random-uuid-keys',
	summary: 'Tables of a million rows or more avoid random-UUID primary keys (use uuidv7() or bigint identity).',
	defaultSeverity: 'info',
	check(design) {
		const violations: Violation[] = [];
		for (const table of design.tables) {
			if (table.rows < MILLIONS) continue;
			for (const name of table.primaryKey.columns) {
				const column = findColumn(table, name);
				if (column?.type.name !== 'uuid' || column.default?.kind !== 'gen-random-uuid') continue;
				violations.push({
					target: `${table.name}.${column.name}`,
					message:
						`${table.name}.${column.name} is a random uuid (gen_random_uuid()) on a table expected to hold ${approximately(table.rows)} rows: ` +
						`each insert writes to a random page of the primary key index (and of every index on a column that references it), so the whole index must stay in cache and pages split.`,
					action:
						`On PostgreSQL 18, default to time-ordered UUIDs: ALTER TABLE ${quoteTable(table)} ALTER COLUMN ${quoteIdent(column.name)} SET DEFAULT uuidv7(); ` +
						`before 18, generate UUIDv7 in the application. If ids need not be made outside the database, a bigint identity key is smaller still (8 bytes, not 16).`,
				});
			}
		}
		return violations;
	},
};
