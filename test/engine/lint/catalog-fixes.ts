/**
 * Proves a rule's fixes on an existing database: the script applied to a throwaway database, read
 * back with introspect (as `lint --database-url` does), the rule run, every fixSql applied one
 * statement at a time outside a transaction (CREATE INDEX CONCURRENTLY needs that), and the
 * database read with `inspect` afterwards. Throws with the statement when a fix fails.
 */
import {introspect} from '../../../source/db/introspect.js';
import {connectTo} from '../../../source/db/pg-server.js';
import {splitStatements} from '../../../source/db/statements.js';
import type {Rule, Violation} from '../../../source/engine/lint/rule.js';
import {createThrowawayDatabase, serverUrl} from '../../helpers/pg.js';
import {runOnDatabase} from './catalog-fixtures.js';
import type {Query} from './fixtures.js';

export async function fixOnDatabase<T>(sql: string, rule: Rule, inspect: (query: Query, violations: readonly Violation[]) => Promise<T>): Promise<T> {
	const url = serverUrl();
	if (!url) throw new Error('no PostgreSQL server for this test');
	const database = await createThrowawayDatabase(url);
	const query: Query = async (text) => (await database.client.query(text)).rows as Record<string, unknown>[];
	try {
		await database.client.query(sql);
		const db = await connectTo({connectionString: database.url, shown: 'the test database'});
		const design = await introspect(db, {catalog: 'schema'}).finally(() => db.close());
		const violations = runOnDatabase(rule, design);
		for (const violation of violations) {
			if (!violation.fixSql) continue;
			for (const statement of await splitStatements(violation.fixSql, 'fixSql')) {
				try {
					await database.client.query(statement.text);
				} catch (error) {
					throw new Error(`${(error as Error).message}\n  in: ${statement.text}`);
				}
			}
		}
		return await inspect(query, violations);
	} finally {
		await database.drop();
	}
}
