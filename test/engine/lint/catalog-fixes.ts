/**
 * Proves a rule's fixes on an existing database: the script applied to a throwaway database, read
 * back with introspect (as `lint --database-url` does), the rule run, every fixSql applied one
 * statement at a time outside a transaction (CREATE INDEX CONCURRENTLY needs that), and the
 * database read with `inspect` afterwards. Throws with the statement when a fix fails.
 */
import {introspect} from '../../../source/db/introspect.js';
import {connectTo} from '../../../source/db/pg-server.js';
import type {Rule, Violation} from '../../../source/engine/lint/rule.js';
import {runOnDatabase} from './catalog-fixtures.js';
import {onFixedDatabase, type Query} from './fixtures.js';

export async function fixOnDatabase<T>(sql: string, rule: Rule, inspect: (query: Query, violations: readonly Violation[]) => Promise<T>): Promise<T> {
	let violations: readonly Violation[] = [];
	const fixes = async (url: string) => {
		const db = await connectTo({connectionString: url, shown: 'the test database'});
		const design = await introspect(db, {catalog: 'schema'}).finally(() => db.close());
		violations = runOnDatabase(rule, design);
		return violations.flatMap((violation) => (violation.fixSql ? [violation.fixSql] : []));
	};
	return onFixedDatabase([sql], fixes, (query) => inspect(query, violations));
}
