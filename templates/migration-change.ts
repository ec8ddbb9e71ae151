/**
 * A migration after the first: the changes between the design of the last export and the design
 * now (engine/diff.ts), as SQL that is safe on a live, busy database and safe to run twice.
 *
 * Each file has up to three parts. Statements that must not hold locks long or cannot run in a
 * transaction (CREATE/DROP INDEX CONCURRENTLY, VALIDATE CONSTRAINT, the last step of SET NOT NULL)
 * run on their own, in autocommit; everything else runs in one transaction with lock_timeout, so a
 * migration that would wait behind a long query fails fast instead of queueing every other query
 * behind it.
 */
import type {Change, Constraint} from '../source/engine/diff.js';
import {derivedName} from '../source/engine/naming.js';
import {dollarQuote, identList, quoteIdent, quoteLiteral, renderCheck, renderExpression, renderType} from '../source/engine/sql.js';
import type {Column, Design, ForeignKey, Index, Table} from '../source/model/design.js';
import {
	columnDefinition,
	foreignKeyClause,
	functionSignature,
	functionStatement,
	guard,
	indexStatement,
	policyStatements,
	regclass,
	squawkIgnore,
	tableBlock,
	triggerStatements,
} from './ddl.js';
import {file} from './lines.js';
import {formatType} from './verify-sql.js';
import {ALLOW_DATA_LOSS_SETTING, MIGRATION_TIMEOUTS, columnGuard, dataGuard, dropExtension, dropRole, type MigrationFile} from './migrations.js';

type Phase = 'before' | 'transaction' | 'after';

/** Statements of one change, for one direction. */
interface Step {
	readonly phase: Phase;
	/** Order inside the phase: lower first. */
	readonly rank: number;
	readonly sql: readonly string[];
}

interface Rendered {
	readonly up: readonly Step[];
	readonly down: readonly Step[];
	/** One line for the file's header. */
	readonly summary: string;
}

/** Renders migrations/NNNN_name.up.sql and .down.sql for a list of changes. */
export function renderChangeMigration(number: number, changes: readonly Change[], previous: Design, next: Design): MigrationFile[] {
	const rendered = changes.map((change) => renderChange(change, previous, next));
	const name = `${String(number).padStart(4, '0')}_${migrationSlug(changes)}`;
	const summaries = rendered.map((entry) => `--   ${entry.summary}`);
	return [
		{path: `migrations/${name}.up.sql`, text: assemble(`${name} (up)`, summaries, rendered.flatMap((entry) => entry.up), false)},
		{path: `migrations/${name}.down.sql`, text: assemble(`${name} (down)`, summaries, rendered.flatMap((entry) => entry.down), true)},
	];
}

/** A short name for the file: what changed, in a few words. */
export function migrationSlug(changes: readonly Change[]): string {
	const words = [...new Set(changes.map(slugOf).filter((word) => word !== undefined))];
	const slug = words.slice(0, 3).join('_') + (words.length > 3 ? '_and_more' : '');
	return (slug || 'changes').slice(0, 80).replace(/_+$/, '');
}

function slugOf(change: Change): string | undefined {
	switch (change.kind) {
		case 'create-table':
			return `create_${change.table.name}`;
		case 'drop-table':
			return `drop_${change.table.name}`;
		case 'rename-table':
			return `rename_${change.from}`;
		case 'add-column':
			return `add_${change.table}_${change.column.name}`;
		case 'drop-column':
			return `drop_${change.table}_${change.column.name}`;
		case 'rename-column':
			return `rename_${change.table}_${change.from}`;
		case 'alter-type':
			return `retype_${change.table}_${change.to.name}`;
		case 'create-index':
			return change.newTable ? undefined : `index_${change.index.table}`;
		case 'drop-index':
			return `drop_${change.index.name}`;
		case 'add-constraint':
			return `constrain_${change.table}`;
		case 'set-not-null':
			return `require_${change.table}_${change.column.name}`;
		default:
			return undefined;
	}
}

function assemble(title: string, summaries: readonly string[], steps: readonly Step[], down: boolean): string {
	const phase = (name: Phase) =>
		steps
			.filter((step) => step.phase === name)
			.map((step, position) => ({step, position}))
			.sort((a, b) => a.step.rank - b.step.rank || a.position - b.position)
			.flatMap(({step}) => [...step.sql, '']);
	const before = phase('before');
	const transaction = phase('transaction');
	const after = phase('after');
	const autocommit = (lines: readonly string[], what: string) =>
		lines.length === 0
			? []
			: [
					`-- ${what}: each statement on its own, outside a transaction (CREATE INDEX CONCURRENTLY cannot run in one,`,
					'-- and VALIDATE CONSTRAINT should not hold the lock of the change that added the constraint).',
					"SET lock_timeout = '5s';",
					'SET statement_timeout = 0;',
					'',
					...lines,
					'RESET lock_timeout;',
					'RESET statement_timeout;',
					'',
				];
	return file([
		`-- ${title}`,
		`-- ${down ? 'Undoes' : 'Changes'}:`,
		...summaries,
		'-- Idempotent: every statement is guarded, so a run that stopped half-way can be repeated.',
		'-- Run with psql -v ON_ERROR_STOP=1 -f (not -1: parts of it must run outside a transaction);',
		'-- golang-migrate needs x-multi-statement=true for such files, dbmate transaction:false.',
		...(down ? [`-- Refuses to destroy rows unless ${ALLOW_DATA_LOSS_SETTING} is on (PGOPTIONS="-c ${ALLOW_DATA_LOSS_SETTING}=on").`] : []),
		'',
		...autocommit(before, 'First'),
		...(transaction.length > 0 ? ['BEGIN;', ...MIGRATION_TIMEOUTS, '', ...transaction, 'COMMIT;', ''] : []),
		...autocommit(after, 'Then'),
	]);
}

const tx = (rank: number, sql: readonly string[]): Step => ({phase: 'transaction', rank, sql});
const after = (rank: number, sql: readonly string[]): Step => ({phase: 'after', rank, sql});
const before = (rank: number, sql: readonly string[]): Step => ({phase: 'before', rank, sql});
/** The down undoes in reverse order. */
const undo = (rank: number) => 1000 - rank;

function renderChange(change: Change, previous: Design, next: Design): Rendered {
	switch (change.kind) {
		case 'create-extension':
			return {summary: `create extension ${change.name}`, up: [tx(10, [`CREATE EXTENSION IF NOT EXISTS ${quoteIdent(change.name)};`])], down: [tx(undo(10), [dropExtension(change.name)])]};
		case 'drop-extension':
			return {summary: `drop extension ${change.name}`, up: [tx(99, [dropExtension(change.name)])], down: [tx(undo(99), [`CREATE EXTENSION IF NOT EXISTS ${quoteIdent(change.name)};`])]};
		case 'create-function':
			return {
				summary: `${change.previous ? 'replace' : 'create'} function ${change.fn.name}`,
				up: [tx(20, functionStatement(change.fn))],
				down: [tx(undo(20), change.previous ? functionStatement(change.previous) : [`DROP FUNCTION IF EXISTS ${functionSignature(change.fn)};`])],
			};
		case 'drop-function':
			return {summary: `drop function ${change.fn.name}`, up: [tx(90, [`DROP FUNCTION IF EXISTS ${functionSignature(change.fn)};`])], down: [tx(undo(90), functionStatement(change.fn))]};
		case 'create-role':
			return {
				summary: `create role ${change.role.name}`,
				up: [tx(25, createRole(change.role.name)), tx(76, grants(change.role.name, next))],
				down: [tx(undo(25), dropRole(change.role.name))],
			};
		case 'drop-role':
			return {summary: `drop role ${change.role.name}`, up: [tx(95, dropRole(change.role.name))], down: [tx(undo(95), [...createRole(change.role.name), ...grants(change.role.name, previous)])]};
		case 'rename-table':
			return {
				summary: `rename table ${change.from} to ${change.to} (deploy code that works with both names first)`,
				up: [tx(30, renameTable(change.from, change.to))],
				down: [tx(undo(30), renameTable(change.to, change.from))],
			};
		case 'rename-column':
			return {
				summary: `rename ${change.table}.${change.from} to ${change.to} (deploy code that works with both names first)`,
				up: [tx(31, renameColumn(change.table, change.from, change.to))],
				down: [tx(undo(31), renameColumn(change.table, change.to, change.from))],
			};
		case 'rename-constraint':
			return {
				summary: `rename constraint ${change.from} to ${change.to}`,
				up: [tx(32, renameConstraint(change.table, change.from, change.to))],
				down: [tx(undo(32), renameConstraint(change.table, change.to, change.from))],
			};
		case 'rename-index':
			return {
				summary: `rename index ${change.from} to ${change.to}`,
				up: [tx(33, [`ALTER INDEX IF EXISTS ${quoteIdent(change.from)} RENAME TO ${quoteIdent(change.to)};`])],
				down: [tx(undo(33), [`ALTER INDEX IF EXISTS ${quoteIdent(change.to)} RENAME TO ${quoteIdent(change.from)};`])],
			};
		case 'create-table':
			return {
				summary: `create table ${change.table.name}`,
				up: [tx(50 + next.tables.indexOf(change.table) / 1000, newTable(change.table, next, createdTables(previous, next)))],
				down: [tx(undo(50), dropTable(change.table.name, `the rows written to ${change.table.name} since this migration`))],
			};
		case 'drop-table':
			return {
				summary: `drop table ${change.table.name} and every row it holds (confirmed)`,
				// Tables that point at others go first.
				up: [tx(85 + (1000 - previous.tables.findIndex((table) => table.name === change.table.name)) / 10_000, [`-- Confirmed with --allow-drop ${change.table.name}: its rows are gone for good after this.`, '-- squawk-ignore ban-drop-table', `DROP TABLE IF EXISTS ${quoteIdent(change.table.name)};`])],
				down: [
					tx(undo(85), [
						`-- Rebuilds ${change.table.name} empty: the rows it held before the up migration cannot come back.`,
						...newTable(change.table, previous, new Set([change.table.name])),
						...change.indexes.map((index) => indexStatement(index, {guarded: true})),
						...change.triggers.flatMap((trigger) => triggerStatements(trigger, {guarded: true})),
						...change.policies.flatMap((policy) => policyStatements(policy, {guarded: true})),
					]),
				],
			};
		case 'add-column':
			return addColumn(change.table, change.column, change.backfill);
		case 'drop-column':
			return {
				summary: `drop ${change.table}.${change.column.name} and its values (confirmed)`,
				up: [
					tx(80, [
						`-- Confirmed with --allow-drop ${change.table}.${change.column.name}: its values are gone for good after this.`,
						'-- squawk-ignore ban-drop-column',
						`ALTER TABLE ${quoteIdent(change.table)} DROP COLUMN IF EXISTS ${quoteIdent(change.column.name)};`,
					]),
				],
				// Undone first: the keys, tables and foreign keys that come back after it may use the column.
				down: [tx(900, restoreColumn(change.table, change.column))],
			};
		case 'alter-type':
			return {
				summary: `change the type of ${change.table}.${change.to.name} from ${renderType(change.from.type)} to ${renderType(change.to.type)}`,
				up: [tx(57, alterType(change.table, change.to))],
				down: [tx(undo(57), alterType(change.table, change.from))],
			};
		case 'set-default':
			return {
				summary: `${change.column.default ? 'set' : 'drop'} the default of ${change.table}.${change.column.name}`,
				up: [tx(58, [setDefault(change.table, change.column, change.column.default)])],
				down: [tx(undo(58), [setDefault(change.table, change.column, change.from)])],
			};
		case 'drop-not-null':
			return {
				summary: `allow NULL in ${change.table}.${change.column.name}`,
				up: [tx(56, [`ALTER TABLE ${quoteIdent(change.table)} ALTER COLUMN ${quoteIdent(change.column.name)} DROP NOT NULL;`])],
				down: setNotNull(change.table, change.column.name, undo(56)).up,
			};
		case 'set-not-null': {
			const steps = setNotNull(change.table, change.column.name, 61);
			return {summary: `require ${change.table}.${change.column.name} (NOT NULL, through a validated CHECK)`, up: steps.up, down: [tx(undo(61), [`ALTER TABLE ${quoteIdent(change.table)} ALTER COLUMN ${quoteIdent(change.column.name)} DROP NOT NULL;`])]};
		}
		case 'add-constraint': {
			// A key a new foreign key of this migration points at must exist inside the transaction.
			const {constraint} = change;
			const target = isKey(constraint) && next.tables.some((table) => table.foreignKeys.some((fk) => fk.refTable === change.table && sameColumns(fk.refColumns, constraint.value.columns)));
			return {
				summary: `add ${describe(change.constraint)} to ${change.table}`,
				// A partitioned table has no concurrent index builds and no ADD CONSTRAINT ... USING INDEX.
				up: addConstraint(change.table, change.constraint, isKey(change.constraint) ? 45 : 60, target || isPartitioned(next, change.table) ? 'transaction' : 'online'),
				down: [tx(undo(isKey(change.constraint) ? 45 : 60), [dropConstraint(change.table, change.constraint.name)])],
			};
		}
		case 'drop-constraint': {
			// Foreign keys go before the tables they point at, keys after the tables whose foreign keys point at them.
			// Undone: columns (900), then keys (905), then tables (915), then foreign keys and CHECKs (957+).
			const rank = change.constraint.type === 'foreign-key' ? 42 : isKey(change.constraint) ? 87 : 43;
			return {
				summary: `drop ${describe(change.constraint)} from ${change.table}`,
				up: [tx(rank, [dropConstraint(change.table, change.constraint.name)])],
				down: addConstraint(change.table, change.constraint, isKey(change.constraint) ? 905 : undo(rank), 'transaction'),
			};
		}
		case 'create-index': {
			// Its table is new (or partitioned): nothing else waits on it yet, and CONCURRENTLY is not possible.
			const plain = ['-- squawk-ignore require-concurrent-index-deletion', `DROP INDEX IF EXISTS ${quoteIdent(change.index.name)};`];
			if (change.newTable) return {summary: `create index ${change.index.name}`, up: [tx(52, [indexStatement(change.index, {guarded: true})])], down: [tx(undo(52), plain)]};
			if (isPartitioned(next, change.index.table)) return {summary: `create index ${change.index.name} on the partitioned ${change.index.table}`, up: [tx(52, partitionedIndex(change.index))], down: [tx(undo(52), plain)]};
			return {summary: `create index ${change.index.name} on ${change.index.table} (concurrently)`, up: [after(130, createIndexConcurrently(change.index))], down: [before(10, [dropIndexConcurrently(change.index.name)])]};
		}
		case 'drop-index':
			// A partitioned index cannot be dropped concurrently.
			return isPartitioned(previous, change.index.table)
				? {summary: `drop index ${change.index.name}`, up: [tx(44, [`-- squawk-ignore require-concurrent-index-deletion`, `DROP INDEX IF EXISTS ${quoteIdent(change.index.name)};`])], down: [tx(undo(44), partitionedIndex(change.index))]}
				: {summary: `drop index ${change.index.name} (concurrently)`, up: [after(100, [dropIndexConcurrently(change.index.name)])], down: [after(140, createIndexConcurrently(change.index))]};
		case 'create-trigger':
			return {summary: `create trigger ${change.trigger.name}`, up: [tx(70, triggerStatements(change.trigger, {guarded: true}))], down: [tx(undo(70), [dropTrigger(change.trigger.name, change.trigger.table)])]};
		case 'drop-trigger':
			return {summary: `drop trigger ${change.trigger.name}`, up: [tx(40, [dropTrigger(change.trigger.name, change.trigger.table)])], down: [tx(undo(40), triggerStatements(change.trigger, {guarded: true}))]};
		case 'enable-rls':
			return {summary: `enable Row-Level Security on ${change.table.name}`, up: [tx(71, rls(change.table.name, true))], down: [tx(undo(71), rls(change.table.name, false))]};
		case 'disable-rls':
			return {summary: `disable Row-Level Security on ${change.table.name}`, up: [tx(41, rls(change.table.name, false))], down: [tx(undo(41), rls(change.table.name, true))]};
		case 'create-policy':
			return {summary: `create policy ${change.policy.name}`, up: [tx(72, policyStatements(change.policy, {guarded: true}))], down: [tx(undo(72), [dropPolicy(change.policy.name, change.policy.table)])]};
		case 'drop-policy':
			return {summary: `drop policy ${change.policy.name}`, up: [tx(41, [dropPolicy(change.policy.name, change.policy.table)])], down: [tx(undo(41), policyStatements(change.policy, {guarded: true}))]};
		case 'comment-table':
			return {
				summary: `comment on ${change.table}`,
				up: [tx(59, [`COMMENT ON TABLE ${quoteIdent(change.table)} IS ${quoteLiteral(change.text)};`])],
				down: [tx(undo(59), [`COMMENT ON TABLE ${quoteIdent(change.table)} IS ${quoteLiteral(change.from)};`])],
			};
		case 'comment-column':
			return {
				summary: `comment on ${change.table}.${change.column}`,
				up: [tx(59, [commentColumn(change.table, change.column, change.text)])],
				down: [tx(undo(59), [commentColumn(change.table, change.column, change.from)])],
			};
	}
}

function createRole(name: string): string[] {
	return guard(`SELECT FROM pg_roles WHERE rolname = ${quoteLiteral(name)}`, [`CREATE ROLE ${quoteIdent(name)} NOLOGIN;`], 'role');
}

/** A new role's privileges, once every table of the design exists under its new name. */
function grants(role: string, design: Design): string[] {
	return design.tables.length > 0 ? [`GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ${design.tables.map((table) => quoteIdent(table.name)).join(', ')} TO ${quoteIdent(role)};`] : [];
}

function renameTable(from: string, to: string): string[] {
	return [
		'-- squawk-ignore renaming-table',
		...whenBlock(`to_regclass(${quoteLiteral(quoteIdent(from))}) IS NOT NULL AND to_regclass(${quoteLiteral(quoteIdent(to))}) IS NULL`, [
			`ALTER TABLE ${quoteIdent(from)} RENAME TO ${quoteIdent(to)};`,
		]),
	];
}

function renameColumn(table: string, from: string, to: string): string[] {
	const has = (column: string) => `SELECT FROM pg_attribute WHERE attrelid = ${regclass(table)} AND attname = ${quoteLiteral(column)} AND NOT attisdropped`;
	const [oldCheck, newCheck] = [derivedName([table, from], 'not_null'), derivedName([table, to], 'not_null')];
	return [
		'-- squawk-ignore renaming-column',
		...whenBlock(`EXISTS (${has(from)}) AND NOT EXISTS (${has(to)})`, [`ALTER TABLE ${quoteIdent(table)} RENAME COLUMN ${quoteIdent(from)} TO ${quoteIdent(to)};`]),
		'-- PostgreSQL 18 names NOT NULL constraints after their column: the name follows the column.',
		...whenBlock(`EXISTS (SELECT FROM pg_constraint WHERE conrelid = ${regclass(table)} AND conname = ${quoteLiteral(oldCheck)} AND contype = 'n')`, [
			`ALTER TABLE ${quoteIdent(table)} RENAME CONSTRAINT ${quoteIdent(oldCheck)} TO ${quoteIdent(newCheck)};`,
		]),
	];
}

function renameConstraint(table: string, from: string, to: string): string[] {
	return whenBlock(`EXISTS (SELECT FROM pg_constraint WHERE conrelid = ${regclass(table)} AND conname = ${quoteLiteral(from)})`, [
		`ALTER TABLE ${quoteIdent(table)} RENAME CONSTRAINT ${quoteIdent(from)} TO ${quoteIdent(to)};`,
	]);
}

/** A DO block running statements when a condition holds. */
function whenBlock(condition: string, statements: readonly string[]): string[] {
	const body = ['BEGIN', `    IF ${condition} THEN`, ...statements.map((statement) => `        ${statement}`), '    END IF;', 'END'].join('\n');
	return [`DO ${dollarQuote(`\n${body}\n`, 'step')};`];
}

function createdTables(previous: Design, next: Design): Set<string> {
	return new Set(next.tables.filter((table) => !previous.tables.some((old) => old.name === table.name)).map((table) => table.name));
}

/**
 * A table made in this migration, with its comments and its grants to roles that already exist.
 * Tables are made in the design's order: a foreign key to a table made later in the same
 * migration is added by that table's step.
 */
function newTable(table: Table, design: Design, created: ReadonlySet<string>): string[] {
	const order = new Map(design.tables.map((entry, position) => [entry.name, position]));
	const madeLater = (name: string) => created.has(name) && (order.get(name) ?? -1) > order.get(table.name)!;
	const inline = table.foreignKeys.filter((fk) => !madeLater(fk.refTable));
	const madeBefore = design.tables.filter((other) => created.has(other.name) && (order.get(other.name) ?? -1) < order.get(table.name)!);
	const pointingHere = madeBefore.flatMap((other) => other.foreignKeys.filter((fk) => fk.refTable === table.name).map((fk) => ({other, fk})));
	return [
		...tableBlock(design, table, inline, {guarded: true}),
		...pointingHere.flatMap(({other, fk}) => addForeignKey(other.name, fk, false)),
		...(table.rowLevelSecurity ? rls(table.name, true).slice(0, table.imported && !table.forceRowLevelSecurity ? 1 : 2) : []),
		...design.roles.map((role) => `GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ${quoteIdent(table.name)} TO ${quoteIdent(role.name)};`),
	];
}

function dropTable(table: string, lost: string): string[] {
	return [`-- What cannot come back: ${lost}.`, dataGuard([quoteIdent(table)]), '-- squawk-ignore ban-drop-table', `DROP TABLE IF EXISTS ${quoteIdent(table)};`];
}

function addColumn(table: string, column: Column, backfill: string | undefined): Rendered {
	const [name, definition] = columnDefinition(column);
	const add = (text: string) => [...squawkIgnore(column), `ALTER TABLE ${quoteIdent(table)} ADD COLUMN IF NOT EXISTS ${name} ${text};`].join('\n');
	const volatile = column.default?.kind === 'gen-random-uuid';
	const up = backfill
		? [
				`-- Existing rows get ${backfill}: a constant default fills them without rewriting the table (PostgreSQL 11+);`,
				'-- the default is then dropped, so new rows must say what they hold.',
				add(`${definition} DEFAULT ${backfill}`),
				`ALTER TABLE ${quoteIdent(table)} ALTER COLUMN ${name} DROP DEFAULT;`,
			]
		: [
				...(volatile ? [`-- ${renderExpression(column.default!)} is volatile: adding the column rewrites ${table} under an ACCESS EXCLUSIVE lock. On a big table, add it nullable, backfill in batches, then set the default and NOT NULL.`] : []),
				add(definition),
			];
	return {
		summary: `add ${table}.${column.name}${backfill ? ` (existing rows: ${backfill})` : ''}`,
		up: [tx(55, [...up, commentColumn(table, column.name, column.comment ?? column.reason)])],
		down: [
			tx(undo(55), [
				`-- What cannot come back: the values written to ${table}.${column.name} since this migration.`,
				columnGuard(quoteIdent(table), column.name, `${table}.${column.name}`),
				'-- squawk-ignore ban-drop-column',
				`ALTER TABLE ${quoteIdent(table)} DROP COLUMN IF EXISTS ${name};`,
			]),
		],
	};
}

/** A dropped column back, empty; NOT NULL only while the table has no rows to violate it. */
function restoreColumn(table: string, column: Column): string[] {
	const [name, definition] = columnDefinition({...column, nullable: true});
	return [
		`-- ${table}.${column.name} comes back empty: the values it held cannot come back.`,
		...squawkIgnore(column),
		`ALTER TABLE ${quoteIdent(table)} ADD COLUMN IF NOT EXISTS ${name} ${definition};`,
		...(column.nullable
			? []
			: [
					'-- Only while the table is empty: then there is nothing to scan.',
					'-- squawk-ignore setting-not-nullable-field',
					...whenBlock(`NOT EXISTS (SELECT FROM ${quoteIdent(table)})`, [`ALTER TABLE ${quoteIdent(table)} ALTER COLUMN ${name} SET NOT NULL;`]),
				]),
		commentColumn(table, column.name, column.comment ?? column.reason),
	];
}

function alterType(table: string, column: Column): string[] {
	const type = renderType(column.type);
	return [
		`-- Rewrites ${table} under an ACCESS EXCLUSIVE lock unless the change is binary-compatible (varchar to text,`,
		'-- a longer varchar). On a big, busy table: add a new column, backfill it in batches, then swap the names.',
		'-- squawk-ignore changing-column-type',
		...whenBlock(
			`(SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = ${regclass(table)} AND attname = ${quoteLiteral(column.name)}) IS DISTINCT FROM ${quoteLiteral(formatType(column.type))}`,
			[`ALTER TABLE ${quoteIdent(table)} ALTER COLUMN ${quoteIdent(column.name)} TYPE ${type} USING ${quoteIdent(column.name)}::${type};`],
		),
	];
}

function setDefault(table: string, column: Column, expression: Column['default']): string {
	const target = `ALTER TABLE ${quoteIdent(table)} ALTER COLUMN ${quoteIdent(column.name)}`;
	return expression ? `${target} SET DEFAULT ${renderExpression(expression, column.type)};` : `${target} DROP DEFAULT;`;
}

/**
 * SET NOT NULL without a long lock: a CHECK (column IS NOT NULL) added NOT VALID, validated
 * under a weaker lock, then SET NOT NULL (which trusts the validated CHECK and scans nothing).
 */
function setNotNull(table: string, column: string, rank: number): {up: Step[]} {
	const check = derivedName([table, column, 'not_null'], 'check');
	const exists = `EXISTS (SELECT FROM pg_constraint WHERE conrelid = ${regclass(table)} AND conname = ${quoteLiteral(check)})`;
	const nullable = `EXISTS (SELECT FROM pg_attribute WHERE attrelid = ${regclass(table)} AND attname = ${quoteLiteral(column)} AND NOT attnotnull)`;
	return {
		up: [
			tx(rank, whenBlock(`${nullable} AND NOT ${exists}`, [`ALTER TABLE ${quoteIdent(table)} ADD CONSTRAINT ${quoteIdent(check)} CHECK (${quoteIdent(column)} IS NOT NULL) NOT VALID;`])),
			after(120 + rank / 1000, [
				...whenBlock(exists, [`ALTER TABLE ${quoteIdent(table)} VALIDATE CONSTRAINT ${quoteIdent(check)};`]),
				`ALTER TABLE ${quoteIdent(table)} ALTER COLUMN ${quoteIdent(column)} SET NOT NULL;`,
				`ALTER TABLE ${quoteIdent(table)} DROP CONSTRAINT IF EXISTS ${quoteIdent(check)};`,
			]),
		],
	};
}

function describe(constraint: Constraint): string {
	const kind = {'primary-key': 'primary key', unique: 'unique constraint', 'foreign-key': 'foreign key', check: 'CHECK'}[constraint.type];
	return `${kind} ${constraint.name}`;
}

function isKey(constraint: Constraint): constraint is Extract<Constraint, {type: 'unique' | 'primary-key'}> {
	return constraint.type === 'unique' || constraint.type === 'primary-key';
}

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
	return a.length === b.length && a.every((column, position) => column === b[position]);
}

/**
 * Adds a constraint to a table that may hold rows. Online: foreign keys and CHECKs NOT VALID, then
 * validated on their own; keys through a unique index built concurrently. In the transaction
 * (a key something else needs at once, or a down migration): keys are added directly.
 */
function addConstraint(table: string, constraint: Constraint, rank: number, mode: 'online' | 'transaction'): Step[] {
	const exists = `SELECT FROM pg_constraint WHERE conrelid = ${regclass(table)} AND conname = ${quoteLiteral(constraint.name)}`;
	const validate = after(110, whenBlock(`EXISTS (${exists} AND NOT convalidated)`, [`ALTER TABLE ${quoteIdent(table)} VALIDATE CONSTRAINT ${quoteIdent(constraint.name)};`]));
	switch (constraint.type) {
		case 'foreign-key':
			return [tx(rank, addForeignKey(table, constraint.value, true)), validate];
		case 'check':
			return [
				tx(rank, guard(exists, [`ALTER TABLE ${quoteIdent(table)} ADD CONSTRAINT ${quoteIdent(constraint.name)} CHECK (${renderCheck(constraint.value.rule)}) NOT VALID;`])),
				validate,
			];
		case 'unique':
		case 'primary-key': {
			const columns = constraint.value.columns;
			const keyword = constraint.type === 'unique' ? 'UNIQUE' : 'PRIMARY KEY';
			if (mode === 'transaction') {
				return [
					tx(rank, [
						`-- Built inside the transaction (a foreign key needs it at once, or ${table} is partitioned): writes to ${table} wait while the index builds.`,
						'-- squawk-ignore disallowed-unique-constraint',
						...guard(exists, [`ALTER TABLE ${quoteIdent(table)} ADD CONSTRAINT ${quoteIdent(constraint.name)} ${keyword} (${identList(columns)});`]),
					]),
				];
			}
			return [
				after(135, [
					`-- ${keyword} through an index built concurrently, then attached: no long lock while it builds.`,
					...invalidLeftover(constraint.name),
					`CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ${quoteIdent(constraint.name)} ON ${quoteIdent(table)} (${identList(columns)});`,
					...guard(exists, [`ALTER TABLE ${quoteIdent(table)} ADD CONSTRAINT ${quoteIdent(constraint.name)} ${keyword} USING INDEX ${quoteIdent(constraint.name)};`]),
				]),
			];
		}
	}
}

function addForeignKey(table: string, fk: ForeignKey, notValid: boolean): string[] {
	return guard(`SELECT FROM pg_constraint WHERE conrelid = ${regclass(table)} AND conname = ${quoteLiteral(fk.name)}`, [
		`ALTER TABLE ${quoteIdent(table)} ADD ${foreignKeyClause(fk)}${notValid ? ' NOT VALID' : ''};`,
	]);
}

function dropConstraint(table: string, name: string): string {
	return `ALTER TABLE IF EXISTS ${quoteIdent(table)} DROP CONSTRAINT IF EXISTS ${quoteIdent(name)};`;
}

/** A failed concurrent build leaves an INVALID index that IF NOT EXISTS would silently keep: stop and say so. */
function invalidLeftover(name: string): string[] {
	return whenBlock(`EXISTS (SELECT FROM pg_index WHERE indexrelid = to_regclass(${quoteLiteral(quoteIdent(name))}) AND NOT indisvalid)`, [
		`RAISE EXCEPTION 'index % is INVALID (an earlier concurrent build failed): DROP INDEX CONCURRENTLY %; then run this migration again', ${quoteLiteral(name)}, ${quoteLiteral(quoteIdent(name))};`,
	]);
}

function isPartitioned(design: Design, table: string): boolean {
	return design.tables.some((entry) => entry.name === table && entry.partitioning !== undefined);
}

/** An index on a partitioned table: PostgreSQL builds it on every partition, and not concurrently. */
function partitionedIndex(index: Index): string[] {
	return [
		`-- ${index.table} is partitioned: its index cannot be built concurrently, and writes wait while every partition is indexed.`,
		'-- On a big table, build it per partition instead: CREATE INDEX ON ONLY the parent, CREATE INDEX CONCURRENTLY on each',
		'-- partition, then ALTER INDEX ... ATTACH PARTITION each one.',
		'-- squawk-ignore require-concurrent-index-creation',
		indexStatement(index, {guarded: true}),
	];
}

function createIndexConcurrently(index: Index): string[] {
	return [...invalidLeftover(index.name), indexStatement(index, {guarded: true, concurrently: true})];
}

function dropIndexConcurrently(name: string): string {
	return `DROP INDEX CONCURRENTLY IF EXISTS ${quoteIdent(name)};`;
}

function dropTrigger(name: string, table: string): string {
	return `DROP TRIGGER IF EXISTS ${quoteIdent(name)} ON ${quoteIdent(table)};`;
}

function dropPolicy(name: string, table: string): string {
	return `DROP POLICY IF EXISTS ${quoteIdent(name)} ON ${quoteIdent(table)};`;
}

function rls(table: string, on: boolean): string[] {
	return on
		? [`ALTER TABLE ${quoteIdent(table)} ENABLE ROW LEVEL SECURITY;`, `ALTER TABLE ${quoteIdent(table)} FORCE ROW LEVEL SECURITY;`]
		: [`ALTER TABLE ${quoteIdent(table)} NO FORCE ROW LEVEL SECURITY;`, `ALTER TABLE ${quoteIdent(table)} DISABLE ROW LEVEL SECURITY;`];
}

function commentColumn(table: string, column: string, text: string): string {
	return `COMMENT ON COLUMN ${quoteIdent(table)}.${quoteIdent(column)} IS ${quoteLiteral(text)};`;
}
