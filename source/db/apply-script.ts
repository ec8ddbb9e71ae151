/**
 * Running the statements of an existing schema in a throwaway database (import, lint of a .sql
 * file). All of them go in one round trip; only when that fails — one implicit transaction, so
 * nothing of it stays — are they run one by one, to name every statement that fails.
 */
import {ConnectionLostError, databaseErrorDetails, type Database} from './database.js';
import type {Statement} from './statements.js';

export interface StatementFailure {
	readonly statement: Statement;
	readonly message: string;
}

/**
 * Runs the statements in order and returns those that failed (none: all of them ran). Session
 * settings are reset afterwards: a script may empty search_path, as pg_dump does, and what reads
 * the catalog next must read it as a user would.
 */
export async function applyStatements(db: Database, statements: readonly Statement[]): Promise<StatementFailure[]> {
	const failures = await runAll(db, statements);
	await db.exec('RESET ALL');
	return failures;
}

async function runAll(db: Database, statements: readonly Statement[]): Promise<StatementFailure[]> {
	if (statements.length === 0) return [];
	try {
		// A semicolon on a line of its own: a statement that ends in a -- comment cannot swallow it.
		await db.exec(statements.map((statement) => statement.text).join('\n;\n'));
		return [];
	} catch (error) {
		// A lost session fails every statement after it: that is no statement's fault.
		if (error instanceof ConnectionLostError) throw error;
		// Some statements cannot run inside the implicit transaction (CREATE INDEX CONCURRENTLY), or one fails: go one by one.
	}
	const failures: StatementFailure[] = [];
	for (const statement of statements) {
		try {
			await db.exec(statement.text);
		} catch (error) {
			if (error instanceof ConnectionLostError) throw error;
			failures.push({statement, message: databaseErrorDetails(error).message});
		}
	}
	return failures;
}
