import fc from 'fast-check';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {Database} from '../../source/db/database.js';
import {pgliteProvider} from '../../source/db/pglite.js';
import {snapshot} from '../../source/db/snapshot.js';
import {deriveDesign} from '../../source/engine/derive.js';
import {renderInitialMigration} from '../../templates/migrations.js';
import {renderIndexesSql, renderSchemaSql} from '../../templates/schema-sql.js';
import {arbitrarySession} from '../helpers/arbitrary-session.js';

// One embedded database for every run: each run's down migration must leave it as it found it.
let db: Database;
beforeAll(async () => {
	db = await pgliteProvider.create();
});
afterAll(async () => {
	await db?.close();
});

describe('any valid session (property)', () => {
	it('yields DDL that applies, and migrations that are idempotent and round-trip', async () => {
		const baseline = await snapshot(db);
		await fc.assert(
			fc.asyncProperty(arbitrarySession('property'), async (session) => {
				const design = deriveDesign(session);
				const [up, down] = renderInitialMigration(design);
				try {
					await db.exec(up!.text);
					const built = await snapshot(db);
					await db.exec(up!.text);
					expect(await snapshot(db)).toEqual(built);
					await db.exec(down!.text);
					expect(await snapshot(db)).toEqual(baseline);
					await db.exec(`BEGIN;\n${renderSchemaSql(design)}\n${renderIndexesSql(design)}`);
					expect(await snapshot(db)).toEqual(built);
					await db.exec('ROLLBACK;');
				} catch (error) {
					// A failed run leaves objects behind: start the next one (and the shrinking) on a fresh database.
					await db.close();
					db = await pgliteProvider.create();
					throw error;
				}
			}),
			{numRuns: 30, seed: Number(process.env.PROPERTY_SEED ?? 20261126)},
		);
	});
});
