/**
 * A PostgreSQL server behind the Database interface, through `pg`: each throwaway database is
 * created on the server for one run and dropped afterwards, so validation never touches the
 * user's own objects.
 */
import {randomBytes} from 'node:crypto';
import pg from 'pg';
import {UserError} from '../engine/errors.js';
import {serverError, type ServerTarget} from './connection.js';
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
 * A connection to the target's own database, for reading it (lint, import, analyze): closing it
 * only disconnects; nothing is created or dropped.
 */
export async function connectTo(target: ServerTarget): Promise<Database> {
	const connection = client(target);
	try {
		await connection.connect();
		const {rows} = await connection.query<{version: string; number: string}>(`SELECT current_setting('server_version') AS version, current_setting('server_version_num') AS number`);
		return new ServerDatabase(connection, async () => undefined, `PostgreSQL ${rows[0]!.version.split(' ')[0]}`, Number(rows[0]!.number));
	} catch (error) {
		await connection.end().catch(() => undefined);
		throw serverError(error, target);
	}
}

/** Connects to the target's database, or with PG* variables when it has no connection string. */
function client(target: ServerTarget, database?: string): pg.Client {
	if (!target.connectionString) return new pg.Client(database ? {database} : {});
	return new pg.Client({connectionString: database ? withDatabase(target.connectionString, database) : target.connectionString});
}

/** The oldest server version validation supports (13): older ones lack what the designs use. */
export const OLDEST_SUPPORTED = 130_000;

/**
 * Throwaway databases on a server. The target names a database to connect to for CREATE DATABASE
 * and DROP DATABASE (usually postgres); each validation gets its own and drops it afterwards.
 */
export function serverProvider(target: ServerTarget): DatabaseProvider {
	return {
		description: `PostgreSQL server ${target.shown}, throwaway database`,
		async create(): Promise<Database> {
			const name = `pgd_validate_${randomBytes(6).toString('hex')}`;
			const admin = client(target);
			try {
				await admin.connect();
				const [{number}] = (await admin.query<{number: string}>(`SELECT current_setting('server_version_num') AS number`)).rows as [{number: string}];
				if (Number(number) < OLDEST_SUPPORTED) throw new UserError(`${target.shown} runs PostgreSQL ${Math.floor(Number(number) / 10_000)}; pg-designer validates on 13 or later.`);
				await admin.query(`CREATE DATABASE ${name}`);
			} catch (error) {
				throw error instanceof UserError ? error : serverError(error, target);
			} finally {
				await admin.end().catch(() => undefined);
			}
			const drop = async () => {
				const dropper = client(target);
				try {
					await dropper.connect();
					await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
				} catch (error) {
					throw new UserError(`could not drop the throwaway database ${name} on ${target.shown}: ${(error as Error).message}`, {hint: `Drop it by hand: DROP DATABASE ${name};`});
				} finally {
					await dropper.end().catch(() => undefined);
				}
			};
			const connection = client(target, name);
			try {
				await connection.connect();
				const {rows} = await connection.query<{version: string; number: string}>(
					`SELECT current_setting('server_version') AS version, current_setting('server_version_num') AS number`,
				);
				return new ServerDatabase(connection, drop, `PostgreSQL ${rows[0]!.version.split(' ')[0]}`, Number(rows[0]!.number));
			} catch (error) {
				await connection.end().catch(() => undefined);
				await drop();
				throw serverError(error, target);
			}
		},
	};
}
