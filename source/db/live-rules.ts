/**
 * Lint rules only a live database can answer: indexes nobody uses (pg_stat_user_indexes), tables
 * read by sequential scans (pg_stat_user_tables), invalid indexes left by a failed CREATE INDEX
 * CONCURRENTLY, and foreign keys whose column types differ from the referenced ones. Each reads
 * the catalog once and becomes an ordinary Rule for lintDesign, so severities and suppressions
 * work the same. Pages in docs/rules/.
 */
import type {Rule, Severity, Violation} from '../engine/lint/rule.js';
import {quoteIdent} from '../engine/sql.js';
import {formatCount} from '../engine/volume.js';
import type {Database} from './database.js';

/** What a live rule is, before it has read the database. */
export interface LiveRuleInfo {
	readonly id: string;
	readonly summary: string;
	readonly defaultSeverity: Severity;
	read(db: Database, schema: string): Promise<Violation[]>;
}

/** Tables smaller than this are cheap to scan: their sequential scans are no finding. */
const SCAN_WORTH_ROWS = 10_000;

const unusedIndex: LiveRuleInfo = {
	id: 'unused-index',
	summary: 'Indexes that no query has used since the statistics were reset cost writes and space for nothing.',
	defaultSeverity: 'warning',
	async read(db, schema) {
		const rows = await db.query<{table: string; index: string; scans: string; size: string}>(
			`SELECT s.relname AS table, s.indexrelname AS index, s.idx_scan::text AS scans, pg_size_pretty(pg_relation_size(s.indexrelid)) AS size
			FROM pg_stat_user_indexes s JOIN pg_index i ON i.indexrelid = s.indexrelid
			WHERE s.schemaname = $1 AND s.idx_scan = 0 AND NOT i.indisunique AND NOT i.indisprimary
				AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = s.indexrelid)
			ORDER BY pg_relation_size(s.indexrelid) DESC, 2`,
			[schema],
		);
		return rows.map((row) => ({
			target: row.index,
			message: `${row.index} on ${row.table} (${row.size}) has not been used by any query since the statistics were last reset, yet every write to ${row.table} maintains it.`,
			action: 'Check over a representative period (and on replicas, whose statistics are their own); if it stays unused and covers no foreign key, drop it.',
			fixSql: `DROP INDEX CONCURRENTLY IF EXISTS ${quoteIdent(row.index)};`,
		}));
	},
};

const sequentialScans: LiveRuleInfo = {
	id: 'sequential-scans',
	summary: 'Large tables read mostly by sequential scans are missing an index for some query.',
	defaultSeverity: 'warning',
	async read(db, schema) {
		const rows = await db.query<{table: string; seq: string; idx: string | null; live: string; tuples: string}>(
			`SELECT relname AS table, seq_scan::text AS seq, idx_scan::text AS idx, n_live_tup::text AS live, seq_tup_read::text AS tuples
			FROM pg_stat_user_tables
			WHERE schemaname = $1 AND n_live_tup >= $2 AND seq_scan > coalesce(idx_scan, 0) AND seq_scan > 0
			ORDER BY seq_tup_read DESC`,
			[schema, SCAN_WORTH_ROWS],
		);
		return rows.map((row) => ({
			target: row.table,
			message: `${row.table} (~${formatCount(Number(row.live))} rows) was read by ${formatCount(Number(row.seq))} sequential scans and ${formatCount(Number(row.idx ?? 0))} index scans (${formatCount(Number(row.tuples))} rows read in full).`,
			action: `Find the queries (pg_stat_statements) and index what they filter by: pg-designer analyze --database-url ... proposes the indexes with their cost before and after.`,
		}));
	},
};

const invalidIndex: LiveRuleInfo = {
	id: 'invalid-index',
	summary: 'Invalid indexes (left by a failed CREATE INDEX CONCURRENTLY) are maintained on every write but never used.',
	defaultSeverity: 'error',
	async read(db, schema) {
		const rows = await db.query<{table: string; index: string; definition: string}>(
			`SELECT t.relname AS table, c.relname AS index, pg_get_indexdef(i.indexrelid) AS definition
			FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = $1 AND NOT i.indisvalid ORDER BY 2`,
			[schema],
		);
		return rows.map((row) => ({
			target: row.index,
			message: `${row.index} on ${row.table} is INVALID: a CREATE INDEX CONCURRENTLY failed part-way. Queries never use it, yet every write still updates it.`,
			action: 'Drop it and build it again, concurrently (a unique one fails again until the duplicates are gone).',
			fixSql: [`DROP INDEX CONCURRENTLY IF EXISTS ${quoteIdent(row.index)};`, `${row.definition.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX CONCURRENTLY ')};`].join('\n'),
		}));
	},
};

const foreignKeyTypeMismatch: LiveRuleInfo = {
	id: 'foreign-key-type-mismatch',
	summary: 'Foreign key columns have exactly the type of the columns they reference.',
	defaultSeverity: 'error',
	async read(db, schema) {
		const rows = await db.query<{table: string; name: string; column: string; type: string; parent: string; parentColumn: string; parentType: string}>(
			`SELECT t.relname AS table, c.conname AS name, ca.attname AS column, format_type(ca.atttypid, ca.atttypmod) AS type,
				p.relname AS parent, pa.attname AS "parentColumn", format_type(pa.atttypid, pa.atttypmod) AS "parentType"
			FROM pg_constraint c
			JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_class p ON p.oid = c.confrelid
			CROSS JOIN LATERAL unnest(c.conkey, c.confkey) AS k(child, parent)
			JOIN pg_attribute ca ON ca.attrelid = c.conrelid AND ca.attnum = k.child
			JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = k.parent
			WHERE c.contype = 'f' AND n.nspname = $1 AND c.conparentid = 0 AND (ca.atttypid, ca.atttypmod) IS DISTINCT FROM (pa.atttypid, pa.atttypmod)
			ORDER BY 1, 2`,
			[schema],
		);
		return rows.map((row) => ({
			target: row.name,
			message: `${row.table}.${row.column} is ${row.type} but references ${row.parent}.${row.parentColumn}, which is ${row.parentType}: every check and join casts, and ids past the smaller type's range cannot be stored.`,
			action: `Change ${row.table}.${row.column} to ${row.parentType} (this rewrites the table: in a maintenance window, or through a new column backfilled in batches).`,
			fixSql: `ALTER TABLE ${quoteIdent(row.table)} ALTER COLUMN ${quoteIdent(row.column)} TYPE ${row.parentType};`,
		}));
	},
};

/** Every live rule, sorted by id. */
export const LIVE_RULES: readonly LiveRuleInfo[] = [foreignKeyTypeMismatch, invalidIndex, sequentialScans, unusedIndex];

/** Reads the database once per live rule; the results are rules lintDesign runs with the others. */
export async function readLiveRules(db: Database, schema = 'public'): Promise<Rule[]> {
	const rules: Rule[] = [];
	for (const info of LIVE_RULES) {
		const violations = await info.read(db, schema);
		rules.push({id: info.id, summary: info.summary, defaultSeverity: info.defaultSeverity, check: () => violations});
	}
	return rules;
}
