/**
 * Validation on a real PostgreSQL: every artifact is executed in a throwaway database before it is
 * written. Migrations up, up again (idempotent), down (nothing left), up; schema.sql + indexes.sql
 * must build exactly what the migrations build; every query PREPAREs; seed.sql loads and verify.sql
 * passes; then sample data at volume, VACUUM ANALYZE, and EXPLAIN (ANALYZE, BUFFERS) of every
 * access pattern, checking each uses the index planned for it.
 */
import {UserError} from '../engine/errors.js';
import {sampleCounts} from '../engine/sample-data.js';
import {literal, quoteIdent, quoteTable} from '../engine/sql.js';
import type {Design, Table} from '../model/design.js';
import {derivedPart} from '../engine/imported.js';
import {lintMigrationFile} from './migration-statements.js';
import type {PlanResult, PlanVerdict, StepResult, ValidationReport} from '../model/validation.js';
import {buildQueries, type Query} from '../../templates/queries-sql.js';
import {VERIFY_OK} from '../../templates/verify-sql.js';
import {ConnectionLostError, closingAfter, databaseErrorDetails, type Database, type DatabaseProvider} from './database.js';
import {loadSampleData, SampleLoadError} from './sample-load.js';
import {withoutColumnPositions, snapshot, snapshotDifference} from './snapshot.js';
import {splitStatements, type Statement} from './statements.js';

/** Progress while validating, for a progress display. */
export type ValidationProgress =
	| {readonly kind: 'step'; readonly step: string}
	| {readonly kind: 'done'; readonly result: StepResult}
	| {readonly kind: 'rows'; readonly table: string; readonly rows: number; readonly loaded: number; readonly total: number; readonly rowsPerSecond: number};

export interface ValidationOptions {
	readonly provider: DatabaseProvider;
	/** Rows on the largest table when measuring plans (default: the design's validationRows). */
	readonly sampleRows?: number;
	readonly onProgress?: (progress: ValidationProgress) => void;
}

/** A validation step that failed, with the PostgreSQL error, the file and the line. */
export class ValidationError extends UserError {
	readonly step: string;
	readonly file?: string;
	readonly line?: number;

	constructor(step: string, message: string, location: {file?: string; line?: number; hint?: string; cause?: unknown} = {}) {
		const where = location.file ? ` (${location.file}${location.line ? `, line ${location.line}` : ''})` : '';
		super(`validation failed at "${step}"${where}: ${message}`, {
			...(location.hint ? {hint: location.hint} : {}),
			...(location.cause ? {cause: location.cause} : {}),
		});
		this.step = step;
		if (location.file) this.file = location.file;
		if (location.line) this.line = location.line;
	}
}

/** The files validation reads, by their path in the artifact folder. */
export type ArtifactFiles = ReadonlyMap<string, string>;

/** Runs every check on a throwaway database and returns what it measured. */
export async function validate(design: Design, files: ArtifactFiles, options: ValidationOptions): Promise<ValidationReport> {
	const steps: StepResult[] = [];
	const warnings: string[] = [];
	// PGlite answers through microtasks only: without a macrotask now and then, a UI never gets to draw the progress.
	const report = async (progress: ValidationProgress) => {
		options.onProgress?.(progress);
		await new Promise((resolve) => setImmediate(resolve));
	};
	const run = async <T>(name: string, work: () => Promise<{detail: string; value: T}>): Promise<T> => {
		await report({kind: 'step', step: name});
		const started = performance.now();
		const {detail, value} = await work();
		const result = {name, detail, ms: performance.now() - started};
		steps.push(result);
		await report({kind: 'done', result});
		return value;
	};
	const file = (path: string) => {
		const text = files.get(path);
		if (text === undefined) throw new ValidationError('read files', `${path} is missing from the folder`);
		return text;
	};

	const ups = [...files.keys()].filter((path) => /^migrations\/\d+_.+\.up\.sql$/.test(path)).sort();
	const downs = [...files.keys()].filter((path) => /^migrations\/\d+_.+\.down\.sql$/.test(path)).sort().reverse();
	// Linting needs no database: it runs while the database starts, and reports in its turn.
	const linting = (async (): Promise<{findings: string[]} | {failure: unknown}> => {
		const findings: string[] = [];
		for (const path of [...ups, ...downs]) {
			for (const finding of await lintMigrationFile(file(path), path)) {
				if (finding.severity === 'error') throw new ValidationError('Lint migrations', `${finding.rule}: ${finding.message}`, {file: path, line: finding.line, hint: finding.fix});
				findings.push(`${path}:${finding.line}: ${finding.rule}: ${finding.message}`);
			}
		}
		return {findings};
	})().catch((failure: unknown) => ({failure}));

	const db = await run('Start database', async () => {
		let database: Database;
		try {
			database = await options.provider.create();
		} catch (error) {
			throw new ValidationError('Start database', databaseErrorDetails(error).message, {
				...(error instanceof UserError && error.hint ? {hint: error.hint} : {}),
				cause: error,
			});
		}
		if (database.scope === 'schema' && design.tables.some((table) => table.imported)) {
			await database.close();
			throw new ValidationError('Start database', 'an imported schema names its objects with their schema (public.x), so it cannot be validated in a throwaway schema', {
				hint: 'Validate it where a throwaway database can be created (CREATEDB), or on the embedded PostgreSQL.',
			});
		}
		const needs15 = design.tables.flatMap((table) => table.foreignKeys.filter((fk) => fk.setNullColumns).map((fk) => `${table.name}.${fk.name}`));
		if (needs15.length > 0 && database.versionNumber < 150_000) {
			await database.close();
			throw new ValidationError('Start database', `${database.engine} cannot run ON DELETE SET NULL (column) of ${needs15.join(', ')}: that needs PostgreSQL 15`, {
				hint: 'Validate on PostgreSQL 15 or later (or the embedded one), or make those relationships RESTRICT or CASCADE.',
			});
		}
		return {detail: database.engine, value: database};
	});
	// The throwaway database goes at the end, whatever happened; when it cannot, the error says so too.
	return closingAfter(
		() => db.close(),
		async () => {
			const baseline = await snapshot(db);
			await run('Lint migrations', async () => {
				const outcome = await linting;
				if ('failure' in outcome) throw outcome.failure;
				warnings.push(...outcome.findings);
				return {detail: `${ups.length + downs.length} files, ${outcome.findings.length === 0 ? 'no findings' : `${outcome.findings.length} warning${outcome.findings.length === 1 ? '' : 's'}`}`, value: undefined};
			});
			const designed = await run('Migrations up, again, down, up', async () => {
				const step = 'Migrations up, again, down, up';
				if (ups.length === 0) throw new ValidationError(step, 'the folder has no migrations/NNNN_name.up.sql');
				const missing = ups.map((path) => path.replace(/\.up\.sql$/, '.down.sql')).filter((path) => !files.has(path));
				if (missing.length > 0) throw new ValidationError(step, `every up migration needs its down: ${missing.join(', ')} is missing`);
				// The state after each up: a down must return exactly to the state before its up.
				const states = [baseline];
				for (const path of ups) {
					await execFile(db, step, path, file(path));
					const state = await snapshot(db);
					await execFile(db, step, path, file(path));
					expectSame(step, `running ${path} a second time changed the schema (it must be idempotent)`, state, await snapshot(db));
					states.push(state);
				}
				const afterUp = states.at(-1)!;
				for (const [position, path] of downs.entries()) {
					await execFile(db, step, path, file(path));
					const expected = states[downs.length - 1 - position]!;
					const last = position === downs.length - 1;
					// A column brought back by a down comes back last: stepping back, positions do not count.
					const now = await snapshot(db);
					if (last) expectSame(step, 'the down migrations left objects behind', expected, now);
					else expectSame(step, `${path} did not return to the state before its up`, withoutColumnPositions(expected), withoutColumnPositions(now));
				}
				for (const path of ups) await execFile(db, step, path, file(path));
				expectSame(step, 'up after down built a different schema', afterUp, await snapshot(db));
				for (const path of downs) await execFile(db, step, path, file(path));
				return {detail: `${ups.length} up, ${downs.length} down; idempotent; down leaves nothing`, value: afterUp};
			});
			await run('Apply schema.sql, indexes.sql', async () => {
				const step = 'Apply schema.sql, indexes.sql';
				await db.exec('BEGIN;');
				await execFile(db, step, 'schema.sql', file('schema.sql'));
				await execFile(db, step, 'indexes.sql', file('indexes.sql'));
				await db.exec('COMMIT;');
				expectSame(step, 'schema.sql + indexes.sql differ from what the migrations build', designed, await snapshot(db));
				return {
					detail: `${design.tables.length} tables, ${design.indexes.length} indexes, ${design.triggers.length} triggers${design.policies.length > 0 ? `, ${design.policies.length} policies` : ''}`,
					value: undefined,
				};
			});
			await run('Prepare queries.sql', async () => {
				const step = 'Prepare queries.sql';
				const queries = parseQueriesFile(file('queries.sql'));
				for (const [position, query] of queries.entries()) {
					try {
						await db.exec(`PREPARE pgd_check_${position} AS ${query.sql};\nDEALLOCATE pgd_check_${position};`);
					} catch (error) {
						const details = databaseErrorDetails(error);
						throw new ValidationError(step, `${query.name}: ${details.message}`, {file: 'queries.sql', line: query.line, ...(details.hint ? {hint: details.hint} : {}), cause: error});
					}
				}
				return {detail: `${queries.length} queries prepared`, value: undefined};
			});
			await run('Seed', async () => {
				await execFile(db, 'Seed', 'seed.sql', file('seed.sql'));
				const rows = await countRows(db, design);
				return {detail: `${Object.values(rows).reduce((sum, count) => sum + count, 0)} rows`, value: undefined};
			});
			const verifyChecks = await run('Verify', async () => {
				let passed = 0;
				await execFile(db, 'Verify', 'verify.sql', file('verify.sql'), (message) => {
					if (message.startsWith(VERIFY_OK)) passed++;
				});
				if (passed === 0) throw new ValidationError('Verify', 'verify.sql ran but reported no passing check');
				return {detail: `${passed} blocks of checks pass`, value: passed};
			});
			// Sample data and plans are for the derived tables; an imported table's rules are its own.
			const derived = derivedPart(design);
			const rowCounts = await run('Load sample data', async () => {
				const counts = sampleCounts(derived, options.sampleRows ?? design.sample.validationRows);
				const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
				let loaded = 0;
				const loadStarted = performance.now();
				try {
					await loadSampleData(db, derived, counts, design.sample.seed, async (table) => {
						loaded += table.rows;
						await report({kind: 'rows', table: table.table, rows: table.rows, loaded, total, rowsPerSecond: rate(loaded, performance.now() - loadStarted)});
					});
				} catch (error) {
					if (!(error instanceof SampleLoadError)) throw error;
					const details = databaseErrorDetails(error.cause ?? error);
					throw new ValidationError('Load sample data', error.cause ? `${error.table}: ${details.message}` : error.message, {...(details.hint ? {hint: details.hint} : {}), cause: error});
				}
				await db.exec('VACUUM ANALYZE;');
				const rows = await countRows(db, design);
				return {detail: `${Object.values(rows).reduce((sum, count) => sum + count, 0).toLocaleString('en-US')} rows, VACUUM ANALYZE`, value: rows};
			});
			const plans = await run('EXPLAIN access patterns', async () => {
				const results: PlanResult[] = [];
				const queries = buildQueries(derived).filter((candidate) => candidate.pattern === candidate.name);
				for (const pattern of derived.patterns) {
					const query = queries.find((candidate) => candidate.name === pattern.name);
					if (query) results.push(await explain(db, derived, query));
				}
				for (const plan of results) {
					if (plan.verdict !== 'planned-index' && plan.intendedIndex) {
						warnings.push(`${plan.pattern} does not use its planned index ${plan.intendedIndex}: ${plan.verdict === 'sequential-scan' ? 'sequential scan' : plan.usedIndexes.join(', ')}`);
					}
				}
				const fast = results.filter((plan) => plan.executionMs <= design.p95Ms).length;
				return {detail: `${fast} of ${results.length} within the ${design.p95Ms} ms p95`, value: results};
			});
			return {engine: db.engine, rowCounts, steps, plans, verifyChecks, warnings};
		},
	);
}

async function execFile(db: Database, step: string, path: string, sql: string, onNotice?: (message: string) => void): Promise<void> {
	let statements: Statement[];
	try {
		statements = await splitStatements(sql, path);
	} catch (error) {
		throw new ValidationError(step, (error as Error).message, {file: path, cause: error});
	}
	for (const statement of statements) {
		try {
			await db.exec(statement.text, onNotice ? {onNotice} : {});
		} catch (error) {
			const details = databaseErrorDetails(error);
			// A lost session is not the statement's fault: no file and line to point at.
			if (error instanceof ConnectionLostError) throw new ValidationError(step, details.message, {...(details.hint ? {hint: details.hint} : {}), cause: error});
			const line = details.position ? statement.line + statement.text.slice(0, details.position - 1).split('\n').length - 1 : statement.line;
			const context = [details.detail, details.where?.split('\n')[0]].filter(Boolean).join('; ');
			throw new ValidationError(step, `${details.message}${context ? ` (${context})` : ''}`, {
				file: path,
				line,
				...(details.hint ? {hint: details.hint} : {}),
				cause: error,
			});
		}
	}
}

function expectSame(step: string, message: string, expected: readonly string[], actual: readonly string[]): void {
	const difference = snapshotDifference(expected, actual);
	if (difference.length > 0) throw new ValidationError(step, `${message}:\n  ${difference.join('\n  ')}`);
}

async function countRows(db: Database, design: Design): Promise<Record<string, number>> {
	const counts: Record<string, number> = {};
	for (const table of design.tables) {
		const [row] = await db.query<{count: number | string}>(`SELECT count(*) AS count FROM ${quoteTable(table)}`);
		counts[table.name] = Number(row?.count ?? 0);
	}
	return counts;
}

/** One query of queries.sql, as written in the file. */
export interface QueryBlock {
	readonly name: string;
	readonly sql: string;
	readonly line: number;
}

/** Splits queries.sql at its `-- name:` annotations. */
export function parseQueriesFile(text: string): QueryBlock[] {
	const blocks: QueryBlock[] = [];
	let current: {name: string; line: number; lines: string[]} | undefined;
	const flush = () => {
		if (!current) return;
		const sql = current.lines.join('\n').trim().replace(/;\s*$/, '');
		if (sql) blocks.push({name: current.name, sql, line: current.line});
	};
	text.split('\n').forEach((line, index) => {
		const annotation = /^--\s*name:\s*(\S+)/.exec(line);
		if (annotation) {
			flush();
			current = {name: annotation[1]!, line: index + 1, lines: []};
		} else if (current && !line.startsWith('--')) {
			current.lines.push(line);
		}
	});
	flush();
	return blocks;
}

async function explain(db: Database, design: Design, query: Query): Promise<PlanResult> {
	const pattern = design.patterns.find((candidate) => candidate.name === query.pattern)!;
	const table = design.tables.find((candidate) => candidate.name === query.table)!;
	const values: string[] = [];
	let owner: string | undefined;
	for (const param of query.params) {
		const value = await parameterValue(db, table, param.role, param.column, owner, pattern.limit);
		if (param.role === 'owner') owner = value;
		values.push(value);
	}
	const statement = query.sql.replace(/;\s*$/, '');
	const execute = `EXECUTE pgd_plan${values.length > 0 ? `(${values.join(', ')})` : ''}`;
	await db.exec(`PREPARE pgd_plan AS ${statement};`);
	try {
		const jsonRows = await db.query<Record<string, unknown>>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${execute}`);
		const plan = parseJsonPlan(jsonRows[0]);
		const textRows = await db.query<Record<string, unknown>>(`EXPLAIN (ANALYZE, BUFFERS) ${execute}`);
		const text = textRows.map((row) => String(Object.values(row)[0])).join('\n');
		const used = [...new Set(indexNames(plan.Plan))];
		const verdict: PlanVerdict = pattern.index && used.includes(pattern.index) ? 'planned-index' : used.length > 0 ? 'other-index' : 'sequential-scan';
		return {
			pattern: pattern.name,
			description: pattern.description,
			sql: query.sql,
			parameters: values,
			...(pattern.index ? {intendedIndex: pattern.index} : {}),
			usedIndexes: used,
			verdict,
			executionMs: Number(plan['Execution Time'] ?? 0),
			planningMs: Number(plan['Planning Time'] ?? 0),
			text,
		};
	} finally {
		await db.exec('DEALLOCATE pgd_plan;');
	}
}

interface JsonPlan {
	readonly Plan: PlanNode;
	readonly 'Execution Time'?: number;
	readonly 'Planning Time'?: number;
}
interface PlanNode {
	readonly 'Index Name'?: string;
	readonly Plans?: readonly PlanNode[];
}

function parseJsonPlan(row: Record<string, unknown> | undefined): JsonPlan {
	const value = row ? Object.values(row)[0] : undefined;
	const parsed = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
	const first = Array.isArray(parsed) ? parsed[0] : parsed;
	return first as JsonPlan;
}

function indexNames(node: PlanNode | undefined): string[] {
	if (!node) return [];
	return [...(node['Index Name'] ? [node['Index Name']] : []), ...(node.Plans ?? []).flatMap(indexNames)];
}

/** A realistic value for a parameter, read from the sample data, as a SQL literal. */
async function parameterValue(db: Database, table: Table, role: string, column: string | undefined, owner: string | undefined, limit: number | undefined): Promise<string> {
	const name = quoteIdent(table.name);
	const one = async (sql: string): Promise<string> => {
		const [row] = await db.query<{value: string | null}>(sql);
		return row?.value === null || row?.value === undefined ? 'NULL' : literal(row.value);
	};
	switch (role) {
		case 'limit':
			return String(limit ?? 50);
		case 'search':
			// A term in about 1% of the rows: selective, as real searches are.
			return one(
				`SELECT word AS value FROM ts_stat(${literal(`SELECT search_vector FROM ${name}`)}) ORDER BY abs(ndoc - (SELECT count(*) / 100 FROM ${name})), word LIMIT 1`,
			);
		case 'owner':
			// The busiest owner: plans are measured where they cost the most.
			return one(`SELECT ${quoteIdent(column!)}::text AS value FROM ${name} GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`);
		case 'range-from':
		case 'range-to': {
			const fraction = role === 'range-from' ? 0.5 : 0.9;
			return one(`SELECT (percentile_disc(${fraction}) WITHIN GROUP (ORDER BY ${quoteIdent(column!)}))::text AS value FROM ${name}`);
		}
		default: {
			const sameOwner = owner && table.ownerColumn ? ` AND ${quoteIdent(table.ownerColumn)} = ${owner}` : '';
			return one(`SELECT ${quoteIdent(column!)}::text AS value FROM ${name} WHERE ${quoteIdent(column!)} IS NOT NULL${sameOwner} ORDER BY 1 LIMIT 1`);
		}
	}
}

/** Rows per second, for the progress of loading sample data. */
function rate(rows: number, ms: number): number {
	return ms > 0 ? Math.round((rows / ms) * 1000) : 0;
}
