/**
 * What `lint` reads: a session file, a .sql file (applied in a throwaway database, then read back
 * from the catalog, so the final state of every ALTER counts), or a live database (read-only,
 * with the rules only a live database can answer).
 */
import {readFile} from 'node:fs/promises';
import {UserError} from '../engine/errors.js';
import {deriveDesign} from '../engine/derive.js';
import type {LintSuppression, Rule} from '../engine/lint/index.js';
import type {LintContext} from '../engine/lint/rule.js';
import type {Design} from '../model/design.js';
import {providerFor, serverTarget} from '../db/connection.js';
import {introspect} from '../db/introspect.js';
import {readLiveRules} from '../db/live-rules.js';
import {parsePsqlScript} from '../db/statements.js';
import {applyStatements} from '../db/apply-script.js';
import {closingAfter} from '../db/database.js';
import {loadSession} from '../store/session-file.js';

export interface LintSource {
	readonly design: Design;
	readonly context: LintContext;
	readonly suppressions: readonly LintSuppression[];
	readonly extraRules: readonly Rule[];
	/** Statements of a .sql file that could not be applied, with their line. */
	readonly skipped: readonly string[];
}

/** Reads what the arguments name. */
export async function readLintSource(file: string | undefined, databaseUrl: string | undefined): Promise<LintSource> {
	if (file === undefined) {
		const target = serverTarget(databaseUrl, process.env);
		if (!target) throw new UserError('lint takes a SESSION.json, a FILE.sql or --database-url URL', {hint: 'pg-designer lint db/session.json'});
		const {connectTo} = await import('../db/pg-server.js');
		const db = await connectTo(target);
		try {
			return {design: await introspect(db, {catalog: 'live'}), context: {source: 'database'}, suppressions: [], extraRules: await readLiveRules(db), skipped: []};
		} finally {
			await db.close();
		}
	}
	if (file.endsWith('.sql')) return readSqlFile(file, databaseUrl);
	const session = await loadSession(file);
	return {design: deriveDesign(session), context: {source: 'session'}, suppressions: session.suppressions, extraRules: [], skipped: []};
}

async function readSqlFile(file: string, databaseUrl: string | undefined): Promise<LintSource> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		throw new UserError(`lint: reading ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
	}
	// pg_dump output carries psql meta-commands (\restrict, \connect): they are not SQL and are set aside.
	const {statements} = await parsePsqlScript(text, file);
	const db = await (await providerFor(databaseUrl)).create();
	const skipped: string[] = [];
	// The throwaway database goes whatever happened; when it cannot, the error says so too.
	return closingAfter(
		() => db.close(),
		async () => {
			for (const {statement, message} of await applyStatements(db, statements)) skipped.push(`${file}, line ${statement.line}: ${message}`);
			return {design: await introspect(db, {catalog: 'schema'}), context: {source: 'sql'}, suppressions: [], extraRules: [], skipped};
		},
	);
}
