/**
 * PERFORMANCE.md: connection-pool sizing with its arithmetic, transaction and isolation-level
 * advice per operation, monitoring, and how the design grows with the data.
 */
import type {Design, Table} from '../source/model/design.js';
import {findTable} from '../source/engine/lookup.js';
import {formatCount, volumeBand} from '../source/engine/volume.js';
import {commentText, file, markdownTable} from './lines.js';

const COUNTER_NAMES = /(^|_)(quantity|stock|balance|count|counter|inventory|seats|credits)$/;

/** Renders PERFORMANCE.md. */
export function renderPerformance(design: Design): string {
	const {pool} = design;
	return file([
		`# ${design.project.name}: performance`,
		'',
		`Workload: ${design.readWrite}, p95 target ${design.p95Ms} ms. The access patterns and how often they run:`,
		'',
		...(design.patterns.length > 0
			? markdownTable(
					['pattern', 'table', 'per second', 'served by'],
					design.patterns.map((pattern) => [pattern.name, pattern.table, String(pattern.perSecond), pattern.index ? `\`${pattern.index}\`` : 'nothing: add an index']),
				)
			: ['No access patterns were given: only keys and foreign keys are indexed.']),
		'',
		'Measured plans are in plans.md.',
		'',
		'## Connection pool',
		'',
		`${pool.appInstances} application instances x ${pool.workersPerInstance} workers, a database with ${pool.databaseCores} cores and max_connections ${pool.maxConnections}.`,
		'',
		...pool.reasoning.map((line) => `- ${line}`),
		'',
		...markdownTable(
			['setting', 'value'],
			[
				['pool size per application instance', String(pool.poolPerInstance)],
				['client connections in all', String(pool.clientConnections)],
				[pool.pooler === 'pgbouncer' ? 'server connections (PgBouncer default_pool_size)' : 'server connections', String(pool.serverConnections)],
			],
		),
		'',
		...(pool.pgbouncerIni ? ['`pgbouncer.ini`:', '', '```ini', pool.pgbouncerIni, '```', ''] : []),
		'Set the pool\'s acquire timeout near the p95 target: a request that waits longer for a connection has already missed it.',
		'',
		'## Transactions and isolation levels',
		'',
		...transactionAdvice(design).map((line) => `- ${line}`),
		'',
		'## Monitoring',
		'',
		'- `pg_stat_statements`: add it to `shared_preload_libraries`, `CREATE EXTENSION pg_stat_statements;`, then watch the top queries by total time:',
		'',
		'  ```sql',
		'  SELECT calls, round(total_exec_time) AS total_ms, round(mean_exec_time, 2) AS mean_ms, query',
		'  FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 20;',
		'  ```',
		'',
		`- \`auto_explain\`: \`auto_explain.log_min_duration = '${design.p95Ms}ms'\`, \`auto_explain.log_analyze = on\`, \`auto_explain.log_buffers = on\` logs the plan of every query slower than the p95 target.`,
		`- Slow-query log: \`log_min_duration_statement = '${Math.max(design.p95Ms * 2, 100)}ms'\`; \`track_io_timing = on\` to see I/O time in plans.`,
		'- Unused indexes cost writes: `SELECT indexrelname, idx_scan FROM pg_stat_user_indexes ORDER BY idx_scan;` after a representative week.',
		'- Autovacuum keeps index-only scans working (the visibility map) and plans fresh: watch `n_dead_tup` and `last_autovacuum` in `pg_stat_user_tables`.',
		'',
		'## Growth',
		'',
		...markdownTable(
			['table', 'rows expected', 'band', 'what changes'],
			design.tables.map((table) => [table.name, formatCount(table.rows), volumeBand(table.rows), growthNote(design, table)]),
		),
		'',
		...design.notes.filter((note) => note.topic.startsWith('Volume') || note.topic === 'Primary keys').map((note) => `- **${note.topic}**: ${commentText(note.decision)}. ${commentText(note.tradeoff)}`),
		'',
		'- Partitioning without pg_partman: time-partitioned tables come with an `<table>_add_month_partition(date)` function; call it ahead of time (for example monthly from pg_cron) so rows never land in the DEFAULT partition.',
		'- BRIN indexes suit append-only, time-ordered data: tiny, and a time-range scan reads only the blocks that can match.',
	]);
}

function transactionAdvice(design: Design): string[] {
	const advice = [
		'Default READ COMMITTED suits single-statement reads and writes: every query in queries.sql is one statement.',
		'Keep transactions short: no network calls or user think-time inside one; idle-in-transaction sessions hold locks and block VACUUM (`idle_in_transaction_session_timeout = \'30s\'`).',
	];
	const counters = design.tables.flatMap((table) => table.columns.filter((column) => COUNTER_NAMES.test(column.name)).map((column) => `${table.name}.${column.name}`));
	if (counters.length > 0) {
		advice.push(
			`Read-modify-write on ${counters.join(', ')}: change it in one statement (\`UPDATE ... SET stock = stock - $1 WHERE id = $2 AND stock >= $1\`) rather than reading and writing back; where a decision needs several rows, \`SELECT ... FOR UPDATE\` them first, or run the transaction at REPEATABLE READ / SERIALIZABLE and retry on SQLSTATE 40001.`,
		);
	} else {
		advice.push('A read-modify-write (read a value, decide, write it back) needs `SELECT ... FOR UPDATE` or SERIALIZABLE with a retry on SQLSTATE 40001; otherwise two sessions can both act on the old value.');
	}
	const cascades = design.tables.flatMap((table) => table.foreignKeys.filter((fk) => fk.onDelete === 'cascade').map((fk) => ({parent: fk.refTable, child: table})));
	const big = cascades.filter(({parent, child}) => {
		const parentRows = findTable(design, parent)?.rows ?? 1;
		return child.rows / Math.max(1, parentRows) > 1000;
	});
	for (const {parent, child} of big) {
		advice.push(`Deleting a ${parent} row cascades to ~${formatCount(child.rows / Math.max(1, findTable(design, parent)?.rows ?? 1))} ${child.name} rows in one transaction: delete children in batches first when the delete must stay under the p95 target.`);
	}
	if (design.isolation.enforcement === 'rls') {
		advice.push(`Row-Level Security: start each transaction with \`SELECT set_config('${design.isolation.setting}', $1, true)\`; the setting ends with the transaction, which is what transaction-mode pooling needs.`);
	}
	if (design.readWrite === 'write-heavy') {
		advice.push('Write-heavy: batch inserts (Create...Batch in queries.sql) and commit in groups of hundreds; each index adds a write per row, so keep only the ones plans.md shows in use.');
	}
	return advice;
}

function growthNote(design: Design, table: Table): string {
	if (table.partitioning) return table.partitioning.kind === 'hash' ? `hash-partitioned by ${table.partitioning.column}` : `monthly partitions by ${table.partitioning.column}`;
	const band = volumeBand(table.rows);
	if (band === 'thousands') return 'fits in memory; any sensible index is enough';
	if (band === 'millions') {
		return design.keyStrategy === 'uuid'
			? 'bigint-sized indexes matter; random uuid keys spread writes over the whole index'
			: 'indexes must match the patterns: a sequential scan now costs seconds';
	}
	return 'partitioning considered: see the notes below';
}
