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
	const parsed = await parseText(sql, 1);
	if ('error' in parsed) throw syntaxError(file, sql, parsed, 1);
	return parsed.statements;
}

interface ParseFailure {
	readonly error: Error;
	readonly message: string;
	/** 0-based offset in characters, when the parser gives one. */
	readonly position?: number;
}

/** Parses a piece of a script whose first line is `firstLine` of the whole. */
async function parseText(sql: string, firstLine: number): Promise<{statements: ParsedStatement[]} | ParseFailure> {
	const {parseSync} = await loadParser();
	let result: ReturnType<Parser['parseSync']>;
	try {
		result = parseSync(sql);
	} catch (error) {
		const position = (error as {sqlDetails?: {cursorPosition?: number}}).sqlDetails?.cursorPosition;
		return {error: error as Error, message: (error as Error).message, ...(position !== undefined ? {position} : {})};
	}
	const bytes = Buffer.from(sql, 'utf8');
	let previousEnd = 0;
	// Lines are counted as the statements go by: the script is read once, not once per statement.
	let line = firstLine;
	return {
		statements: (result.stmts ?? []).map((statement) => {
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
				node: slim((statement.stmt ?? {}) as Readonly<Record<string, unknown>>),
				comments: between.replace(/^;/, '') + raw.slice(0, lead),
			};
		}),
	};
}

/** Statements that only carry data keep no tree: a dump full of INSERTs would hold gigabytes of them. */
function slim(node: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
	const [type] = Object.keys(node);
	return type === 'InsertStmt' || type === 'CopyStmt' ? {[type]: {}} : node;
}

function syntaxError(file: string, sql: string, failure: ParseFailure, firstLine: number): UserError {
	const {position} = failure;
	const where = position !== undefined ? `, line ${firstLine - 1 + lineAt(sql, position)}, column ${position - sql.lastIndexOf('\n', position - 1)}` : '';
	return new UserError(`${file}${where}: ${failure.message}`, {cause: failure.error});
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
 * starts with a backslash is set aside and returned, and parsing goes on; so are the rows of
 * COPY ... FROM stdin. A large script is parsed in pieces cut after a line ending in `;` (a
 * piece cut inside a string or a function body is joined to the next), so memory stays bounded.
 */
export async function parsePsqlScript(sql: string, file: string): Promise<{statements: ParsedStatement[]; metaCommands: Statement[]}> {
	const nul = sql.indexOf('\u0000');
	if (nul !== -1) {
		throw new UserError(`${file}, line ${lineAt(sql, nul)}: a NUL byte: this is not a SQL script (a binary file, or a dump in pg_dump's custom format?)`, {
			hint: 'Give a plain SQL script; a custom-format dump becomes one with pg_restore --schema-only -f schema.sql dump.file.',
		});
	}
	const lines = sql.split('\n');
	const metaCommands: Statement[] = [];
	// The rows of COPY ... FROM stdin (a dump with data) end at a line \.: they are data for psql, not SQL.
	for (let index = 0; index < lines.length; index++) {
		if (!/^COPY\s.+\sFROM\s+stdin\b.*;\s*$/i.test(lines[index]!)) continue;
		const end = lines.findIndex((line, position) => position > index && line === '\\.');
		const last = end === -1 ? lines.length - 1 : end;
		metaCommands.push({text: `rows of ${lines[index]!.replace(/\s*;\s*$/, '')} (lines ${index + 2}-${last + 1})`, line: index + 2});
		for (let row = index + 1; row <= last; row++) lines[row] = '';
		index = last;
	}
	const statements: ParsedStatement[] = [];
	let start = 0;
	while (start < lines.length) {
		let end = cutAfter(lines, start);
		for (;;) {
			const text = lines.slice(start, end).join('\n');
			const parsed = await parseText(text, start + 1);
			if (!('error' in parsed)) {
				statements.push(...parsed.statements);
				break;
			}
			const index = parsed.position !== undefined ? start + lineAt(text, parsed.position) - 1 : -1;
			const line = lines[index];
			if (line !== undefined && line.trimStart().startsWith('\\')) {
				metaCommands.push({text: line.trim(), line: index + 1});
				lines[index] = '';
			} else if (end < lines.length && /unterminated|at end of input/.test(parsed.message)) {
				end = cutAfter(lines, end);
			} else {
				throw syntaxError(file, text, parsed, start + 1);
			}
		}
		start = end;
	}
	return {statements, metaCommands: metaCommands.sort((a, b) => a.line - b.line)};
}

/** About this many characters are parsed at once. */
const PIECE = 1 << 20;

/** The end (exclusive line index) of a piece starting at `start`: past PIECE characters, after a line ending in `;`. */
function cutAfter(lines: readonly string[], start: number): number {
	let size = 0;
	for (let index = start; index < lines.length; index++) {
		size += lines[index]!.length + 1;
		if (size >= PIECE && /;\s*$/.test(lines[index]!)) return index + 1;
	}
	return lines.length;
}
