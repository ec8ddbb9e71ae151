/**
 * A PostgreSQL server behind the Database interface, through `pg`: each throwaway database is
 * created on the server for one run and dropped afterwards, so validation never touches the
 * user's own objects.
 */
import {randomBytes} from 'node:crypto';
import pg from 'pg';
import type {Database, DatabaseProvider, ExecOptions} from './database.js';

class ServerDatabase implements Database {
	private onNotice: ((message: string) => void) | undefined;

	constructor(
		private readonly client: pg.Client,
		private readonly dropDatabase: () => Promise<void>,
		readonly engine: string,
		readonly versionNumber: number,
	) {
		client.on('notice', (notice) => this.onNotice?.(notice.message ?? ''));
	}

	async exec(sql: string, options: ExecOptions = {}): Promise<void> {
		this.onNotice = options.onNotice;
		try {
			await this.client.query(sql);
		} finally {
			this.onNotice = undefined;
		}
	}

	async query<Row extends Record<string, unknown>>(sql: string, parameters: readonly unknown[] = []): Promise<Row[]> {
		const result = await this.client.query<Row>(sql, [...parameters]);
		return result.rows;
	}

	async close(): Promise<void> {
		await this.client.end().catch(() => undefined);
		await this.dropDatabase();
	}
}

/** The same connection string, pointing at another database. */
function withDatabase(connectionString: string, database: string): string {
	const url = new URL(connectionString);
	url.pathname = `/${encodeURIComponent(database)}`;
	return url.toString();
}

/**
 * Throwaway databases on a server. The connection string names a database to connect to for
 * CREATE DATABASE / DROP DATABASE (usually postgres).
 */
export function serverProvider(connectionString: string): DatabaseProvider {
	return {
		description: 'PostgreSQL server, throwaway database',
		async create(): Promise<Database> {
			const name = `pgd_validate_${randomBytes(6).toString('hex')}`;
			const admin = new pg.Client({connectionString});
			await admin.connect();
			try {
				await admin.query(`CREATE DATABASE ${name}`);
			} finally {
				await admin.end();
			}
			const drop = async () => {
				const dropper = new pg.Client({connectionString});
				await dropper.connect();
				try {
					await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
				} finally {
					await dropper.end();
				}
			};
			const client = new pg.Client({connectionString: withDatabase(connectionString, name)});
			try {
				await client.connect();
				const {rows} = await client.query<{version: string; number: string}>(
					`SELECT current_setting('server_version') AS version, current_setting('server_version_num') AS number`,
				);
				return new ServerDatabase(client, drop, `PostgreSQL ${rows[0]!.version.split(' ')[0]}`, Number(rows[0]!.number));
			} catch (error) {
				await client.end().catch(() => undefined);
				await drop();
				throw error;
			}
		},
	};
}
