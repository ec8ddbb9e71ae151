/**
 * One interface for every PostgreSQL the tool talks to: the embedded PGlite by default, a server
 * through `pg` later. Validation only ever sees this interface and a throwaway database.
 */

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
