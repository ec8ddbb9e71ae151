/**
 * Sample data at volume, generated on the server: SQL that fills each table with `generate_series`
 * in dependency order, respecting every constraint of the design, so plans can be measured on
 * enough rows for the planner to prefer the indexes. Ownership is skewed (a few owners have many
 * rows), and child rows under isolation always point at parents of the same owner.
 *
 * Unlike seed.sql (a few realistic rows made with faker, written to a file), this is for
 * measurement only: the values are plain and the SQL runs in seconds for tens of thousands of rows.
 */
import randexpExport from 'randexp';
import type {CheckRule, Column, Design, Table} from '../model/design.js';
import {findTable, indexesOf} from './lookup.js';
import {derivedName} from './naming.js';
import {literal, numberLiteral, quoteIdent, quoteLiteral, quoteTable, renderType} from './sql.js';

/** Below this many rows a sequential scan is cheaper than any index, so no plan would be telling. */
const FLOOR_ROWS = 5000;

/**
 * Rows per table for a target size of the largest table: the expected counts scaled down, but
 * never below a few thousand (or the expected count, when smaller), so small tables still get
 * plans that use their indexes.
 */
export function sampleCounts(design: Design, largest: number): Map<string, number> {
	const maxRows = Math.max(1, ...design.tables.map((table) => table.rows));
	const factor = Math.min(1, largest / maxRows);
	const floor = Math.min(FLOOR_ROWS, largest);
	return new Map(design.tables.map((table) => [table.name, Math.max(10, Math.min(table.rows, Math.max(floor, Math.round(table.rows * factor))))]));
}

/** A deterministic PRNG (mulberry32), so the same design gets the same samples. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let value = state;
		value = Math.imul(value ^ (value >>> 15), value | 1);
		value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
		return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
	};
}

/**
 * Strings matching a regular expression, made deterministically. The patterns are POSIX regular
 * expressions as PostgreSQL reads them; bracket classes like [:space:] are mapped to JavaScript's.
 */
export function patternSamples(regex: string, count: number, seed: number): string[] {
	const random = seededRandom(seed);
	const generator = new RandExp(posixToJavaScript(regex));
	generator.max = 8;
	generator.randInt = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
	// Only printable ASCII: generated text must survive every client and terminal.
	generator.defaultRange.subtract(0, 31);
	generator.defaultRange.subtract(127, 0x10ffff);
	return Array.from({length: count}, () => generator.gen());
}

function posixToJavaScript(regex: string): string {
	return regex
		.replaceAll('[:space:]', '\\s')
		.replaceAll('[:alpha:]', 'A-Za-z')
		.replaceAll('[:digit:]', '0-9')
		.replaceAll('[:alnum:]', 'A-Za-z0-9')
		.replaceAll('[:upper:]', 'A-Z')
		.replaceAll('[:lower:]', 'a-z')
		.replaceAll('[:punct:]', '!-/:-@[-`{-~');
}

// randexp's types declare an ES default export, but at run time the import is its CommonJS module.exports: the class.
const RandExp = randexpExport as unknown as typeof randexpExport.default;

const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'garden', 'harbor', 'island', 'jungle', 'kitchen', 'lemon', 'meadow', 'nectar', 'orbit', 'planet', 'quartz', 'river', 'summit', 'tiger'];
const START = `TIMESTAMPTZ '2024-01-01 00:00:00+00'`;
const MAX_PATTERN_SAMPLES = 20_000;

/** Temporary tables holding the keys of a loaded table, for children to pick parents from. */
function keysTable(table: string): string {
	return derivedName(['pgd_keys', table]);
}
function countsTable(table: string): string {
	return derivedName(['pgd_counts', table]);
}

/**
 * The SQL that loads sample data, one script per table (so progress can be shown), then the
 * clean-up script. Run in one session: the temporary tables live there.
 */
export function sampleDataScripts(design: Design, counts: ReadonlyMap<string, number>, seed: number): {table: string; rows: number; sql: string}[] {
	const referenced = new Set(design.tables.flatMap((table) => table.foreignKeys.map((fk) => fk.refTable)));
	const scripts = design.tables.map((table, position) => {
		const rows = counts.get(table.name) ?? 0;
		const statements = [
			...(position === 0 ? [`SELECT setseed(${numberLiteral(((seed % 1000) + 1) / 1001)});`] : []),
			insertStatement(design, table, rows, seed),
			...(referenced.has(table.name) ? keyStatements(design, table) : []),
		];
		return {table: table.name, rows, sql: statements.join('\n')};
	});
	return scripts;
}

/**
 * For each table with foreign keys, one query counting per key the rows whose key finds no parent
 * (MATCH SIMPLE: a key with a NULL column points nowhere and breaks nothing). The volume load may
 * run with the per-row checks off; these prove the same for all rows at once.
 */
export function brokenReferencesQueries(design: Design): Map<string, string> {
	const queries = new Map<string, string>();
	for (const table of design.tables) {
		const parts = table.foreignKeys.map((fk) => {
			const parent = findTable(design, fk.refTable);
			const present = fk.columns.map((column) => `c.${quoteIdent(column)} IS NOT NULL`).join(' AND ');
			const match = fk.columns.map((column, position) => `p.${quoteIdent(fk.refColumns[position]!)} = c.${quoteIdent(column)}`).join(' AND ');
			return `SELECT ${quoteLiteral(fk.name)} AS reference, count(*) AS broken FROM ${quoteTable(table)} AS c WHERE ${present} AND NOT EXISTS (SELECT FROM ${parent ? quoteTable(parent) : quoteIdent(fk.refTable)} AS p WHERE ${match})`;
		});
		if (parts.length > 0) queries.set(table.name, parts.join('\nUNION ALL\n'));
	}
	return queries;
}

/** Drops the temporary key tables. */
export function sampleDataCleanup(design: Design): string {
	return design.tables.map((table) => `DROP TABLE IF EXISTS ${quoteIdent(keysTable(table.name))}, ${quoteIdent(countsTable(table.name))};`).join('\n');
}

// rn numbers the rows in the order of (owner, id), so one sort serves both numberings.
function keyStatements(design: Design, table: Table): string[] {
	const owner = table.name === design.isolation.ownerTable ? 'id' : table.ownerColumn;
	const ownerExpression = owner ? quoteIdent(owner) : 'NULL::bigint';
	return [
		`CREATE TEMP TABLE ${quoteIdent(keysTable(table.name))} AS SELECT id, ${ownerExpression} AS owner, row_number() OVER (ORDER BY ${ownerExpression}, id) AS rn, row_number() OVER (PARTITION BY ${ownerExpression} ORDER BY id) AS owner_rn FROM ${quoteIdent(table.name)};`,
		`CREATE TEMP TABLE ${quoteIdent(countsTable(table.name))} AS SELECT owner, count(*) AS cnt FROM ${quoteIdent(keysTable(table.name))} GROUP BY owner;`,
		`ANALYZE ${quoteIdent(keysTable(table.name))};`,
	];
}

interface Join {
	readonly sql: string;
	readonly alias: string;
	readonly required: boolean;
}

/**
 * The INSERT ... SELECT that makes a table's rows on the server. Rows are drawn in two fenced
 * steps (OFFSET 0 keeps the planner from merging them): the owner of each row and how many rows of
 * each parent that owner has come first, so that each parent row is then found by one hash lookup
 * on (owner, its number within the owner). Merged into one join, the planner matched every parent
 * row of the owner and filtered after: for a popular owner, hundreds of thousands of rows.
 */
function insertStatement(design: Design, table: Table, rows: number, seed: number): string {
	const ownerTable = design.isolation.ownerTable;
	const ownerFk = table.foreignKeys.find((fk) => fk.columns.length === 1 && fk.columns[0] === table.ownerColumn && fk.refTable === ownerTable);
	const randoms: string[] = [];
	/** Joined inside the fence: the owner and per-owner counts, exposed as columns of g. */
	const inner: string[] = [];
	const exposed: string[] = [];
	const joins: Join[] = [];
	const values = new Map<string, string>();
	if (ownerFk && table.ownerColumn) {
		randoms.push(`1 + floor(power(random(), 2) * (SELECT count(*) FROM ${quoteIdent(keysTable(ownerFk.refTable))}))::bigint AS owner_pick`);
		inner.push(`JOIN ${quoteIdent(keysTable(ownerFk.refTable))} AS o ON o.rn = g.owner_pick`);
		exposed.push('o.id AS owner_id');
		values.set(table.ownerColumn, 'g.owner_id');
	}
	table.foreignKeys.forEach((fk, position) => {
		if (fk === ownerFk) return;
		const column = fk.columns[fk.columns.length - 1]!;
		if (fk.refTable === table.name || design.tables.findIndex((candidate) => candidate.name === fk.refTable) > design.tables.indexOf(table)) {
			// Self-references and cycles are optional by construction: left NULL.
			values.set(column, 'NULL');
			return;
		}
		const pick = `r${position}`;
		randoms.push(`random() AS ${pick}`);
		const keys = quoteIdent(keysTable(fk.refTable));
		const alias = `p${position}`;
		const nullable = table.columns.find((candidate) => candidate.name === column)?.nullable ?? false;
		const scope = fk.columns.length === 2 ? values.get(fk.columns[0]!) : undefined;
		if (scope === 'g.owner_id') {
			// Scoped to the row's owner: how many rows that owner has is known inside the fence.
			inner.push(`LEFT JOIN ${quoteIdent(countsTable(fk.refTable))} AS c${position} ON c${position}.owner = o.id`);
			exposed.push(`c${position}.cnt AS c${position}_cnt`);
			joins.push({sql: `LEFT JOIN ${keys} AS ${alias} ON ${alias}.owner = g.owner_id AND ${alias}.owner_rn = 1 + floor(g.${pick} * g.c${position}_cnt)::bigint`, alias, required: !nullable});
		} else if (scope !== undefined) {
			const counts = quoteIdent(countsTable(fk.refTable));
			joins.push(
				{sql: `LEFT JOIN ${counts} AS c${position} ON c${position}.owner = ${scope}`, alias: `c${position}`, required: false},
				{sql: `LEFT JOIN ${keys} AS ${alias} ON ${alias}.owner = ${scope} AND ${alias}.owner_rn = 1 + floor(g.${pick} * c${position}.cnt)::bigint`, alias, required: !nullable},
			);
		} else {
			joins.push({sql: `LEFT JOIN ${keys} AS ${alias} ON ${alias}.rn = 1 + floor(g.${pick} * (SELECT count(*) FROM ${keys}))::bigint`, alias, required: !nullable});
		}
		values.set(column, nullable ? `CASE WHEN random() < 0.2 THEN NULL ELSE ${alias}.id END` : `${alias}.id`);
		if (fk.columns.length === 2 && !values.has(fk.columns[0]!)) values.set(fk.columns[0]!, `${alias}.owner`);
	});
	const inserted = table.columns.filter((column) => !column.identity && !column.generated && !(column.origin === 'primary-key' && column.default));
	const unique = uniqueColumns(design, table);
	const select = inserted.map((column) => values.get(column.name) ?? valueExpression(table, column, {seed, rows, isUnique: unique.has(column.name)}));
	const required = joins.filter((join) => join.required).map((join) => `${join.alias}.id IS NOT NULL`);
	const drawn = `(SELECT n${randoms.map((random) => `, ${random}`).join('')} FROM generate_series(1, ${rows}) AS n OFFSET 0) AS g`;
	return [
		`INSERT INTO ${quoteIdent(table.name)} (${inserted.map((column) => quoteIdent(column.name)).join(', ')})`,
		`SELECT ${select.join(',\n       ')}`,
		inner.length > 0 ? `FROM (SELECT g.*, ${exposed.join(', ')} FROM ${drawn}\n  ${inner.join('\n  ')}\n  OFFSET 0) AS g` : `FROM ${drawn}`,
		...joins.map((join) => join.sql),
		...(required.length > 0 ? [`WHERE ${required.join(' AND ')}`] : []),
		// Speculative insertion costs on every row: only where random picks can repeat a key.
		...(mayCollide(design, table) ? ['ON CONFLICT DO NOTHING'] : []),
	].join('\n') + ';';
}

/**
 * Whether two generated rows can share a key: a key is safe only when one of its columns is made
 * by the database (an identity or a default key); values made here can repeat once a CHECK bounds them.
 */
function mayCollide(design: Design, table: Table): boolean {
	const keys = [
		table.primaryKey.columns,
		...table.uniques.map((key) => key.columns),
		...indexesOf(design, table.name).filter((index) => index.unique).map((index) => index.keys.map((key) => key.column)),
	].filter((key) => key.length > 0);
	const safe = (name: string) => {
		const column = table.columns.find((candidate) => candidate.name === name);
		return column !== undefined && (column.identity !== undefined || (column.origin === 'primary-key' && column.default !== undefined));
	};
	return keys.some((key) => !key.some(safe));
}

/** Columns that must hold distinct values (alone or with the owner). */
function uniqueColumns(design: Design, table: Table): Set<string> {
	return new Set([
		...table.uniques.flatMap((unique) => unique.columns),
		...indexesOf(design, table.name).filter((index) => index.unique).flatMap((index) => index.keys.map((key) => key.column)),
	]);
}

interface ValueContext {
	readonly seed: number;
	readonly rows: number;
	readonly isUnique: boolean;
}

function rulesOf(table: Table, column: string): CheckRule[] {
	return table.checks.map((check) => check.rule).filter((rule) => rule.column === column);
}

function valueExpression(table: Table, column: Column, context: ValueContext): string {
	const base = baseExpression(table, column, context);
	const typed = column.type.isArray ? `ARRAY[${base}]::${renderType(column.type)}` : `(${base})::${renderType(column.type)}`;
	if (!column.nullable || column.role === 'deleted-at') return typed;
	return `CASE WHEN random() < 0.3 THEN NULL ELSE ${typed} END`;
}

function baseExpression(table: Table, column: Column, {seed, rows, isUnique}: ValueContext): string {
	const rules = rulesOf(table, column.name);
	const oneOf = rules.find((rule) => rule.kind === 'one-of');
	if (oneOf) return `(ARRAY[${oneOf.values.map(literal).join(', ')}])[1 + floor(random() * ${oneOf.values.length})::int]`;
	const pattern = rules.find((rule) => rule.kind === 'pattern');
	switch (column.role) {
		case 'email':
			return `'user' || g.n || '@example.com'`;
		case 'url':
			return `'https://example.com/' || g.n`;
		case 'password-hash':
			return `'$argon2id$v=19$m=65536,t=3,p=4$' || md5(g.n::text) || '$' || md5(g.n::text || 'hash')`;
		case 'created-at':
		case 'updated-at':
			return `${START} + g.n * INTERVAL '1 minute'`;
		case 'deleted-at':
			return `CASE WHEN random() < 0.1 THEN TIMESTAMPTZ '2025-06-01 00:00:00+00' END`;
		default:
			break;
	}
	if (pattern && pattern.kind === 'pattern') {
		// Unique columns need as many distinct matches as rows: row n takes the n-th.
		const wanted = isUnique ? Math.min(rows, MAX_PATTERN_SAMPLES) : 50;
		const samples = [...new Set(patternSamples(pattern.regex, Math.ceil(wanted * 1.2), seed + column.name.length))].slice(0, wanted);
		const pick = isUnique ? `1 + (g.n - 1) % ${samples.length}` : `1 + floor(random() * ${samples.length})::int`;
		return `(ARRAY[${samples.map(quoteLiteral).join(', ')}])[${pick}]`;
	}
	const range = rules.find((rule) => rule.kind === 'range');
	const length = rules.find((rule) => rule.kind === 'length');
	switch (column.type.name) {
		case 'smallint':
		case 'integer':
		case 'bigint': {
			const low = range?.kind === 'range' ? range.min : undefined;
			const high = range?.kind === 'range' ? range.max : undefined;
			const min = low !== undefined ? Math.ceil(low) : high !== undefined ? Math.floor(high) - 1000 : 0;
			const max = high !== undefined ? Math.floor(high) : min + 1000;
			return `${numberLiteral(min)} + floor(random() * ${numberLiteral(max - min + 1)})`;
		}
		case 'numeric':
		case 'real':
		case 'double precision': {
			const scale = column.type.scale ?? 2;
			const ceiling = column.type.precision !== undefined ? 10 ** (column.type.precision - scale) - 1 : 1000;
			const low = range?.kind === 'range' ? range.min : undefined;
			const high = range?.kind === 'range' ? range.max : undefined;
			const min = low ?? (high !== undefined ? Math.max(-ceiling, high - 1000) : 0);
			const max = Math.min(high ?? min + 1000, ceiling);
			return `round((${numberLiteral(min)} + random() * ${numberLiteral(max - min)})::numeric, ${scale})`;
		}
		case 'boolean':
			return 'random() < 0.5';
		case 'date':
			return `DATE '2024-01-01' + floor(random() * 730)::int`;
		case 'timestamptz':
		case 'timestamp':
			return `${START} + random() * INTERVAL '730 days'`;
		case 'time':
			return `TIME '08:00' + random() * INTERVAL '10 hours'`;
		case 'interval':
			return `random() * INTERVAL '30 days'`;
		case 'uuid':
			return `md5(g.n::text || ${quoteLiteral(column.name)})::uuid`;
		case 'jsonb':
		case 'json':
			return `jsonb_build_object('n', g.n)`;
		case 'bytea':
			return `decode(md5(g.n::text), 'hex')`;
		case 'inet':
			return `('10.' || (g.n / 65536) % 256 || '.' || (g.n / 256) % 256 || '.' || g.n % 256)`;
		case 'tsvector':
			return `to_tsvector('simple', 'sample')`;
		default: {
			const words = `(ARRAY[${WORDS.map(quoteLiteral).join(', ')}])`;
			// One common word and one of 400 rarer ones, so full-text search has selective terms too.
			const word = () => `${words}[1 + floor(random() * ${WORDS.length})::int]`;
			let text = `${word()} || ' ' || ${word()} || ${word()} || ' ' || g.n`;
			const max = length?.kind === 'length' ? length.max : undefined;
			const limit = column.type.name === 'varchar' ? column.type.length : undefined;
			const cap = Math.min(max ?? Number.POSITIVE_INFINITY, limit ?? Number.POSITIVE_INFINITY);
			if (Number.isFinite(cap)) text = `left(${text}, ${cap})`;
			// Padded up to the minimum length, never cut to it (rpad would truncate): the text is
			// laid over that many x's, so its random parts are drawn once.
			if (length?.kind === 'length' && length.min !== undefined && length.min > 0) text = `overlay(repeat('x', ${length.min}) placing ${text} from 1)`;
			return text;
		}
	}
}
