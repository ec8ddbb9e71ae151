/**
 * Loads the volume sample data into a database, as fast as the database lets it and no less
 * checked. The rows are made on the server (sampleDataScripts); the per-row foreign-key triggers
 * are what a bulk insert pays most for (about half the time on PGlite), so where the user may
 * (superuser, as on the embedded database) and no trigger of the user's own fires on INSERT, the
 * load runs with session_replication_role = replica, as pg_restore loads data before it adds the
 * keys, and every foreign key is then proven for all rows at once, one anti-join per table.
 */
import {brokenReferencesQueries, sampleDataCleanup, sampleDataScripts} from '../engine/sample-data.js';
import {quoteTable} from '../engine/sql.js';
import type {Design} from '../model/design.js';
import {ConnectionLostError, type Database} from './database.js';

/** One table loaded: its rows and how long its insert and its reference check took. */
export interface TableLoad {
	readonly table: string;
	readonly rows: number;
	readonly ms: number;
}

/** Why a load failed: the table, and the error the database gave (or the references it broke). */
export class SampleLoadError extends Error {
	constructor(
		readonly table: string,
		message: string,
		options?: {readonly cause: unknown},
	) {
		super(`${table}: ${message}`, options);
	}
}

/**
 * Loads every table of the design with the counts given, in order, calling onTable after each.
 * Returns whether the per-row foreign-key checks were set aside (and proven after).
 */
export async function loadSampleData(
	db: Database,
	design: Design,
	counts: ReadonlyMap<string, number>,
	seed: number,
	onTable: (load: TableLoad) => Promise<void> | void = () => undefined,
): Promise<{readonly bulk: boolean}> {
	const bulk = await setTriggersAside(db, design);
	const checks = bulk ? brokenReferencesQueries(design) : new Map<string, string>();
	try {
		for (const script of sampleDataScripts(design, counts, seed)) {
			const started = performance.now();
			try {
				await db.exec(script.sql);
			} catch (error) {
				// A lost session too: the table it was loading is part of what to report.
				throw new SampleLoadError(script.table, (error as Error).message, {cause: error});
			}
			const check = checks.get(script.table);
			if (check) {
				const broken = await db.query<{reference: string; broken: string}>(check);
				const wrong = broken.filter((row) => Number(row.broken) > 0);
				if (wrong.length > 0) {
					const list = wrong.map((row) => `${Number(row.broken).toLocaleString('en-US')} rows break ${row.reference}`).join(', ');
					throw new SampleLoadError(script.table, `the generated rows have no parent: ${list}`);
				}
			}
			await onTable({table: script.table, rows: script.rows, ms: performance.now() - started});
		}
		await db.exec(sampleDataCleanup(design));
	} finally {
		if (bulk) await db.exec('RESET session_replication_role').catch(() => undefined);
	}
	return {bulk};
}

/**
 * Turns the per-row trigger checks off for this session when that changes nothing but speed: the
 * user may set session_replication_role, and no trigger but PostgreSQL's own foreign-key triggers
 * fires on INSERT into the tables loaded (a user's trigger could compute or refuse values).
 */
async function setTriggersAside(db: Database, design: Design): Promise<boolean> {
	if (design.tables.length === 0) return false;
	const [{inserting}] = (await db.query<{inserting: string}>(
		`SELECT count(*) AS inserting FROM pg_trigger
		WHERE NOT tgisinternal AND tgenabled <> 'D' AND (tgtype & 4) <> 0
			AND tgrelid IN (SELECT to_regclass(name) FROM unnest($1::text[]) AS name)`,
		[design.tables.map(quoteTable)],
	)) as [{inserting: string}];
	if (Number(inserting) > 0) return false;
	try {
		await db.exec('SET session_replication_role = replica');
		return true;
	} catch (error) {
		if (error instanceof ConnectionLostError) throw error;
		// Not a superuser (nor granted SET on it): the triggers check every row, as they always do.
		return false;
	}
}
