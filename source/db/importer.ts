/**
 * `import`: an existing schema becomes a session. The script is parsed with the PostgreSQL parser
 * and sorted (import-plan.ts), run statement by statement in a throwaway database, and the plain
 * tables are read back from the catalog into the Design model; what the model does not represent
 * is kept verbatim, and the down migration learns from the catalog how to remove it.
 */
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {UserError} from '../engine/errors.js';
import {SESSION_VERSION, type ImportedVerbatim, type SessionInput, type VerbatimStatement} from '../model/session.js';
import {applyStatements} from './apply-script.js';
import {closingAfter, type Database, type DatabaseProvider} from './database.js';
import {planImport, type SortedStatement} from './import-plan.js';
import {introspect, notExtensionMember, USER_NAMESPACE} from './introspect.js';
import {parsePsqlScript, type Statement} from './statements.js';

export interface ImportResult {
	readonly session: SessionInput;
	/** Every statement of the script with where it went. */
	readonly statements: readonly SortedStatement[];
	readonly engine: string;
	/** What the live database added to the dump, for the report. */
	readonly live?: {readonly invalidIndexes: readonly string[]; readonly sequencePositions: number};
}

export interface ImportOptions {
	/** Where the schema came from, for messages and the session: a file name or a redacted URL. */
	readonly source: string;
	readonly projectName: string;
}

/**
 * The live database a script was dumped from: its catalog is read as it is (read-only), so the
 * dump need not be replayed first, and with it what a dump cannot hold (INVALID indexes, sequence
 * positions).
 */
export interface LiveDatabase {
	readonly live: Database;
}

/**
 * Turns a schema script into a session, proving every statement on a throwaway database of the
 * provider first, or reading the live database it came from.
 */
export async function importSchema(sql: string, target: DatabaseProvider | LiveDatabase, options: ImportOptions): Promise<ImportResult> {
	const live = 'live' in target ? target.live : undefined;
	const {statements, metaCommands} = await parsePsqlScript(sql, options.source).catch((error: unknown) => {
		const hint = versionHint(sql, PARSER_VERSION);
		throw hint && error instanceof UserError ? new UserError(error.message, {hint, cause: error}) : error;
	});
	const plan = planImport(statements);
	if (plan.modelTables.size === 0 && !plan.statements.some((statement) => statement.placement !== 'ignored')) {
		throw new UserError(`import: ${options.source} creates nothing: no table, type or function`, {hint: 'Import a schema script, such as the output of pg_dump --schema-only.'});
	}
	const db = live ?? (await (target as DatabaseProvider).create());
	// The throwaway database goes whatever happened; when it cannot, the error says so too.
	return closingAfter(
		() => (live ? Promise.resolve() : db.close()),
		async () => {
			const failures = live
				? []
				: (await applyStatements(db, plan.statements.filter((statement) => statement.apply))).map(
						({statement, message}) => `line ${statement.line}: ${firstLine(statement.text)}\n    ${message}`,
					);
			if (failures.length > 0) {
				const shown = failures.slice(0, 10).join('\n  ');
				throw new UserError(
					`import: ${failures.length} statement${failures.length === 1 ? '' : 's'} of ${options.source} failed on ${db.engine}; nothing was written:\n  ${shown}${failures.length > 10 ? `\n  ... and ${failures.length - 10} more` : ''}`,
					{hint: versionHint(sql, db.versionNumber) ?? 'Fix the script (or import with --database-url on the server it was written for: a missing extension is the usual cause).'},
				);
			}
			const design = await introspect(db, {tables: plan.modelTables, catalog: live ? 'live' : 'schema'});
			const verbatim = await verbatimOf(db, plan.statements, plan.modelTables);
			const stripped = design.tables.map(({imported: _, ...table}) => table);
			const catalog = design.catalog!;
			const session = {
				version: SESSION_VERSION,
				project: {name: options.projectName, description: `Imported from ${options.source}.`},
				imported: {source: options.source, tables: stripped, indexes: [...design.indexes], triggers: [...design.triggers], policies: [...design.policies], verbatim, catalog},
				wizard: {step: 'review-schema'},
			} as unknown as SessionInput;
			const meta = metaCommands.map((command: Statement): SortedStatement => ({
				...command,
				kind: command.text.startsWith('rows of COPY') ? 'data' : 'psql meta-command',
				placement: 'ignored',
				reason: command.text.startsWith('rows of COPY') ? 'data and queries are not part of the schema' : 'a psql meta-command, not SQL',
				apply: false,
				idempotent: true,
			}));
			return {
				session,
				statements: [...meta, ...plan.statements].sort((a, b) => a.line - b.line),
				engine: db.engine,
				...(catalog.live
					? {
							live: {
								invalidIndexes: design.indexes.filter((index) => index.invalid).map((index) => `${index.name} on ${index.table}`),
								sequencePositions: catalog.sequences.filter((sequence) => sequence.lastValue !== undefined).length,
							},
						}
					: {}),
			};
		},
	);
}

async function verbatimOf(db: Database, statements: readonly SortedStatement[], modelTables: ReadonlySet<string>): Promise<ImportedVerbatim> {
	const keep = (placement: SortedStatement['placement']): VerbatimStatement[] =>
		statements
			.filter((statement) => statement.placement === placement)
			.map((statement) => ({sql: statement.text, line: statement.line, kind: statement.kind, idempotent: statement.idempotent}));
	const names = [...modelTables];
	const relations = await db.query<{sql: string; guard: string | null}>(
		`SELECT format('DROP %s IF EXISTS %s CASCADE;', CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, c.oid::regclass) AS sql,
			CASE WHEN c.relkind IN ('r', 'p') THEN quote_ident(n.nspname) || '.' || quote_ident(c.relname) END AS guard
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE ${USER_NAMESPACE} AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition AND ${notExtensionMember('pg_class', 'c.oid')}
			AND NOT (CASE WHEN n.nspname = 'public' THEN c.relname ELSE n.nspname || '.' || c.relname END) = ANY($1::text[])
		ORDER BY c.relkind IN ('v', 'm') DESC, c.oid DESC`,
		[names],
	);
	const rowTypeFunctions = `EXISTS (SELECT FROM pg_depend d JOIN pg_type t ON t.oid = d.refobjid JOIN pg_class k ON k.oid = t.typrelid
		WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.refclassid = 'pg_type'::regclass AND k.relkind IN ('r', 'p', 'v', 'm', 'f'))`;
	const functions = (early: boolean) => `SELECT 1 AS rank, -p.oid::bigint AS position,
			format('DROP %s IF EXISTS %I.%I(%s) CASCADE;', CASE p.prokind WHEN 'a' THEN 'AGGREGATE' WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END,
				n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) AS sql
			FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
			WHERE ${USER_NAMESPACE} AND ${notExtensionMember('pg_proc', 'p.oid')} AND ${early ? '' : 'NOT '}${rowTypeFunctions}`;
	// A function taking or returning a table's row type goes with the table.
	const first = await db.query<{sql: string}>(`${functions(true)} ORDER BY position`);
	const last = await db.query<{sql: string}>(
		`SELECT sql FROM (
			${functions(false)}
			UNION ALL
			SELECT 2, -t.oid::bigint, format('DROP %s IF EXISTS %s CASCADE;', CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, t.oid::regtype)
			FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
			WHERE ${USER_NAMESPACE} AND ${notExtensionMember('pg_type', 't.oid')} AND t.typtype IN ('e', 'd', 'r', 'c')
				AND (t.typtype <> 'c' OR EXISTS (SELECT FROM pg_class k WHERE k.oid = t.typrelid AND k.relkind = 'c'))
			UNION ALL
			SELECT 3, -c.oid::bigint, format('DROP SEQUENCE IF EXISTS %s CASCADE;', c.oid::regclass)
			FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE ${USER_NAMESPACE} AND c.relkind = 'S' AND ${notExtensionMember('pg_class', 'c.oid')}
				AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'i')
			UNION ALL
			SELECT 4, -n.oid::bigint, format('DROP SCHEMA IF EXISTS %I CASCADE;', n.nspname)
			FROM pg_namespace n WHERE ${USER_NAMESPACE} AND n.nspname <> 'public' AND ${notExtensionMember('pg_namespace', 'n.oid')}
			UNION ALL
			SELECT 5, -e.oid::bigint, format('DROP EXTENSION IF EXISTS %I CASCADE;', e.extname) FROM pg_extension e WHERE e.extname <> 'plpgsql'
		) AS drops ORDER BY rank, position`,
	);
	return {
		before: keep('before'),
		after: keep('after'),
		afterIndexes: keep('after-indexes'),
		dropFirst: [...first.map((row) => row.sql), ...relations.flatMap((row) => (row.sql.startsWith('DROP TABLE') ? ['-- squawk-ignore ban-drop-table', row.sql] : [row.sql]))],
		dropLast: last.map((row) => row.sql),
		tables: relations.flatMap((row) => (row.guard ? [row.guard] : [])),
	};
}

/** The parser reads the SQL of PostgreSQL 18 (libpg-query 18). */
const PARSER_VERSION = 180000;

/**
 * When the script says it was dumped from a server newer than the one that read it (pg_dump's
 * header), the likely cause of a failure, and what to do.
 */
export function versionHint(sql: string, versionNumber: number): string | undefined {
	const match = /^-- Dumped from database version (\d+)(?:\.(\d+))?/m.exec(sql.slice(0, 4096));
	if (!match) return undefined;
	const major = Number(match[1]);
	const ours = Math.floor(versionNumber / 10_000);
	if (major <= ours) return undefined;
	return `The script was dumped from PostgreSQL ${match[1]}${match[2] ? `.${match[2]}` : ''}, newer than the PostgreSQL ${ours} that read it: it may use what ${ours} does not have. Import it with --database-url on a server of version ${major} or later.`;
}

function firstLine(text: string): string {
	const line = text.split('\n')[0] ?? '';
	return line.length > 100 ? `${line.slice(0, 97)}...` : line;
}

const GENERIC_NAMES = new Set(['dump', 'schema', 'structure', 'db', 'init', 'database', 'ddl']);

/** A project name from a file name: lower-case letters, digits, - and _. */
export function projectNameFrom(file: string): string {
	const parts = file.split(/[\\/]/).filter(Boolean);
	const stem = (parts.at(-1) ?? '').replace(/\.sql$/i, '');
	// dump.sql, schema.sql, structure.sql say less than the folder they are in.
	const base = GENERIC_NAMES.has(stem.toLowerCase()) && parts.length > 1 ? parts.at(-2)! : stem;
	const name = base
		.toLowerCase()
		.replace(/[^a-z0-9_-]+/g, '-')
		.replace(/^[^a-z]+/, '')
		.slice(0, 40)
		.replace(/-+$/, '');
	return name || 'imported';
}

const run = promisify(execFile);

/**
 * What pg_dump said, as a message in the words of the other commands (a refused login, a lost
 * session) and what to do about it. `fatal` is the server's FATAL message, when there is one.
 */
function pgDumpFailure(said: string, shown: string): UserError {
	const fatal = /FATAL:\s+([^\n]+)/.exec(said)?.[1]?.trim();
	const oneLine = said.replace(/\s*\n\s*/g, ' ');
	const refused = (hint: string) => new UserError(`import: pg_dump: the server ${shown} refused the login: ${fatal ?? oneLine}`, {hint});
	if (/terminating connection|server closed the connection|connection to server was lost/i.test(said)) {
		return new UserError(`import: pg_dump lost the connection to the PostgreSQL server ${shown}: ${fatal ?? oneLine}`, {
			hint: 'The session was ended (pg_terminate_backend, a restart or a network drop) before the dump was done: run the command again once the server is back.',
		});
	}
	if (/not permitted to log in/.test(said)) return refused('The role exists but may not log in: ALTER ROLE ... LOGIN, or use a user that may.');
	if (/role .* does not exist/.test(said)) return refused('No such user on that server: check the user name in the URL or PGUSER.');
	if (/too many connections/.test(said)) return refused('The CONNECTION LIMIT of the user or the database (or max_connections) is reached: close other sessions, or raise it (ALTER ROLE ... CONNECTION LIMIT n).');
	if (/CONNECT privilege|permission denied for database/.test(said)) return refused('The user may not connect to that database: GRANT CONNECT ON DATABASE ... TO ..., or name a database it may connect to.');
	if (/password authentication failed/.test(said)) return refused('Check the user and password (in the URL or PGPASSWORD, never printed).');
	if (/statement timeout/.test(said)) return new UserError(`import: pg_dump could not read ${shown}: ${oneLine}`, {hint: 'Raise statement_timeout for this user (ALTER ROLE ... SET statement_timeout) and run the command again.'});
	return new UserError(`import: pg_dump could not read ${shown}: ${oneLine}`, {hint: 'Check the URL; pg_dump must be as new as the server.'});
}

/** The schema of a live database, as pg_dump --schema-only prints it (owners and privileges left out). */
export async function dumpSchema(connectionString: string | undefined, shown: string): Promise<string> {
	const args = ['--schema-only', '--no-owner', '--no-privileges', ...(connectionString ? [`--dbname=${connectionString}`] : [])];
	try {
		const {stdout} = await run('pg_dump', args, {maxBuffer: 512 * 1024 * 1024, env: process.env});
		return stdout;
	} catch (error) {
		const record = error as {code?: string; stderr?: string; message?: string};
		if (record.code === 'ENOENT') {
			throw new UserError('import --database-url needs pg_dump, which is not installed', {hint: 'Install the PostgreSQL client (apt install postgresql-client), or import a pg_dump -s file.'});
		}
		const said = (record.stderr ?? record.message ?? '').replaceAll(connectionString ?? '\u0000', shown).trim();
		throw pgDumpFailure(said, shown);
	}
}
