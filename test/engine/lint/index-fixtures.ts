/**
 * Proving the fixes of the index rules on what a script builds: the script applied to a throwaway
 * database, then every fix statement on its own (CREATE INDEX CONCURRENTLY refuses a transaction
 * block), then what `inspect` reads. Needs the test server (CONCURRENTLY needs a real one).
 */
import type {Violation} from '../../../source/engine/lint/rule.js';
import {fixesOf, onFixedDatabase, type Query} from './fixtures.js';

export async function applyFixesTo<T>(sql: string, violations: readonly Violation[], options: {prepare?: readonly string[]; inspect: (query: Query) => Promise<T>}): Promise<T> {
	const fixes = fixesOf(violations);
	return onFixedDatabase([sql], async () => fixes, options.inspect, options.prepare ?? []);
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
