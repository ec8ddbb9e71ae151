/**
 * analyze: what is slow in a live database, and which indexes fix it. The workload comes from
 * pg_stat_statements (the most expensive statements) or a file of queries; each is EXPLAINed as a
 * generic plan (no parameter values needed, nothing executed), its shape read with the real parser,
 * and the index an expert would build for it proposed — with the planner's cost before and after,
 * measured on a hypothetical index (hypopg) when the extension is there. The user's tables are never
 * changed: the output is a report and a migration to review.
 */
import {UserError} from '../engine/errors.js';
import {covers, patternIndex} from '../engine/index-planner.js';
import {shapesOf, type QueryShape} from '../engine/query-shape.js';
import type {Design, Index, QueryPattern} from '../model/design.js';
import {indexStatement} from '../../templates/ddl.js';
import type {Database} from './database.js';
import {ConnectionLostError, databaseErrorDetails} from './database.js';
import {introspect} from './introspect.js';

export interface WorkloadQuery {
	readonly sql: string;
	/** Where it came from: "pg_stat_statements, 1,204 calls, 8,432 ms in all" or "queries.sql, line 3". */
	readonly source: string;
}

export interface Proposal {
	readonly query: WorkloadQuery;
	readonly index: Index;
	readonly statement: string;
	readonly costBefore: number;
	/** The cost with the index, when hypopg could measure it. */
	readonly costAfter?: number;
	/** The plan's top scan before, as "Seq Scan on tasks". */
	readonly scanBefore: string;
}

export interface AnalyzeReport {
	readonly proposals: readonly Proposal[];
	/** Queries with nothing to propose, and why. */
	readonly skipped: readonly {readonly query: WorkloadQuery; readonly reason: string}[];
	readonly usedHypotheticalIndexes: boolean;
}

interface PlanNode {
	readonly 'Node Type': string;
	readonly 'Relation Name'?: string;
	readonly 'Index Name'?: string;
	readonly 'Total Cost': number;
	readonly Plans?: readonly PlanNode[];
}

/** The statements pg_stat_statements ranks most expensive, if the extension is installed and readable. */
export async function statementsWorkload(db: Database, limit = 20): Promise<WorkloadQuery[] | undefined> {
	try {
		const rows = await db.query<{query: string; calls: string; total: string}>(
			`SELECT query, calls::text AS calls, round(total_exec_time)::text AS total FROM pg_stat_statements
			WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query ~* '^\\s*(select|update|delete)'
			ORDER BY total_exec_time DESC LIMIT $1`,
			[limit],
		);
		return rows.map((row) => ({sql: row.query, source: `pg_stat_statements, ${Number(row.calls).toLocaleString('en-US')} calls, ${Number(row.total).toLocaleString('en-US')} ms in all`}));
	} catch (error) {
		if (error instanceof ConnectionLostError) throw error;
		return undefined;
	}
}

async function genericPlan(db: Database, sql: string): Promise<PlanNode> {
	const parameters = Math.max(0, ...[...sql.matchAll(/\$(\d+)/g)].map((match) => Number(match[1])));
	await db.exec('BEGIN');
	try {
		await db.exec(`SET LOCAL plan_cache_mode = force_generic_plan; PREPARE pgd_analyze AS ${sql.replace(/;\s*$/, '')}`);
		const rows = await db.query<Record<string, unknown>>(`EXPLAIN (FORMAT JSON) EXECUTE pgd_analyze${parameters > 0 ? `(${Array.from({length: parameters}, () => 'NULL').join(', ')})` : ''}`);
		const value = Object.values(rows[0] ?? {})[0];
		const parsed = (typeof value === 'string' ? JSON.parse(value) : value) as {Plan: PlanNode}[];
		return parsed[0]!.Plan;
	} finally {
		// A prepared statement outlives the transaction: deallocate it too.
		await db.exec('ROLLBACK').catch(() => undefined);
		await db.exec('DEALLOCATE pgd_analyze').catch(() => undefined);
	}
}

function scans(node: PlanNode): PlanNode[] {
	return [...(/Scan$/.test(node['Node Type']) ? [node] : []), ...(node.Plans ?? []).flatMap(scans)];
}

function describeScan(plan: PlanNode, table: string): string {
	const scan = scans(plan).find((node) => node['Relation Name'] === table);
	if (!scan) return 'no scan of the table';
	return `${scan['Node Type']} on ${table}${scan['Index Name'] ? ` using ${scan['Index Name']}` : ''}`;
}

async function hasHypopg(db: Database): Promise<boolean> {
	try {
		await db.exec('CREATE EXTENSION IF NOT EXISTS hypopg');
		return true;
	} catch (error) {
		if (error instanceof ConnectionLostError) throw error;
		return false;
	}
}

/** Analyzes the workload against the database's own schema. */
export async function analyze(db: Database, workload: readonly WorkloadQuery[], options: {readonly parse: (sql: string) => Record<string, unknown>[]}): Promise<AnalyzeReport> {
	const design = await introspect(db);
	const hypothetical = await hasHypopg(db);
	const proposals: Proposal[] = [];
	const skipped: AnalyzeReport['skipped'][number][] = [];
	for (const query of workload) {
		let statements: Record<string, unknown>[];
		try {
			statements = options.parse(query.sql);
		} catch (error) {
			skipped.push({query, reason: `not parsed: ${(error as Error).message}`});
			continue;
		}
		const shapes = statements.flatMap((statement) => shapesOf(statement));
		if (shapes.length === 0) {
			skipped.push({query, reason: 'it filters and sorts nothing an index could serve'});
			continue;
		}
		let before: PlanNode;
		try {
			before = await genericPlan(db, query.sql);
		} catch (error) {
			// A lost session is no fault of the query: the rest cannot be measured either.
			if (error instanceof ConnectionLostError) throw error;
			skipped.push({query, reason: `EXPLAIN failed: ${databaseErrorDetails(error).message}`});
			continue;
		}
		for (const shape of shapes) {
			const proposal = await propose(db, design, query, shape, before, hypothetical);
			if ('reason' in proposal) skipped.push({query, reason: proposal.reason});
			else if (!proposals.some((existing) => existing.statement === proposal.statement)) proposals.push(proposal);
		}
	}
	return {proposals, skipped, usedHypotheticalIndexes: hypothetical};
}

async function propose(db: Database, design: Design, query: WorkloadQuery, shape: QueryShape, before: PlanNode, hypothetical: boolean): Promise<Proposal | {reason: string}> {
	const table = design.tables.find((candidate) => candidate.name === shape.table);
	if (!table) return {reason: `${shape.table} is not a table of this database's public schema`};
	const pattern: QueryPattern = {
		name: 'query',
		table: table.name,
		kind: shape.isCount ? 'count' : 'list',
		equals: shape.equals,
		ranges: shape.ranges,
		conditions: shape.conditions,
		sort: shape.sort,
		...(shape.limit !== undefined ? {limit: shape.limit} : {}),
		select: [],
		perSecond: 1,
		description: `the query from ${query.source}`,
	};
	const candidate = patternIndex(pattern, table, 'balanced');
	if (!candidate) return {reason: `nothing in it can use an index on ${table.name}`};
	const existing = design.indexes.find((index) => index.table === table.name && covers(index, candidate));
	if (existing) return {reason: `${existing.name} already serves it`};
	const scanBefore = describeScan(before, table.name);
	const index: Index = {...candidate, origin: 'override', rationale: candidate.rationale.replace(/^the query from [^:]+: /, '')};
	const statement = indexStatement(index, {guarded: true, concurrently: true});
	if (!hypothetical) {
		if (!/Seq Scan|Sort/.test(JSON.stringify(before))) return {reason: `its plan already avoids a sequential scan and a sort (${scanBefore})`};
		return {query, index, statement, costBefore: before['Total Cost'], scanBefore};
	}
	const [{indexrelid}] = (await db.query<{indexrelid: number}>('SELECT indexrelid FROM hypopg_create_index($1)', [indexStatement(index, {guarded: false})])) as [{indexrelid: number}];
	try {
		const after = await genericPlan(db, query.sql);
		const usesIt = JSON.stringify(after).includes(`<${indexrelid}>`);
		if (!usesIt || after['Total Cost'] >= before['Total Cost'] * 0.8) {
			return {reason: `an index ${statement.replace(/^CREATE INDEX CONCURRENTLY IF NOT EXISTS /, '')} would not pay: cost ${before['Total Cost'].toFixed(0)} -> ${after['Total Cost'].toFixed(0)}`};
		}
		return {query, index, statement, costBefore: before['Total Cost'], costAfter: after['Total Cost'], scanBefore};
	} finally {
		await db.exec(`SELECT hypopg_drop_index(${indexrelid})`).catch(() => undefined);
	}
}

/** The migration that builds the proposed indexes: outside a transaction, with a lock timeout. */
export function analyzeMigration(report: AnalyzeReport, database: string): string {
	if (report.proposals.length === 0) throw new UserError('analyze found no index to propose: nothing to write.');
	return [
		`-- pg-designer analyze: indexes for the expensive queries of ${database}.`,
		'-- CREATE INDEX CONCURRENTLY cannot run inside a transaction: run this file as it is, not with psql -1.',
		"-- A lock_timeout keeps a build that waits for a lock from blocking the queries queued behind it.",
		"SET lock_timeout = '5s';",
		"SET statement_timeout = 0;",
		'',
		...report.proposals.flatMap((proposal) => [
			`-- ${proposal.query.source}: ${proposal.scanBefore}, cost ${proposal.costBefore.toFixed(0)}${proposal.costAfter !== undefined ? ` -> ${proposal.costAfter.toFixed(0)} with the index` : ''}.`,
			`-- ${proposal.index.rationale}.`.replace(/\s+/g, ' '),
			proposal.statement,
			'',
		]),
	].join('\n');
}
