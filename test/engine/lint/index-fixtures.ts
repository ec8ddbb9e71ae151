/**
 * Proving the fixes of the index rules on what a script builds: the script applied to a throwaway
 * database, then every fix statement on its own (CREATE INDEX CONCURRENTLY refuses a transaction
 * block), then what `inspect` reads. Needs the test server (CONCURRENTLY needs a real one).
 */
import type {Violation} from '../../../source/engine/lint/rule.js';
import {splitStatements} from '../../../source/db/statements.js';
import {createThrowawayDatabase, serverUrl} from '../../helpers/pg.js';
import type {Query} from './fixtures.js';

export async function applyFixesTo<T>(sql: string, violations: readonly Violation[], options: {prepare?: readonly string[]; inspect: (query: Query) => Promise<T>}): Promise<T> {
	const url = serverUrl();
	if (!url) throw new Error('no PostgreSQL server for this test');
	const fixes = violations.map((violation) => violation.fixSql).filter((fix) => fix !== undefined);
	if (fixes.length === 0) throw new Error('no fix SQL to apply');
	const database = await createThrowawayDatabase(url);
	const query: Query = async (text) => (await database.client.query(text)).rows as Record<string, unknown>[];
	try {
		await database.client.query(sql);
		for (const statement of options.prepare ?? []) await database.client.query(statement).catch(() => undefined);
		for (const fix of fixes) {
			for (const statement of await splitStatements(fix, 'fixSql')) {
				try {
					await database.client.query(statement.text);
				} catch (error) {
					throw new Error(`${(error as Error).message}\n  in: ${statement.text}`);
				}
			}
		}
		return await options.inspect(query);
	} finally {
		await database.drop();
	}
}

/** Every index of a schema with its definition and validity, as `name: definition` lines (sorted). */
export async function indexDefinitions(query: Query, schema: string): Promise<string[]> {
	const rows = await query(
		`SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition, i.indisvalid AS valid
		FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = '${schema}' ORDER BY 1`,
	);
	return rows.map((row) => `${String(row.name)}: ${String(row.definition)}${row.valid ? '' : ' (INVALID)'}`);
}
