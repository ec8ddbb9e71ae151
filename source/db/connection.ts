/**
 * Which PostgreSQL to use: --database-url, else the usual PG* variables, else the embedded one.
 * Errors of a server are turned into messages that say what to do; a password is never printed.
 */
import {UserError} from '../engine/errors.js';
import type {DatabaseProvider} from './database.js';
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

/** A server error as a message that says what to do. */
export function serverError(error: unknown, target: ServerTarget): UserError {
	const record = (error ?? {}) as {code?: string; message?: string};
	const code = record.code ?? '';
	const message = record.message ?? String(error);
	if (['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'ENOENT'].includes(code) || /timeout expired|Connection terminated/.test(message)) {
		return new UserError(`cannot reach the PostgreSQL server ${target.shown}: ${message}`, {hint: 'Is it running? Check the host and port in --database-url or PGHOST/PGPORT.'});
	}
	if (code === '28P01' || code === '28000') {
		return new UserError(`the server ${target.shown} refused the login: ${message}`, {hint: 'Check the user and password (in the URL or PGPASSWORD, never printed).'});
	}
	if (code === '42501') {
		return new UserError(`the user of ${target.shown} may not do this: ${message}`, {
			hint: 'Validation creates and drops a throwaway database: grant CREATEDB (ALTER ROLE ... CREATEDB) or use a user that has it.',
		});
	}
	if (code === '3D000') return new UserError(`the database in ${target.shown} does not exist: ${message}`, {hint: 'Name an existing database, usually postgres.'});
	if (code === '57014') return new UserError(`a statement ran past statement_timeout on ${target.shown}: ${message}`, {hint: 'Raise statement_timeout for this user, or use fewer --sample-rows.'});
	return new UserError(`${target.shown}: ${message}`);
}
