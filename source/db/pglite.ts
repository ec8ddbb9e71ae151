/**
 * The embedded PostgreSQL (PGlite, PostgreSQL 18 in WebAssembly) behind the Database interface.
 *
 * initdb costs seconds and most of a gigabyte, so it runs once: the fresh data directory is
 * dumped as a gzip template, cached on disk (per PGlite version) and in memory, and every
 * throwaway database starts from it.
 */
import {mkdir, readFile, rename, writeFile} from 'node:fs/promises';
import {homedir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import type {Database, DatabaseProvider, ExecOptions} from './database.js';

type PGliteModule = typeof import('@electric-sql/pglite');
type PGliteInstance = InstanceType<PGliteModule['PGlite']>;

let templateInMemory: Promise<Blob> | undefined;

/** Where the template is cached: $PG_DESIGNER_CACHE_DIR, else $XDG_CACHE_HOME/pg-designer, else ~/.cache/pg-designer. */
export function cacheDirectory(): string {
	if (process.env.PG_DESIGNER_CACHE_DIR) return process.env.PG_DESIGNER_CACHE_DIR;
	const base = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
	return path.join(base, 'pg-designer');
}

async function loadModules() {
	const [core, citext, pgTrgm, btreeGin] = await Promise.all([
		import('@electric-sql/pglite'),
		import('@electric-sql/pglite/contrib/citext'),
		import('@electric-sql/pglite/contrib/pg_trgm'),
		import('@electric-sql/pglite/contrib/btree_gin'),
	]);
	return {PGlite: core.PGlite, extensions: {citext: citext.citext, pg_trgm: pgTrgm.pg_trgm, btree_gin: btreeGin.btree_gin}};
}

/** PGlite's version, from its package.json next to the resolved entry point: templates are per version. */
async function packageVersion(): Promise<string> {
	let directory = path.dirname(fileURLToPath(import.meta.resolve('@electric-sql/pglite')));
	for (let depth = 0; depth < 4; depth++, directory = path.dirname(directory)) {
		try {
			const manifest = JSON.parse(await readFile(path.join(directory, 'package.json'), 'utf8')) as {name?: string; version?: string};
			if (manifest.name === '@electric-sql/pglite' && manifest.version) return manifest.version;
		} catch {
			// Not here: look one level up.
		}
	}
	return 'unknown';
}

async function template(): Promise<Blob> {
	templateInMemory ??= (async () => {
		const file = path.join(cacheDirectory(), `pglite-${await packageVersion()}-template.tar.gz`);
		try {
			return new Blob([await readFile(file)]);
		} catch {
			// No cached template yet: make one.
		}
		const {PGlite, extensions} = await loadModules();
		const fresh = await PGlite.create({extensions});
		const dump = await fresh.dumpDataDir('gzip');
		await fresh.close();
		const bytes = Buffer.from(await dump.arrayBuffer());
		try {
			await mkdir(path.dirname(file), {recursive: true});
			const temporary = `${file}.${process.pid}.tmp`;
			await writeFile(temporary, bytes);
			await rename(temporary, file);
		} catch {
			// A cache that cannot be written only costs time on the next run.
		}
		return new Blob([bytes]);
	})();
	try {
		return await templateInMemory;
	} catch (error) {
		templateInMemory = undefined;
		throw error;
	}
}

class PGliteDatabase implements Database {
	constructor(
		private readonly db: PGliteInstance,
		readonly engine: string,
		readonly versionNumber: number,
	) {}

	async exec(sql: string, options: ExecOptions = {}): Promise<void> {
		await this.db.exec(sql, options.onNotice ? {onNotice: (notice) => options.onNotice!(notice.message ?? '')} : {});
	}

	async query<Row extends Record<string, unknown>>(sql: string, parameters: readonly unknown[] = []): Promise<Row[]> {
		const result = await this.db.query<Row>(sql, [...parameters]);
		return result.rows;
	}

	async close(): Promise<void> {
		if (!this.db.closed) await this.db.close();
	}
}

/** Throwaway embedded databases, each a fresh PGlite started from the cached template. */
export const pgliteProvider: DatabaseProvider = {
	description: 'embedded PostgreSQL (PGlite), throwaway database',
	async create(): Promise<Database> {
		const [{PGlite, extensions}, blob] = await Promise.all([loadModules(), template()]);
		const db = await PGlite.create({loadDataDir: blob, extensions});
		const [{version, number}] = (
			await db.query<{version: string; number: string}>(`SELECT current_setting('server_version') AS version, current_setting('server_version_num') AS number`)
		).rows as [{version: string; number: string}];
		return new PGliteDatabase(db, `PGlite (PostgreSQL ${version})`, Number(number));
	},
};
