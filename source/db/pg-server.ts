/**
 * A PostgreSQL server behind the Database interface, through `pg`: each throwaway database is
 * created on the server for one run and dropped afterwards, so validation never touches the
 * user's own objects.
 */
import {randomBytes} from 'node:crypto';
import pg from 'pg';
import {UserError} from '../engine/errors.js';
import {isConnectionLoss, serverError, type ServerTarget} from './connection.js';
import {withCloseFailure, type Database, type DatabaseProvider, type ExecOptions} from './database.js';
import {quoteIdent} from '../engine/sql.js';
import {parseStatements, type ParsedStatement} from './statements.js';

/**
 * A pg client whose NOTICEs reach the exec() that raised them, and whose lost session (ended by
 * pg_terminate_backend, a restart or the network) or statement_timeout becomes a message naming
 * the server and what to do, not a driver error.
 */
abstract class NoticingClient {
	private onNotice: ((message: string) => void) | undefined;
	/** Why the session ended, when it ended while no statement ran (the driver says only "not queryable" after). */
	private lost: unknown;

	constructor(
		protected readonly client: pg.Client,
		protected readonly target: ServerTarget,
	) {
		client.on('notice', (notice) => this.onNotice?.(notice.message ?? ''));
		client.on('error', (error) => {
			this.lost ??= error;
		});
	}

	protected async noticing(options: ExecOptions, work: () => Promise<void>): Promise<void> {
		this.onNotice = options.onNotice;
		try {
			await this.talking(work);
		} finally {
			this.onNotice = undefined;
		}
	}

	/** Runs work on the connection; a lost session or a statement timeout is reported as such. */
	protected async talking<T>(work: () => Promise<T>): Promise<T> {
		try {
			return await work();
		} catch (error) {
			if (this.lost !== undefined || isConnectionLoss(error)) throw serverError(this.lost ?? error, this.target, 'session');
			if ((error as {code?: string}).code === '57014') throw serverError(error, this.target, 'session');
			throw error;
		}
	}
}

class ServerDatabase extends NoticingClient implements Database {
	constructor(
		client: pg.Client,
		target: ServerTarget,
		private readonly dropDatabase: () => Promise<void>,
		readonly engine: string,
		readonly versionNumber: number,
	) {
		super(client, target);
	}

	async exec(sql: string, options: ExecOptions = {}): Promise<void> {
		await this.noticing(options, async () => {
			await this.client.query(sql);
		});
	}

	async query<Row extends Record<string, unknown>>(sql: string, parameters: readonly unknown[] = []): Promise<Row[]> {
		const result = await this.talking(() => this.client.query<Row>(sql, [...parameters]));
		return result.rows;
	}

	async close(): Promise<void> {
		await this.client.end().catch(() => undefined);
		await this.dropDatabase();
	}
}

/**
 * A throwaway schema in one transaction on the user's own database, for users who may not create
 * databases. Nothing outlives close(), which rolls the transaction back. The scripts' own
 * transaction control becomes savepoints, every statement runs under a savepoint of its own so a
 * failing one leaves the transaction usable, and VACUUM (impossible in a transaction) becomes
 * ANALYZE.
 */
class SchemaDatabase extends NoticingClient implements Database {
	readonly scope = 'schema';
	private depth = 0;

	constructor(
		client: pg.Client,
		target: ServerTarget,
		private readonly searchPath: string,
		readonly engine: string,
		readonly versionNumber: number,
	) {
		super(client, target);
	}

	async exec(sql: string, options: ExecOptions = {}): Promise<void> {
		await this.noticing(options, async () => {
			for (const statement of await parseStatements(sql, 'statement')) await this.statement(statement);
		});
	}

	private async statement(statement: ParsedStatement): Promise<void> {
		const transaction = statement.node['TransactionStmt'] as {kind?: string} | undefined;
		if (transaction) return this.transaction(transaction.kind ?? '');
		const vacuum = statement.node['VacuumStmt'] as {is_vacuumcmd?: boolean; options?: unknown[]} | undefined;
		const text = vacuum?.is_vacuumcmd ? (JSON.stringify(vacuum.options ?? []).includes('"analyze"') ? 'ANALYZE' : undefined) : statement.text;
		if (text === undefined) return;
		await this.guarded(() => this.client.query(`SAVEPOINT pgd_statement;\n${text};\nRELEASE SAVEPOINT pgd_statement;\nSET LOCAL search_path TO ${this.searchPath}`));
	}

	private async transaction(kind: string): Promise<void> {
		if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') {
			this.depth++;
			await this.client.query(`SAVEPOINT pgd_transaction_${this.depth}`);
		} else if (kind === 'TRANS_STMT_COMMIT' && this.depth > 0) {
			await this.client.query(`RELEASE SAVEPOINT pgd_transaction_${this.depth}`);
			this.depth--;
		} else if (kind === 'TRANS_STMT_ROLLBACK' && this.depth > 0) {
			await this.client.query(`ROLLBACK TO SAVEPOINT pgd_transaction_${this.depth}; RELEASE SAVEPOINT pgd_transaction_${this.depth}`);
			this.depth--;
		}
	}

	private async guarded<T>(work: () => Promise<T>): Promise<T> {
		try {
			return await work();
		} catch (error) {
			await this.client.query('ROLLBACK TO SAVEPOINT pgd_statement; RELEASE SAVEPOINT pgd_statement').catch(() => undefined);
			throw error;
		}
	}

	async query<Row extends Record<string, unknown>>(sql: string, parameters: readonly unknown[] = []): Promise<Row[]> {
		return this.talking(async () => {
			await this.client.query('SAVEPOINT pgd_statement');
			const result = await this.guarded(() => this.client.query<Row>(sql, [...parameters]));
			await this.client.query('RELEASE SAVEPOINT pgd_statement');
			return result.rows;
		});
	}

	async close(): Promise<void> {
		await this.client.query('ROLLBACK').catch(() => undefined);
		await this.client.end().catch(() => undefined);
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
		return new ServerDatabase(connection, target, async () => undefined, `PostgreSQL ${rows[0]!.version.split(' ')[0]}`, Number(rows[0]!.number));
	} catch (error) {
		await connection.end().catch(() => undefined);
		throw serverError(error, target);
	}
}

/** Connects to the target's database, or with PG* variables when it has no connection string. */
function client(target: ServerTarget, database?: string): pg.Client {
	const connection = !target.connectionString
		? new pg.Client(database ? {database} : {})
		: new pg.Client({connectionString: database ? withDatabase(target.connectionString, database) : target.connectionString});
	// A session that ends while idle is an 'error' event, which would crash the process unheard: the next statement reports it.
	connection.on('error', () => undefined);
	return connection;
}

/**
 * Creating and dropping the throwaway database is the run's own housekeeping: a statement_timeout
 * set for the application's queries (ALTER ROLE ... SET, PGOPTIONS) must not leave one behind.
 */
const HOUSEKEEPING = 'SET statement_timeout = 0';

/** The oldest server version validation supports (13): older ones lack what the designs use. */
export const OLDEST_SUPPORTED = 130_000;

/**
 * Throwaway databases on a server. The target names a database to connect to for CREATE DATABASE
 * and DROP DATABASE (usually postgres); each validation gets its own and drops it afterwards.
 */
export function serverProvider(target: ServerTarget, options: {readonly schemaFallback?: boolean} = {}): DatabaseProvider {
	return {
		description: `PostgreSQL server ${target.shown}, throwaway database`,
		async create(): Promise<Database> {
			const name = `pgd_validate_${randomBytes(6).toString('hex')}`;
			const drop = async () => {
				const dropper = client(target);
				try {
					await dropper.connect();
					await dropper.query(HOUSEKEEPING);
					await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
				} catch (error) {
					const reason = serverError(error, target).message;
					throw new UserError(`the throwaway database ${name} is left on ${target.shown}, as it could not be dropped (${reason})`, {hint: `Drop it by hand: DROP DATABASE ${name};`});
				} finally {
					await dropper.end().catch(() => undefined);
				}
			};
			/** Drops the database after a failure, and fails with the failure (and with the drop's, when that fails too). */
			const dropAndFail = async (failure: UserError): Promise<never> => {
				try {
					await drop();
				} catch (dropFailure) {
					throw withCloseFailure(failure, dropFailure);
				}
				throw failure;
			};
			const admin = client(target);
			try {
				await admin.connect();
			} catch (error) {
				await admin.end().catch(() => undefined);
				throw serverError(error, target);
			}
			let mayNotCreate = false;
			let sent = false;
			try {
				await admin.query(HOUSEKEEPING);
				const [{number}] = (await admin.query<{number: string}>(`SELECT current_setting('server_version_num') AS number`)).rows as [{number: string}];
				if (Number(number) < OLDEST_SUPPORTED) throw new UserError(`${target.shown} runs PostgreSQL ${Math.floor(Number(number) / 10_000)}; pg-designer validates on 13 or later.`);
				sent = true;
				await admin.query(`CREATE DATABASE ${name}`);
			} catch (error) {
				mayNotCreate = options.schemaFallback === true && (error as {code?: string}).code === '42501';
				if (!mayNotCreate) {
					const failure = serverError(error, target, 'session');
					// The session may have ended after the database was made, before the answer came.
					if (sent && isConnectionLoss(error)) await dropAndFail(failure);
					throw failure;
				}
			} finally {
				await admin.end().catch(() => undefined);
			}
			if (mayNotCreate) return throwawaySchema(target, name);
			const connection = client(target, name);
			try {
				await connection.connect();
			} catch (error) {
				await connection.end().catch(() => undefined);
				return dropAndFail(serverError(error, target));
			}
			try {
				const {rows} = await connection.query<{version: string; number: string}>(
					`SELECT current_setting('server_version') AS version, current_setting('server_version_num') AS number`,
				);
				return new ServerDatabase(connection, target, drop, `PostgreSQL ${rows[0]!.version.split(' ')[0]}`, Number(rows[0]!.number));
			} catch (error) {
				await connection.end().catch(() => undefined);
				return dropAndFail(serverError(error, target, 'session'));
			}
		},
	};
}

/** The fallback without CREATEDB: a schema of the target database, in a transaction rolled back at close. */
async function throwawaySchema(target: ServerTarget, name: string): Promise<Database> {
	const connection = client(target);
	try {
		await connection.connect();
	} catch (error) {
		await connection.end().catch(() => undefined);
		throw serverError(error, target);
	}
	try {
		const {rows} = await connection.query<{version: string; number: string; creates: boolean; extensions: string[]}>(
			`SELECT current_setting('server_version') AS version, current_setting('server_version_num') AS number,
				has_database_privilege(current_database(), 'CREATE') AS creates,
				array(SELECT DISTINCT quote_ident(extnamespace::regnamespace::text) FROM pg_extension WHERE extname <> 'plpgsql') AS extensions`,
		);
		const facts = rows[0]!;
		if (!facts.creates) {
			throw new UserError(`the user of ${target.shown} may neither create a database nor a schema there, so there is nowhere to validate`, {
				hint: 'Grant CREATEDB (ALTER ROLE ... CREATEDB), or CREATE on the database (GRANT CREATE ON DATABASE ... TO ...), or validate on the embedded PostgreSQL.',
			});
		}
		// Objects of installed extensions stay reachable; everything the run creates goes to its own schema.
		const searchPath = [quoteIdent(name), ...facts.extensions.filter((schema) => schema !== quoteIdent(name))].join(', ');
		await connection.query(`BEGIN; CREATE SCHEMA ${quoteIdent(name)}; SET LOCAL search_path TO ${searchPath}`);
		return new SchemaDatabase(connection, target, searchPath, `PostgreSQL ${facts.version.split(' ')[0]} (throwaway schema, rolled back)`, Number(facts.number));
	} catch (error) {
		await connection.end().catch(() => undefined);
		throw serverError(error, target, 'session');
	}
}
