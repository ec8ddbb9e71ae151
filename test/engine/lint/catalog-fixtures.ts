/**
 * Designs of existing databases for the lint tests: a script applied to a throwaway database and
 * read back with introspect (the path of `lint FILE.sql` and `lint --database-url`), so a rule is
 * tested on exactly what the catalog says. The local PostgreSQL server when one answers (fast),
 * else the embedded PGlite.
 */
import {introspect} from '../../../source/db/introspect.js';
import {pgliteProvider} from '../../../source/db/pglite.js';
import {serverProvider} from '../../../source/db/pg-server.js';
import type {Design} from '../../../source/model/design.js';
import type {Rule, Violation} from '../../../source/engine/lint/rule.js';
import {serverUrl} from '../../helpers/pg.js';

/**
 * The Design of what `sql` builds, with its catalog. `live` reads what only a live database
 * holds (sequence positions); `after` runs outside the script's success (e.g. a failing CREATE
 * INDEX CONCURRENTLY that leaves an INVALID index), errors ignored.
 */
export async function designFromSql(sql: string, options: {live?: boolean; after?: readonly string[]} = {}): Promise<Design> {
	const url = serverUrl();
	const provider = url ? serverProvider({connectionString: url, shown: 'the test server'}) : pgliteProvider;
	const db = await provider.create();
	try {
		await db.exec(sql);
		for (const statement of options.after ?? []) await db.exec(statement).catch(() => undefined);
		return await introspect(db, {catalog: options.live ? 'live' : 'schema'});
	} finally {
		await db.close();
	}
}

/** Runs one rule on the design of an existing database. */
export function runOnDatabase(rule: Rule, design: Design): Violation[] {
	return rule.check(design, {source: 'database'});
}
