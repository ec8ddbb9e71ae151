/**
 * The headless commands: export, check, lint, schema. Each returns its exit code; progress goes
 * to stderr and results to stdout, plain text, so they behave the same in CI and in a terminal.
 */
import {UserError} from '../engine/errors.js';
import {formatFindings, lintDesign} from '../engine/lint/index.js';
import type {Severity} from '../engine/lint/rule.js';
import {checkFolder} from '../db/check-folder.js';
import {providerFor} from '../db/connection.js';
import type {ValidationProgress} from '../db/validate.js';
import {exportSession} from '../export/export-session.js';
import {fixedResolvers} from '../export/history.js';
import {sessionJsonSchema} from '../model/session-schema.js';
import type {ValidationReport} from '../model/validation.js';
import {loadSession} from '../store/session-file.js';

/** Where a command writes: results, and progress lines. */
export interface Output {
	out(text: string): void;
	progress(text: string): void;
}

function seconds(ms: number): string {
	return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Prints one line per finished step and one per loaded table. */
function progressPrinter(output: Output): (progress: ValidationProgress) => void {
	return (progress) => {
		if (progress.kind === 'done') output.progress(`  * ${progress.result.name.padEnd(32)} ${progress.result.detail}  (${seconds(progress.result.ms)})`);
		if (progress.kind === 'rows') output.progress(`      ${progress.table.padEnd(28)} ${progress.rows.toLocaleString('en-US')} rows  (${Math.round((progress.loaded / progress.total) * 100)}%, ${progress.rowsPerSecond.toLocaleString('en-US')} rows/s)`);
	};
}

function planSummary(output: Output, report: ValidationReport): void {
	for (const plan of report.plans) {
		const verdict = plan.verdict === 'planned-index' ? `uses ${plan.intendedIndex}` : plan.verdict === 'other-index' ? `uses ${plan.usedIndexes.join(', ')}` : 'sequential scan';
		output.out(`  ${plan.pattern.padEnd(30)} ${plan.executionMs.toFixed(2).padStart(8)} ms  ${verdict}`);
	}
	for (const warning of report.warnings) output.out(`  ! ${warning}`);
}

export async function runExport(
	output: Output,
	options: {session: string; out: string; force: boolean; validate: boolean; sampleRows?: number; databaseUrl?: string; answers?: Parameters<typeof fixedResolvers>[0]; alembic?: boolean},
): Promise<number> {
	const session = await loadSession(options.session);
	const provider = options.validate ? await providerFor(options.databaseUrl, process.env, {schemaFallback: true}) : undefined;
	if (provider) output.progress(`Validating ${session.project.name} on ${provider.description}:`);
	const started = performance.now();
	const result = await exportSession(session, {
		out: options.out,
		force: options.force,
		...(provider ? {provider, onProgress: progressPrinter(output)} : {}),
		...(options.sampleRows !== undefined ? {sampleRows: options.sampleRows} : {}),
		resolvers: fixedResolvers(options.answers ?? {}),
		alembic: options.alembic ?? false,
	});
	output.out(`Wrote ${options.out}: ${result.files.size} files for ${result.design.tables.length} tables (${seconds(performance.now() - started)}).`);
	if (result.report) planSummary(output, result.report);
	else output.out('  Not validated (--no-validate): run pg-designer check on the folder.');
	return 0;
}

export async function runCheck(output: Output, options: {folder: string; sampleRows?: number; databaseUrl?: string}): Promise<number> {
	const provider = await providerFor(options.databaseUrl, process.env, {schemaFallback: true});
	output.progress(`Checking ${options.folder} on ${provider.description}:`);
	const {report, drifted} = await checkFolder(options.folder, {
		provider,
		onProgress: progressPrinter(output),
		...(options.sampleRows !== undefined ? {sampleRows: options.sampleRows} : {}),
	});
	output.out(`${options.folder}: every check passed on ${report.engine}; verify.sql ran ${report.verifyChecks} blocks of checks.`);
	planSummary(output, report);
	if (drifted.length > 0) output.out(`  Note: ${drifted.join(', ')} differ from what session.json renders (edited by hand?).`);
	return 0;
}

const SEVERITY_RANK: Record<Severity, number> = {error: 3, warning: 2, info: 1};

/** A migration file by its name: NNNN_name.up.sql / .down.sql, or any .sql file in a migrations/ folder. */
const MIGRATION_FILE = /(^|[\\/])(\d+_[^\\/]*\.(up|down)\.sql|migrations[\\/][^\\/]+\.sql)$/;

export async function runLint(output: Output, options: {file?: string; databaseUrl?: string; json: boolean; failOn: Severity | 'none'; migration?: boolean}): Promise<number> {
	if (options.file && (options.migration || MIGRATION_FILE.test(options.file))) return lintMigrationCommand(output, options.file, options);
	const {readLintSource} = await import('./lint-sources.js');
	const source = await readLintSource(options.file, options.databaseUrl);
	const result = lintDesign(source.design, {suppressions: source.suppressions, context: source.context, extraRules: source.extraRules});
	for (const line of source.skipped) output.progress(`  not applied (and not linted): ${line}`);
	if (options.json) output.out(JSON.stringify({...result, skipped: source.skipped}, null, 2));
	else output.out(formatFindings(result.findings));
	if (!options.json) {
		for (const unused of result.unusedSuppressions) output.out(`Unused suppression: ${unused.rule} on ${unused.target} matches nothing; remove it.`);
		for (const rule of result.unknownRules) output.out(`Unknown rule id: ${rule} (see docs/rules/README.md).`);
	}
	if (options.failOn === 'none') return 0;
	const threshold = SEVERITY_RANK[options.failOn];
	return result.findings.some((finding) => !finding.suppressed && SEVERITY_RANK[finding.severity] >= threshold) ? 1 : 0;
}

export async function runSchema(output: Output): Promise<number> {
	output.out(sessionJsonSchema());
	return 0;
}

/** lint on a migration: the rules for SQL that runs on a live, busy database. */
async function lintMigrationCommand(output: Output, file: string, options: {json: boolean; failOn: Severity | 'none'}): Promise<number> {
	const {readFile} = await import('node:fs/promises');
	const {lintMigrationFile} = await import('../db/migration-statements.js');
	let sql: string;
	try {
		sql = await readFile(file, 'utf8');
	} catch (error) {
		throw new UserError(`lint: reading ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
	}
	const findings = await lintMigrationFile(sql, file);
	if (options.json) output.out(JSON.stringify({file, findings}, null, 2));
	else if (findings.length === 0) output.out(`${file}: no findings (migration rules).`);
	else {
		const errors = findings.filter((finding) => finding.severity === 'error').length;
		output.out(`${file}: ${errors} error${errors === 1 ? '' : 's'}, ${findings.length - errors} warning${findings.length - errors === 1 ? '' : 's'} (migration rules)`);
		for (const finding of findings) {
			output.out(`\n  ${finding.severity.toUpperCase().padEnd(7)} ${finding.rule}  line ${finding.line}`);
			output.out(`    ${finding.message}`);
			output.out(`    Fix: ${finding.fix}`);
		}
	}
	if (options.failOn === 'none') return 0;
	const threshold = SEVERITY_RANK[options.failOn];
	return findings.some((finding) => SEVERITY_RANK[finding.severity] >= threshold) ? 1 : 0;
}
