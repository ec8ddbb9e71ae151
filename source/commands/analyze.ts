/**
 * pg-designer analyze --database-url URL [--queries FILE] [--out FILE]: proposes the indexes the
 * expensive queries need, with the planner's cost before and after; writes them as a migration.
 */
import {readFile} from 'node:fs/promises';
import {UserError} from '../engine/errors.js';
import {analyze, analyzeMigration, statementsWorkload, type WorkloadQuery} from '../db/analyze.js';
import {serverTarget} from '../db/connection.js';
import {splitStatements} from '../db/statements.js';
import {writeFileAtomic} from '../store/atomic-write.js';
import type {Output} from './headless.js';

export async function runAnalyze(output: Output, options: {databaseUrl?: string; queries?: string; out?: string; json: boolean}): Promise<number> {
	const target = serverTarget(options.databaseUrl, process.env);
	if (!target) throw new UserError('analyze reads a live database: pass --database-url URL (or set PGHOST and friends)', {hint: 'pg-designer analyze --database-url postgresql://user@host/db --queries slow.sql'});
	const {connectTo} = await import('../db/pg-server.js');
	const {loadModule, parseSync} = await import('libpg-query');
	await loadModule();
	const db = await connectTo(target);
	try {
		let workload: WorkloadQuery[] | undefined;
		if (options.queries) {
			const text = await readFile(options.queries, 'utf8').catch((error: NodeJS.ErrnoException) => {
				throw new UserError(`analyze: reading ${options.queries}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
			});
			workload = (await splitStatements(text, options.queries)).map((statement) => ({sql: statement.text, source: `${options.queries}, line ${statement.line}`}));
		} else {
			workload = await statementsWorkload(db);
			if (!workload) {
				throw new UserError(`pg_stat_statements is not available on ${target.shown}`, {
					hint: 'Add it to shared_preload_libraries and CREATE EXTENSION pg_stat_statements, or pass the slow queries with --queries FILE (one statement each, $1 parameters allowed).',
				});
			}
		}
		output.progress(`Analyzing ${workload.length} queries on ${target.shown}:`);
		const report = await analyze(db, workload, {parse: (sql) => (parseSync(sql).stmts ?? []).map((statement) => statement.stmt as unknown as Record<string, unknown>)});
		if (options.json) output.out(JSON.stringify(report, null, 2));
		else {
			for (const proposal of report.proposals) {
				output.out(`${proposal.query.source}`);
				output.out(`  now     ${proposal.scanBefore}, cost ${proposal.costBefore.toFixed(0)}`);
				output.out(`  propose ${proposal.statement}`);
				if (proposal.costAfter !== undefined) output.out(`  then    cost ${proposal.costAfter.toFixed(0)} (${(proposal.costBefore / Math.max(proposal.costAfter, 0.01)).toFixed(0)}x lower, hypothetical index)`);
				output.out(`  why     ${proposal.index.rationale}`);
			}
			for (const {query, reason} of report.skipped) output.out(`${query.source}: nothing to propose: ${reason}`);
			if (!report.usedHypotheticalIndexes) output.out('(hypopg is not installed: costs after are not estimated; CREATE EXTENSION hypopg to see them)');
		}
		if (options.out && report.proposals.length > 0) {
			await writeFileAtomic(options.out, `${analyzeMigration(report, target.shown)}\n`);
			output.out(`Wrote ${options.out}: ${report.proposals.length} CREATE INDEX CONCURRENTLY, to review and run.`);
		}
		return 0;
	} finally {
		await db.close();
	}
}
