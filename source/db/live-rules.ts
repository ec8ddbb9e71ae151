/**
 * Lint rules only a live database can answer: indexes nobody uses (pg_stat_user_indexes), tables
 * read by sequential scans (pg_stat_user_tables), in every schema of the user's, named as the
 * design names tables and indexes. Invalid indexes and foreign keys whose column
 * types differ from the referenced ones are ordinary rules: introspect reads both. Each reads
 * the catalog once and becomes an ordinary Rule for lintDesign, so severities and suppressions
 * work the same. Pages in docs/rules/.
 */
import type {Rule, Severity, Violation} from '../engine/lint/rule.js';
import {quoteTable, relationKey} from '../engine/sql.js';
import {formatCount} from '../engine/volume.js';
import type {Database} from './database.js';

/** What a live rule is, before it has read the database. */
export interface LiveRuleInfo {
	readonly id: string;
	readonly summary: string;
	readonly defaultSeverity: Severity;
	read(db: Database): Promise<Violation[]>;
}

/** Tables smaller than this are cheap to scan: their sequential scans are no finding. */
const SCAN_WORTH_ROWS = 10_000;

const unusedIndex: LiveRuleInfo = {
	id: 'unused-index',
	summary: 'Indexes that no query has used since the statistics were reset cost writes and space for nothing.',
	defaultSeverity: 'warning',
	async read(db) {
		const rows = await db.query<{schema: string; table: string; index: string; scans: string; size: string}>(
			`SELECT s.schemaname AS schema, s.relname AS table, s.indexrelname AS index, s.idx_scan::text AS scans, pg_size_pretty(pg_relation_size(s.indexrelid)) AS size
			FROM pg_stat_user_indexes s JOIN pg_index i ON i.indexrelid = s.indexrelid
			WHERE s.idx_scan = 0 AND NOT i.indisunique AND NOT i.indisprimary
				AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = s.indexrelid)
			ORDER BY pg_relation_size(s.indexrelid) DESC, 1, 3`,
		);
		return rows.map((row) => {
			// Named as the design names them: bare in public, schema.name elsewhere.
			const index = relationKey(row.schema, row.index);
			const table = relationKey(row.schema, row.table);
			return {
				target: index,
				table,
				message: `${index} on ${table} (${row.size}) has not been used by any query since the statistics were last reset, yet every write to ${table} maintains it.`,
				action: 'Check over a representative period (and on replicas, whose statistics are their own); if it stays unused and covers no foreign key, drop it.',
				fixSql: `DROP INDEX CONCURRENTLY IF EXISTS ${quoteTable({name: index, ...(row.schema === 'public' ? {} : {schema: row.schema})})};`,
			};
		});
	},
};

const sequentialScans: LiveRuleInfo = {
	id: 'sequential-scans',
	summary: 'Large tables read mostly by sequential scans are missing an index for some query.',
	defaultSeverity: 'warning',
	async read(db) {
		const rows = await db.query<{schema: string; table: string; seq: string; idx: string | null; live: string; tuples: string}>(
			`SELECT schemaname AS schema, relname AS table, seq_scan::text AS seq, idx_scan::text AS idx, n_live_tup::text AS live, seq_tup_read::text AS tuples
			FROM pg_stat_user_tables
			WHERE n_live_tup >= $1 AND seq_scan > coalesce(idx_scan, 0) AND seq_scan > 0
			ORDER BY seq_tup_read DESC`,
			[SCAN_WORTH_ROWS],
		);
		return rows.map((row) => ({
			target: relationKey(row.schema, row.table),
			message: `${relationKey(row.schema, row.table)} (~${formatCount(Number(row.live))} rows) was read by ${formatCount(Number(row.seq))} sequential scans and ${formatCount(Number(row.idx ?? 0))} index scans (${formatCount(Number(row.tuples))} rows read in full).`,
			action: `Find the queries (pg_stat_statements) and index what they filter by: pg-designer analyze --database-url ... proposes the indexes with their cost before and after.`,
		}));
	},
};

/** Every live rule, sorted by id. */
export const LIVE_RULES: readonly LiveRuleInfo[] = [sequentialScans, unusedIndex];

/** Reads the database once per live rule; the results are rules lintDesign runs with the others. */
export async function readLiveRules(db: Database): Promise<Rule[]> {
	const rules: Rule[] = [];
	for (const info of LIVE_RULES) {
		const violations = await info.read(db);
		rules.push({id: info.id, summary: info.summary, defaultSeverity: info.defaultSeverity, check: () => violations});
	}
	return rules;
}
