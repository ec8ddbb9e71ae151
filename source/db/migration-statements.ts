/**
 * A migration file as the migration lint sees it: every statement parsed by the PostgreSQL
 * parser, the ones inside DO blocks (the guards that make a migration safe to repeat) unwrapped
 * through the PL/pgSQL parser, each with its line, whether it runs in a transaction, and the rules
 * a `-- squawk-ignore` comment above it switches off.
 */
import {lintMigration, type MigrationFinding, type MigrationStatement} from '../engine/migration-lint.js';
import {parseStatements, type ParsedStatement} from './statements.js';

type Parser = typeof import('libpg-query');

/** Parses a migration file into the statements the rules check. */
export async function migrationStatements(sql: string, file: string): Promise<MigrationStatement[]> {
	const parser = await import('libpg-query');
	await parser.loadModule();
	const result: MigrationStatement[] = [];
	let inTransaction = false;
	for (const statement of await parseStatements(sql, file)) {
		const ignored = ignoredRules(statement.comments);
		const transaction = (statement.node['TransactionStmt'] as {kind?: string} | undefined)?.kind;
		if (transaction === 'TRANS_STMT_BEGIN' || transaction === 'TRANS_STMT_START') inTransaction = true;
		if (transaction === 'TRANS_STMT_COMMIT' || transaction === 'TRANS_STMT_ROLLBACK') inTransaction = false;
		const body = doBody(statement);
		if (body === undefined) {
			result.push({line: statement.line, text: statement.text, node: statement.node, guarded: false, inTransaction, ignored});
			continue;
		}
		for (const inner of innerStatements(parser, body)) {
			for (const parsed of await parseStatements(inner.sql, file).catch(() => [])) {
				result.push({line: statement.line + inner.line - 1, text: parsed.text, node: parsed.node, guarded: inner.guarded, inTransaction, ignored});
			}
		}
	}
	return result;
}

/** Lints a migration file. */
export async function lintMigrationFile(sql: string, file: string): Promise<MigrationFinding[]> {
	return lintMigration(await migrationStatements(sql, file));
}

function ignoredRules(comments: string): string[] {
	return [...comments.matchAll(/--\s*squawk-ignore\s+([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/g)].flatMap((match) => match[1]!.split(',').map((rule) => rule.trim()));
}

/** The PL/pgSQL source of a DO statement, or undefined for any other statement. */
function doBody(statement: ParsedStatement): string | undefined {
	const args = (statement.node['DoStmt'] as {args?: {DefElem?: {defname?: string; arg?: {String?: {sval?: string}}}}[]} | undefined)?.args;
	return args?.find((arg) => arg.DefElem?.defname === 'as')?.DefElem?.arg?.String?.sval;
}

interface InnerStatement {
	readonly sql: string;
	/** 1-based line inside the body. */
	readonly line: number;
	/** Under an IF: it runs only when the condition holds. */
	readonly guarded: boolean;
}

/** The SQL statements a DO body runs directly (not those it builds as strings for EXECUTE). */
function innerStatements(parser: Parser, body: string): InnerStatement[] {
	let tree: unknown;
	try {
		tree = parser.parsePlPgSQLSync(`CREATE FUNCTION pg_designer_lint() RETURNS void LANGUAGE plpgsql AS ${dollar(body)}`);
	} catch {
		return [];
	}
	const found: InnerStatement[] = [];
	const visit = (value: unknown, guarded: boolean): void => {
		if (Array.isArray(value)) {
			for (const item of value) visit(item, guarded);
			return;
		}
		if (!value || typeof value !== 'object') return;
		const record = value as Record<string, unknown>;
		const execsql = record['PLpgSQL_stmt_execsql'] as {lineno?: number; sqlstmt?: {PLpgSQL_expr?: {query?: string}}} | undefined;
		if (execsql?.sqlstmt?.PLpgSQL_expr?.query) {
			found.push({sql: execsql.sqlstmt.PLpgSQL_expr.query, line: execsql.lineno ?? 1, guarded});
			return;
		}
		const conditional = 'PLpgSQL_stmt_if' in record;
		for (const [key, child] of Object.entries(record)) visit(child, guarded || conditional || key === 'exceptions');
	};
	visit(tree, false);
	return found;
}

function dollar(body: string): string {
	let tag = 'pgd';
	while (body.includes(`$${tag}$`)) tag += 'x';
	return `$${tag}$${body}$${tag}$`;
}
