/**
 * Splits SQL scripts into statements with the real PostgreSQL parser (libpg-query), so each one
 * can run on its own and a failure can name its line — PostgreSQL reports positions for syntax
 * errors only, not for a constraint violation in the tenth statement of a file.
 */
import {UserError} from '../engine/errors.js';

/** One statement of a script, with the 1-based line it starts on. */
export interface Statement {
	readonly text: string;
	readonly line: number;
}

type Parser = typeof import('libpg-query');
let parser: Promise<Parser> | undefined;

async function loadParser(): Promise<Parser> {
	parser ??= import('libpg-query').then(async (module) => {
		await module.loadModule();
		return module;
	});
	return parser;
}

/** One statement with its parse tree: `{CreateStmt: {...}}` and the like. */
export interface ParsedStatement extends Statement {
	readonly node: Readonly<Record<string, unknown>>;
	/** The comments between the previous statement and this one (where `-- squawk-ignore rule` lives). */
	readonly comments: string;
}

/** Splits a script; a syntax error is a UserError naming the file and line. */
export async function splitStatements(sql: string, file: string): Promise<Statement[]> {
	return (await parseStatements(sql, file)).map(({text, line}) => ({text, line}));
}

/** Splits a script and keeps each statement's parse tree. */
export async function parseStatements(sql: string, file: string): Promise<ParsedStatement[]> {
	const {parseSync} = await loadParser();
	let result: ReturnType<Parser['parseSync']>;
	try {
		result = parseSync(sql);
	} catch (error) {
		const position = (error as {sqlDetails?: {cursorPosition?: number}}).sqlDetails?.cursorPosition;
		const line = position !== undefined ? lineAt(sql, position) : undefined;
		throw new UserError(`${file}${line ? `, line ${line}` : ''}: ${(error as Error).message}`, {cause: error});
	}
	const bytes = Buffer.from(sql, 'utf8');
	let previousEnd = 0;
	// Lines are counted as the statements go by: the script is read once, not once per statement.
	let line = 1;
	return (result.stmts ?? []).map((statement) => {
		// Locations are byte offsets into the UTF-8 text; a statement after the first starts at its first token.
		const start = statement.stmt_location ?? 0;
		const end = statement.stmt_len ? start + statement.stmt_len : bytes.length;
		const between = bytes.subarray(previousEnd, start).toString('utf8');
		const raw = bytes.subarray(start, end).toString('utf8');
		const lead = /^(?:\s|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/.exec(raw)?.[0].length ?? 0;
		const first = line + newlines(between) + newlines(raw.slice(0, lead));
		line += newlines(between) + newlines(raw);
		previousEnd = end;
		return {
			text: raw.slice(lead),
			line: first,
			node: (statement.stmt ?? {}) as Readonly<Record<string, unknown>>,
			comments: between.replace(/^;/, '') + raw.slice(0, lead),
		};
	});
}

function newlines(text: string): number {
	let count = 0;
	for (let position = text.indexOf('\n'); position !== -1; position = text.indexOf('\n', position + 1)) count++;
	return count;
}

function lineAt(text: string, position: number): number {
	return text.slice(0, position).split('\n').length;
}

/**
 * Parses a script written for psql, such as pg_dump's output: its backslash meta-commands
 * (\connect, \restrict ...) belong to psql, not to SQL, so each line the parser stops at that
 * starts with a backslash is set aside and returned, and parsing goes on.
 */
export async function parsePsqlScript(sql: string, file: string): Promise<{statements: ParsedStatement[]; metaCommands: Statement[]}> {
	const lines = sql.split('\n');
	const metaCommands: Statement[] = [];
	for (;;) {
		try {
			return {statements: await parseStatements(lines.join('\n'), file), metaCommands};
		} catch (error) {
			// A 0-based offset in characters.
			const position = (error as {cause?: {sqlDetails?: {cursorPosition?: number}}}).cause?.sqlDetails?.cursorPosition ?? -1;
			const index = position >= 0 ? lineAt(lines.join('\n'), position) - 1 : -1;
			const line = lines[index];
			if (line === undefined || !line.trimStart().startsWith('\\')) throw error;
			metaCommands.push({text: line.trim(), line: index + 1});
			// Spaces keep every later line and offset where it was.
			lines[index] = ' '.repeat(line.length);
		}
	}
}
