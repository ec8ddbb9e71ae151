/**
 * The first migration pair, 0001_init: the up creates exactly schema.sql + indexes.sql, every
 * statement guarded so a half-applied run can be repeated; the down removes everything the design
 * made, and refuses to drop a table that holds rows unless `pg_designer.allow_data_loss` is on.
 */
import type {Design} from '../source/model/design.js';
import {dollarQuote, quoteIdent, quoteLiteral, quoteTable} from '../source/engine/sql.js';
import {functionSignature, indexBlocks, schemaBlocks} from './ddl.js';
import {file} from './lines.js';

/** Lock and statement timeouts at the top of every migration: a blocked DDL fails fast instead of queueing every query behind it. */
export const MIGRATION_TIMEOUTS = ["SET LOCAL lock_timeout = '5s';", "SET LOCAL statement_timeout = '60s';"];

/** The setting that lets a down migration drop tables holding rows. */
export const ALLOW_DATA_LOSS_SETTING = 'pg_designer.allow_data_loss';

export interface MigrationFile {
	readonly path: string;
	readonly text: string;
}

/** Renders migrations/0001_init.up.sql and .down.sql. */
export function renderInitialMigration(design: Design): MigrationFile[] {
	return [
		{path: 'migrations/0001_init.up.sql', text: renderUp(design)},
		{path: 'migrations/0001_init.down.sql', text: renderDown(design)},
	];
}

function renderUp(design: Design): string {
	const blocks = [...schemaBlocks(design, {guarded: true}), ...indexBlocks(design, {guarded: true})];
	return file([
		`-- 0001_init (up): creates the ${design.project.name} design: the same objects as schema.sql + indexes.sql.`,
		'-- Idempotent: every statement is guarded, so a run that stopped half-way can be repeated.',
		'-- One transaction: the tables are new, so plain CREATE INDEX locks nothing anyone waits for.',
		'-- Run: psql -v ON_ERROR_STOP=1 -f migrations/0001_init.up.sql',
		'',
		'BEGIN;',
		...MIGRATION_TIMEOUTS,
		'',
		...blocks.flatMap((block) => [...block, '']),
		'COMMIT;',
	]);
}

function renderDown(design: Design): string {
	const tables = [...design.tables].reverse();
	const order = new Map(design.tables.map((table, position) => [table.name, position]));
	const cyclic = design.tables.flatMap((table) =>
		table.foreignKeys.filter((fk) => (order.get(fk.refTable) ?? -1) > order.get(table.name)!).map((fk) => ({table: quoteTable(table), fk: fk.name})),
	);
	const verbatim = design.verbatim;
	const guarded = [...(verbatim?.tables ?? []).map(verbatimTableSql), ...tables.map((table) => quoteTable(table))];
	return file([
		`-- 0001_init (down): removes everything 0001_init.up.sql created for ${design.project.name}.`,
		'-- What cannot come back: every row of every table below. The down refuses to run while any of',
		`-- them holds rows, unless ${ALLOW_DATA_LOSS_SETTING} is on (PGOPTIONS="-c ${ALLOW_DATA_LOSS_SETTING}=on").`,
		'-- Idempotent: every statement is guarded, so it can be repeated.',
		'',
		'BEGIN;',
		...MIGRATION_TIMEOUTS,
		'',
		dataGuard(guarded),
		'',
		...(verbatim && verbatim.dropFirst.length > 0 ? ['-- Kept verbatim from the imported schema: what depends on the tables goes first.', ...verbatim.dropFirst, ''] : []),
		...cyclic.map(({table, fk}) => `ALTER TABLE IF EXISTS ${table} DROP CONSTRAINT IF EXISTS ${quoteIdent(fk)};`),
		...tables.flatMap((table) => ['-- squawk-ignore ban-drop-table', `DROP TABLE IF EXISTS ${quoteTable(table)};`]),
		...design.sequences.map((sequence) => `DROP SEQUENCE IF EXISTS ${quoteIdent(sequence.name)};`),
		...[...design.functions].reverse().map((fn) => `DROP FUNCTION IF EXISTS ${functionSignature(fn)};`),
		...design.roles.flatMap((role) => ['', ...dropRole(role.name)]),
		...(verbatim && verbatim.dropLast.length > 0 ? ['', '-- Kept verbatim from the imported schema: what the tables needed goes last.', ...verbatim.dropLast] : []),
		...design.extensions.map((name) => dropExtension(name)),
		'',
		'COMMIT;',
	]);
}

/**
 * A table kept verbatim by an import, as the session lists it: schema-qualified SQL (quote_ident
 * on both parts), or a bare name in sessions written before imports read other schemas.
 */
function verbatimTableSql(entry: string): string {
	return entry.includes('.') ? entry : quoteIdent(entry);
}

/**
 * A DO block that refuses to drop a column while any row holds a value in it (a column of NULLs
 * loses nothing), unless the data-loss setting is on. `table` is an SQL name (quoteTable).
 */
export function columnGuard(table: string, column: string, shown: string): string {
	const relation = `to_regclass(${quoteLiteral(table)})`;
	const body = [
		'DECLARE',
		'    has_values boolean;',
		'BEGIN',
		`    IF coalesce(current_setting(${quoteLiteral(ALLOW_DATA_LOSS_SETTING)}, true), '') = 'on' THEN`,
		'        RETURN;',
		'    END IF;',
		`    IF EXISTS (SELECT FROM pg_attribute WHERE attrelid = ${relation} AND attname = ${quoteLiteral(column)} AND NOT attisdropped) THEN`,
		`        EXECUTE format('SELECT EXISTS (SELECT FROM %s WHERE %I IS NOT NULL)', ${relation}, ${quoteLiteral(column)}) INTO has_values;`,
		'        IF has_values THEN',
		`            RAISE EXCEPTION 'refusing to drop column %: it holds values that this migration would destroy', ${quoteLiteral(shown)}`,
		`                USING HINT = 'Back up first, then run with PGOPTIONS="-c ${ALLOW_DATA_LOSS_SETTING}=on" to drop it anyway.';`,
		'        END IF;',
		'    END IF;',
		'END',
	].join('\n');
	return `DO ${dollarQuote(`\n${body}\n`, 'guard')};`;
}

/**
 * A DO block that refuses to go on while any of the tables holds rows, unless the data-loss
 * setting is on: the guard in front of every statement that would destroy rows. The tables are
 * given as SQL names (quoted, schema-qualified where needed: quoteTable).
 */
export function dataGuard(tables: readonly string[]): string {
	const tableList = `ARRAY[${tables.map((name) => quoteLiteral(name)).join(', ')}]`;
	const body = [
		'DECLARE',
		'    table_name text;',
		'    has_rows boolean;',
		'BEGIN',
		`    IF coalesce(current_setting(${quoteLiteral(ALLOW_DATA_LOSS_SETTING)}, true), '') = 'on' THEN`,
		'        RETURN;',
		'    END IF;',
		`    FOREACH table_name IN ARRAY ${tableList} LOOP`,
		'        IF to_regclass(table_name) IS NOT NULL THEN',
		"            EXECUTE format('SELECT EXISTS (SELECT FROM %s)', to_regclass(table_name)) INTO has_rows;",
		'            IF has_rows THEN',
		"                RAISE EXCEPTION 'refusing to drop table %: it holds rows that this migration would destroy', table_name",
		`                    USING HINT = 'Back up first, then run with PGOPTIONS="-c ${ALLOW_DATA_LOSS_SETTING}=on" to drop it anyway.';`,
		'            END IF;',
		'        END IF;',
		'    END LOOP;',
		'END',
	].join('\n');
	return `DO ${dollarQuote(`\n${body}\n`, 'guard')};`;
}

/** Drops a role unless objects elsewhere on the server still depend on it. */
export function dropRole(name: string): string[] {
	return [
		'-- Roles belong to the whole server: kept while another database still grants it something.',
		`DO ${dollarQuote(
			['', 'BEGIN', `    DROP ROLE IF EXISTS ${quoteIdent(name)};`, 'EXCEPTION WHEN dependent_objects_still_exist THEN', `    RAISE NOTICE 'kept role ${name}: objects elsewhere still depend on it';`, 'END', ''].join('\n'),
			'role',
		)};`,
	];
}

/** Drops an extension unless other objects still use it. */
export function dropExtension(name: string): string {
	return `DO ${dollarQuote(
		['', 'BEGIN', `    DROP EXTENSION IF EXISTS ${quoteIdent(name)};`, 'EXCEPTION WHEN dependent_objects_still_exist THEN', `    RAISE NOTICE 'kept extension ${name}: other objects use it';`, 'END', ''].join('\n'),
		'extension',
	)};`;
}
