/**
 * One interface for every PostgreSQL the tool talks to: the embedded PGlite by default, a server
 * through `pg` later. Validation only ever sees this interface and a throwaway database.
 */

import {UserError} from '../engine/errors.js';

/**
 * The session with the server ended mid-run (pg_terminate_backend, a restart, a network drop):
 * nothing more can be done on that connection, so callers that set failures aside and go on
 * (one statement after another) must stop at this one.
 */
export class ConnectionLostError extends UserError {}

/**
 * The error to report when closing a database failed after the work on it had failed already: the
 * work's error, with the close's (which names what was left behind and how to remove it) as a
 * last line, rather than one hiding the other.
 */
export function withCloseFailure(failure: unknown, closeFailure: unknown): unknown {
	const closing = closeFailure instanceof UserError ? `${closeFailure.message}${closeFailure.hint ? `: ${closeFailure.hint}` : ''}` : String((closeFailure as Error)?.message ?? closeFailure);
	if (failure instanceof UserError) {
		return new UserError(failure.message, {hint: [failure.hint, closing].filter(Boolean).join('\n  '), cause: failure});
	}
	if (failure instanceof Error) failure.message = `${failure.message}\n${closing}`;
	return failure;
}

/**
 * Runs work, then close whatever happened. A close that fails after the work failed is reported
 * with the work's error (withCloseFailure), never instead of it.
 */
export async function closingAfter<T>(close: () => Promise<void>, work: () => Promise<T>): Promise<T> {
	let result: T;
	try {
		result = await work();
	} catch (failure) {
		try {
			await close();
		} catch (closeFailure) {
			throw withCloseFailure(failure, closeFailure);
		}
		throw failure;
	}
	await close();
	return result;
}

/** A PostgreSQL error, with what the server said and where. */
export interface DatabaseErrorDetails {
	readonly message: string;
	readonly code?: string;
	readonly detail?: string;
	readonly hint?: string;
	/** 1-based character position in the statement text, when the server reports one. */
	readonly position?: number;
	readonly where?: string;
}

export interface ExecOptions {
	/** Receives each NOTICE the script raises. */
	readonly onNotice?: (message: string) => void;
}

/** A connection to a database that belongs to this run alone. */
export interface Database {
	/** "PGlite (PostgreSQL 18.1)", "PostgreSQL 15.20": for reports and plans.md. */
	readonly engine: string;
	/** server_version_num, e.g. 150020. */
	readonly versionNumber: number;
	/**
	 * What the run owns: a whole throwaway database, or (on a server where the user may not create
	 * databases) a throwaway schema inside one transaction that is rolled back at the end.
	 */
	readonly scope?: 'database' | 'schema';
	/** Runs a script of one or more statements through the simple protocol. */
	exec(sql: string, options?: ExecOptions): Promise<void>;
	/** Runs one statement with parameters and returns its rows. */
	query<Row extends Record<string, unknown>>(sql: string, parameters?: readonly unknown[]): Promise<Row[]>;
	/** Closes the connection and discards the throwaway database. */
	close(): Promise<void>;
}

/** Makes throwaway databases; each one starts empty. */
export interface DatabaseProvider {
	readonly description: string;
	create(): Promise<Database>;
}

/** Pulls the PostgreSQL fields out of an error thrown by a driver. */
export function databaseErrorDetails(error: unknown): DatabaseErrorDetails {
	const record = (error ?? {}) as Record<string, unknown>;
	const text = (key: string) => (typeof record[key] === 'string' && record[key] !== '' ? (record[key] as string) : undefined);
	const position = Number(record.position);
	return {
		message: error instanceof Error ? error.message : String(error),
		...(text('code') ? {code: text('code')} : {}),
		...(text('detail') ? {detail: text('detail')} : {}),
		...(text('hint') ? {hint: text('hint')} : {}),
		...(Number.isFinite(position) && position > 0 ? {position} : {}),
		...(text('where') ? {where: text('where')} : {}),
	};
}
