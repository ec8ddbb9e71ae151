/**
 * Migration lint: the rules a reviewer applies to a migration that will run on a live, busy
 * database (the Squawk family), over parse trees. Pure: the statements come parsed, with the ones
 * inside DO blocks already unwrapped and marked as guarded (source/db/migration-statements.ts).
 *
 * A statement is exempt from a rule when a comment right above it says `-- squawk-ignore <rule>`,
 * as Squawk reads it, so one line serves both tools.
 */

/** One statement of a migration file, as the rules see it. */
export interface MigrationStatement {
	readonly line: number;
	readonly text: string;
	/** `{AlterTableStmt: {...}}` and the like. */
	readonly node: Readonly<Record<string, unknown>>;
	/** Inside a DO block: runs only when its condition holds, so it is safe to repeat. */
	readonly guarded: boolean;
	/** Inside BEGIN ... COMMIT. */
	readonly inTransaction: boolean;
	/** Rules a `-- squawk-ignore` comment above it switches off. */
	readonly ignored: readonly string[];
}

export type MigrationSeverity = 'error' | 'warning';

export interface MigrationFinding {
	readonly rule: string;
	readonly severity: MigrationSeverity;
	readonly line: number;
	readonly message: string;
	/** What to write instead. */
	readonly fix: string;
}

/** Every rule, with its severity and a one-line summary (for docs and --help). */
export const MIGRATION_RULES: Readonly<Record<string, {severity: MigrationSeverity; summary: string}>> = {
	'require-lock-timeout': {severity: 'warning', summary: 'DDL on an existing table without lock_timeout set first queues every query behind it'},
	'require-concurrent-index-creation': {severity: 'warning', summary: 'CREATE INDEX without CONCURRENTLY blocks writes to an existing table while it builds'},
	'require-concurrent-index-deletion': {severity: 'warning', summary: 'DROP INDEX without CONCURRENTLY blocks reads and writes of its table'},
	'concurrently-in-transaction': {severity: 'error', summary: 'CREATE/DROP INDEX CONCURRENTLY cannot run inside a transaction block'},
	'constraint-missing-not-valid': {severity: 'warning', summary: 'a foreign key or CHECK added without NOT VALID scans the table under a long lock'},
	'disallowed-unique-constraint': {severity: 'warning', summary: 'ADD UNIQUE / PRIMARY KEY builds its index under a lock that blocks writes'},
	'adding-not-nullable-field': {severity: 'error', summary: 'a NOT NULL column without a default fails on a table that has rows'},
	'setting-not-nullable-field': {severity: 'warning', summary: 'SET NOT NULL scans the table under ACCESS EXCLUSIVE unless a validated CHECK proves it'},
	'changing-column-type': {severity: 'warning', summary: 'a type change rewrites the table under ACCESS EXCLUSIVE'},
	'renaming-column': {severity: 'warning', summary: 'renaming a column breaks the code that still uses the old name'},
	'renaming-table': {severity: 'warning', summary: 'renaming a table breaks the code that still uses the old name'},
	'ban-drop-column': {severity: 'warning', summary: 'dropping a column destroys its values'},
	'ban-drop-table': {severity: 'warning', summary: 'dropping a table destroys its rows'},
	'prefer-robust-stmts': {severity: 'warning', summary: 'a statement that fails when run twice makes a half-applied migration hard to finish'},
};

type Node = Readonly<Record<string, unknown>>;
interface RangeVar {
	readonly relname?: string;
}
interface AlterCommand {
	readonly subtype?: string;
	readonly def?: Node;
	readonly name?: string;
	readonly missing_ok?: boolean;
}

/** Lints the statements of one migration file. */
export function lintMigration(statements: readonly MigrationStatement[]): MigrationFinding[] {
	const findings: MigrationFinding[] = [];
	const created = new Set<string>();
	// CHECKs of this file that prove a column NOT NULL (table.constraint -> table.column), and the columns proved.
	const notNullChecks = new Map<string, string>();
	const validatedNotNull = new Set<string>();
	let lockTimeout = false;
	const report = (statement: MigrationStatement, rule: string, message: string, fix: string) => {
		if (statement.ignored.includes(rule)) return;
		findings.push({rule, severity: MIGRATION_RULES[rule]!.severity, line: statement.line, message, fix});
	};
	const existing = (relation: RangeVar | undefined) => relation?.relname !== undefined && !created.has(relation.relname);
	const needsTimeout = (statement: MigrationStatement, table: string) => {
		if (lockTimeout) return;
		// Once per file: the fix is one line at the top.
		lockTimeout = true;
		report(statement, 'require-lock-timeout', `${table} is changed before lock_timeout is set: behind a long query, this waits and every other query waits behind it.`, "SET lock_timeout = '5s'; at the top of the file (SET LOCAL inside a transaction).");
	};

	for (const statement of statements) {
		const [type, body = {}] = Object.entries(statement.node)[0] ?? [];
		const node = body as Node;
		switch (type) {
			case 'VariableSetStmt':
				if (node['name'] === 'lock_timeout') lockTimeout = true;
				break;
			case 'CreateStmt': {
				const relation = node['relation'] as RangeVar | undefined;
				if (relation?.relname) created.add(relation.relname);
				if (!node['if_not_exists'] && !statement.guarded) report(statement, 'prefer-robust-stmts', `CREATE TABLE ${relation?.relname ?? ''} fails when run twice.`, 'CREATE TABLE IF NOT EXISTS');
				break;
			}
			case 'IndexStmt': {
				const relation = node['relation'] as RangeVar | undefined;
				const table = relation?.relname ?? '';
				if (node['concurrent'] && statement.inTransaction) report(statement, 'concurrently-in-transaction', `CREATE INDEX CONCURRENTLY on ${table} inside BEGIN ... COMMIT fails.`, 'Move it after COMMIT, on its own.');
				if (!node['concurrent'] && existing(relation)) {
					needsTimeout(statement, table);
					report(statement, 'require-concurrent-index-creation', `CREATE INDEX on the existing table ${table} blocks its writes while the index builds.`, 'CREATE INDEX CONCURRENTLY, outside a transaction.');
				}
				if (!node['if_not_exists'] && !statement.guarded) report(statement, 'prefer-robust-stmts', `CREATE INDEX ${String(node['idxname'] ?? '')} fails when run twice.`, 'CREATE INDEX IF NOT EXISTS (and drop an INVALID leftover first).');
				break;
			}
			case 'DropStmt': {
				const kind = node['removeType'];
				if (kind === 'OBJECT_INDEX') {
					if (node['concurrent'] && statement.inTransaction) report(statement, 'concurrently-in-transaction', 'DROP INDEX CONCURRENTLY inside BEGIN ... COMMIT fails.', 'Move it after COMMIT, on its own.');
					if (!node['concurrent']) report(statement, 'require-concurrent-index-deletion', 'DROP INDEX takes an ACCESS EXCLUSIVE lock on its table.', 'DROP INDEX CONCURRENTLY, outside a transaction.');
				}
				if (kind === 'OBJECT_TABLE') report(statement, 'ban-drop-table', 'DROP TABLE destroys every row of the table.', 'Confirm it was meant, back up, and say so in a -- squawk-ignore ban-drop-table comment.');
				if (!node['missing_ok'] && !statement.guarded) report(statement, 'prefer-robust-stmts', 'DROP without IF EXISTS fails when run twice.', 'DROP ... IF EXISTS');
				break;
			}
			case 'RenameStmt': {
				const relation = node['relation'] as RangeVar | undefined;
				if (node['renameType'] === 'OBJECT_COLUMN') report(statement, 'renaming-column', `Renaming ${relation?.relname ?? ''}.${String(node['subname'] ?? '')} breaks code that still uses the old name.`, 'Deploy code that works with both names first.');
				if (node['renameType'] === 'OBJECT_TABLE') report(statement, 'renaming-table', `Renaming ${relation?.relname ?? ''} breaks code that still uses the old name.`, 'Deploy code that works with both names first (a view with the old name can bridge).');
				if (existing(relation)) needsTimeout(statement, relation?.relname ?? '');
				break;
			}
			case 'AlterTableStmt':
				lintAlterTable(statement, node, {existing, needsTimeout, report, notNullChecks, validatedNotNull});
				break;
			default:
				break;
		}
	}
	return findings;
}

interface AlterContext {
	readonly existing: (relation: RangeVar | undefined) => boolean;
	readonly needsTimeout: (statement: MigrationStatement, table: string) => void;
	readonly report: (statement: MigrationStatement, rule: string, message: string, fix: string) => void;
	readonly notNullChecks: Map<string, string>;
	readonly validatedNotNull: Set<string>;
}

function lintAlterTable(statement: MigrationStatement, node: Node, context: AlterContext): void {
	const {existing, needsTimeout, report, notNullChecks, validatedNotNull} = context;
	const relation = node['relation'] as RangeVar | undefined;
	const table = relation?.relname ?? '';
	if ((node['objtype'] ?? 'OBJECT_TABLE') !== 'OBJECT_TABLE' || !existing(relation)) return;
	const commands = ((node['cmds'] ?? []) as {AlterTableCmd?: AlterCommand}[]).map((command) => command.AlterTableCmd ?? {});
	if (commands.some((command) => command.subtype !== 'AT_ValidateConstraint')) needsTimeout(statement, table);
	for (const command of commands) {
		const constraint = command.def?.['Constraint'] as {contype?: string; skip_validation?: boolean; indexname?: string; raw_expr?: unknown; conname?: string} | undefined;
		const column = command.def?.['ColumnDef'] as {colname?: string; constraints?: {Constraint?: {contype?: string}}[]} | undefined;
		switch (command.subtype) {
			case 'AT_AddColumn': {
				const kinds = (column?.constraints ?? []).map((entry) => entry.Constraint?.contype);
				const notNull = kinds.includes('CONSTR_NOTNULL') || kinds.includes('CONSTR_PRIMARY');
				const filled = kinds.some((kind) => kind === 'CONSTR_DEFAULT' || kind === 'CONSTR_IDENTITY' || kind === 'CONSTR_GENERATED');
				if (notNull && !filled) {
					report(statement, 'adding-not-nullable-field', `${table}.${column?.colname ?? ''} is NOT NULL without a default: adding it fails while ${table} has rows.`, 'ADD COLUMN ... NOT NULL DEFAULT <value for existing rows>, then DROP DEFAULT if new rows must say.');
				}
				if (!command.missing_ok && !statement.guarded) report(statement, 'prefer-robust-stmts', `ADD COLUMN ${column?.colname ?? ''} fails when run twice.`, 'ADD COLUMN IF NOT EXISTS');
				break;
			}
			case 'AT_DropColumn':
				report(statement, 'ban-drop-column', `Dropping ${table}.${command.name ?? ''} destroys its values in every row.`, 'Confirm it was meant, stop reading it in the code first, and say so in a -- squawk-ignore ban-drop-column comment.');
				if (!command.missing_ok && !statement.guarded) report(statement, 'prefer-robust-stmts', `DROP COLUMN ${command.name ?? ''} fails when run twice.`, 'DROP COLUMN IF EXISTS');
				break;
			case 'AT_AlterColumnType':
				report(statement, 'changing-column-type', `Changing the type of ${table}.${command.name ?? ''} rewrites ${table} under ACCESS EXCLUSIVE (unless binary-compatible).`, 'Add a new column, backfill it in batches, then swap the names.');
				break;
			case 'AT_SetNotNull':
				if (!validatedNotNull.has(`${table}.${command.name ?? ''}`)) {
					report(statement, 'setting-not-nullable-field', `SET NOT NULL on ${table}.${command.name ?? ''} scans the whole table under ACCESS EXCLUSIVE.`, 'ADD CHECK (column IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT; then SET NOT NULL (it trusts the CHECK) and drop the CHECK.');
				}
				break;
			case 'AT_ValidateConstraint':
				// A validated CHECK (x IS NOT NULL) lets a later SET NOT NULL skip its scan.
				if (notNullChecks.has(`${table}.${command.name ?? ''}`)) validatedNotNull.add(notNullChecks.get(`${table}.${command.name ?? ''}`)!);
				break;
			case 'AT_AddConstraint':
				if (constraint?.contype === 'CONSTR_CHECK' || constraint?.contype === 'CONSTR_FOREIGN') {
					const notNull = isNotNullCheck(constraint.raw_expr);
					if (notNull && constraint.conname) notNullChecks.set(`${table}.${constraint.conname}`, `${table}.${notNull}`);
					if (!constraint.skip_validation) {
						report(statement, 'constraint-missing-not-valid', `${constraint.contype === 'CONSTR_CHECK' ? 'A CHECK' : 'A foreign key'} on ${table} is validated as it is added, under a lock that blocks writes for the whole scan.`, 'ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT on its own.');
					}
				}
				if ((constraint?.contype === 'CONSTR_UNIQUE' || constraint?.contype === 'CONSTR_PRIMARY') && !constraint.indexname) {
					report(statement, 'disallowed-unique-constraint', `Adding a ${constraint.contype === 'CONSTR_UNIQUE' ? 'UNIQUE' : 'PRIMARY KEY'} to ${table} builds its index while writes wait.`, 'CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT ... USING INDEX.');
				}
				if (!statement.guarded) report(statement, 'prefer-robust-stmts', `ADD CONSTRAINT ${constraint?.conname ?? ''} fails when run twice.`, 'Guard it: DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_constraint WHERE ...) THEN ... END IF; END $$;');
				break;
			default:
				break;
		}
	}
}

/** The column of a `column IS NOT NULL` expression, when the CHECK is one. */
function isNotNullCheck(expression: unknown): string | undefined {
	const test = (expression as {NullTest?: {nulltesttype?: string; arg?: {ColumnRef?: {fields?: {String?: {sval?: string}}[]}}}} | undefined)?.NullTest;
	if (test?.nulltesttype !== 'IS_NOT_NULL') return undefined;
	return test.arg?.ColumnRef?.fields?.at(-1)?.String?.sval;
}
