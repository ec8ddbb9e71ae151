/**
 * Which PostgreSQL to use: --database-url, else the usual PG* variables, else the embedded one.
 * Errors of a server are turned into messages that say what to do; a password is never printed.
 */
import {UserError} from '../engine/errors.js';
import {ConnectionLostError, type DatabaseProvider} from './database.js';
import {pgliteProvider} from './pglite.js';

/** A server to connect to, and how to show it to the user (without its password). */
export interface ServerTarget {
	/** A connection string, or undefined to let `pg` read PGHOST, PGUSER, PGPASSWORD... */
	readonly connectionString?: string;
	readonly shown: string;
}

/** A connection string with its password masked, for messages and logs. */
export function redact(connectionString: string): string {
	try {
		const url = new URL(connectionString);
		if (url.password) url.password = '***';
		for (const key of ['password', 'sslpassword']) if (url.searchParams.has(key)) url.searchParams.set(key, '***');
		return url.toString();
	} catch {
		return '(a connection string that is not a URL)';
	}
}

/** The server the options name, or undefined for the embedded database. */
export function serverTarget(databaseUrl: string | undefined, environment: NodeJS.ProcessEnv): ServerTarget | undefined {
	if (databaseUrl) {
		if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
			throw new UserError(`--database-url must be a postgresql:// URL, as in postgresql://user@localhost:5432/postgres; got ${redact(databaseUrl)}`);
		}
		return {connectionString: databaseUrl, shown: redact(databaseUrl)};
	}
	if (environment.PGHOST || environment.PGDATABASE || environment.PGPORT) {
		const shown = `${environment.PGUSER ?? environment.USER ?? 'postgres'}@${environment.PGHOST ?? 'localhost'}:${environment.PGPORT ?? '5432'}/${environment.PGDATABASE ?? environment.PGUSER ?? 'postgres'}`;
		return {shown: `postgresql://${shown} (from PG* variables)`};
	}
	return undefined;
}

/** The provider of throwaway databases for the options: a server, or the embedded PostgreSQL. */
export async function providerFor(
	databaseUrl: string | undefined,
	environment: NodeJS.ProcessEnv = process.env,
	options: {readonly schemaFallback?: boolean} = {},
): Promise<DatabaseProvider> {
	const target = serverTarget(databaseUrl, environment);
	if (!target) return pgliteProvider;
	const {serverProvider} = await import('./pg-server.js');
	return serverProvider(target, options);
}

/** Whether an error means the session with the server is gone (ended, restarted, network), not that one statement failed. */
export function isConnectionLoss(error: unknown): boolean {
	const record = (error ?? {}) as {code?: string; message?: string};
	const code = record.code ?? '';
	return (
		code.startsWith('08') ||
		['57P01', '57P02', '57P03', 'ECONNRESET', 'EPIPE'].includes(code) ||
		/Connection terminated|is not queryable|server closed the connection|terminating connection/i.test(record.message ?? '')
	);
}

/**
 * A server error as a message that says what to do. `during` is "connect" for an error while
 * logging in, "session" for one after: a connection that breaks then was lost, not refused.
 */
export function serverError(error: unknown, target: ServerTarget, during: 'connect' | 'session' = 'connect'): UserError {
	if (error instanceof UserError) return error;
	const record = (error ?? {}) as {code?: string; message?: string; detail?: string};
	const code = record.code ?? '';
	const message = (record.message ?? String(error)).replace(/\s*\n\s*/g, ' ');
	if (code === '57014') {
		if (/statement timeout/.test(message)) return new UserError(`a statement ran past statement_timeout on ${target.shown}: ${message}`, {hint: 'Raise statement_timeout for this user (ALTER ROLE ... SET statement_timeout), or use fewer --sample-rows.'});
		return new UserError(`a statement was canceled on ${target.shown}: ${message}`, {hint: 'Someone canceled it (pg_cancel_backend): run the command again.'});
	}
	if (during === 'session' && isConnectionLoss(error)) {
		return new ConnectionLostError(`lost the connection to the PostgreSQL server ${target.shown}: ${message}`, {
			hint: 'The session was ended (pg_terminate_backend, a restart or a network drop) before the work was done: run the command again once the server is back.',
		});
	}
	if (code === '57P03') return new UserError(`the server ${target.shown} does not accept connections now: ${message}`, {hint: 'It is starting up, shutting down or in recovery: wait and run the command again.'});
	if (['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'ENOENT'].includes(code) || /timeout expired|Connection terminated/.test(message)) {
		return new UserError(`cannot reach the PostgreSQL server ${target.shown}: ${message}`, {hint: 'Is it running? Check the host and port in --database-url or PGHOST/PGPORT.'});
	}
	if (code === '28P01' || code === '28000') {
		const hint = /not permitted to log in/.test(message)
			? 'The role exists but may not log in: ALTER ROLE ... LOGIN, or use a user that may.'
			: /role .* does not exist/.test(message)
				? 'No such user on that server: check the user name in the URL or PGUSER.'
				: 'Check the user and password (in the URL or PGPASSWORD, never printed).';
		return new UserError(`the server ${target.shown} refused the login: ${message}`, {hint});
	}
	if (code === '53300') {
		return new UserError(`the server ${target.shown} refused the login: ${message}`, {
			hint: 'The CONNECTION LIMIT of the user or the database (or max_connections) is reached: close other sessions, or raise it (ALTER ROLE ... CONNECTION LIMIT n).',
		});
	}
	if (code === '42501' && (/permission denied for database/.test(message) || /CONNECT privilege/.test(record.detail ?? ''))) {
		return new UserError(`the server ${target.shown} refused the login: ${message}${record.detail ? ` (${record.detail})` : ''}`, {
			hint: 'The user may not connect to that database: GRANT CONNECT ON DATABASE ... TO ..., or name a database it may connect to.',
		});
	}
	if (code === '42501') {
		return new UserError(`the user of ${target.shown} may not do this: ${message}`, {
			hint: 'Validation creates and drops a throwaway database: grant CREATEDB (ALTER ROLE ... CREATEDB) or use a user that has it.',
		});
	}
	if (code === '3D000') return new UserError(`the database in ${target.shown} does not exist: ${message}`, {hint: 'Name an existing database, usually postgres.'});
	return new UserError(`${target.shown}: ${message}`);
}
