/**
 * verify.sql: checks, run after seed.sql, that raise an error at the first thing not as designed:
 * the catalog (tables, column types and nullability, constraints with their ON DELETE, indexes,
 * triggers, Row-Level Security), the seeded row counts, and behaviour — every CHECK, NOT NULL,
 * unique key and foreign key really rejects a bad row, the updated_at trigger fires, and isolation
 * really isolates (a row cannot point at another owner's row; under RLS another owner's rows are
 * invisible and cannot be written). Every change it tries is rolled back.
 */
import type {CheckConstraint, Column, Design, ForeignKey, SqlType, Table} from '../source/model/design.js';
import {derivedPart} from '../source/engine/imported.js';
import {indexesOf} from '../source/engine/lookup.js';
import {dollarQuote, identList, literal, localName, quoteIdent, quoteLiteral, quoteTable, renderType} from '../source/engine/sql.js';
import {regclassOf} from './ddl.js';
import {commentLines, file} from './lines.js';
import {seedCounts} from './seed-sql.js';

/** The prefix of the NOTICE each passing block raises; validation counts them. */
export const VERIFY_OK = 'verify ok:';

/** format_type() of a column type, as the catalog reports it. */
export function formatType(type: SqlType): string {
	const precision = 'precision' in type && type.precision !== undefined ? `(${type.precision})` : '';
	const base = (() => {
		switch (type.name) {
			case 'varchar':
				return type.length !== undefined ? `character varying(${type.length})` : 'character varying';
			case 'numeric':
				return type.precision !== undefined ? `numeric(${type.precision},${type.scale ?? 0})` : 'numeric';
			case 'timestamptz':
				return `timestamp${precision} with time zone`;
			case 'timestamp':
				return `timestamp${precision} without time zone`;
			case 'time':
				return `time${precision} without time zone`;
			case 'other':
				return type.raw ?? 'other';
			default:
				return type.name;
		}
	})();
	return type.isArray ? `${base}[]` : base;
}

/** Renders verify.sql. */
export function renderVerifySql(design: Design): string {
	// Imported tables get the catalog checks; the data checks need the seed, made for derived tables.
	const derived = derivedPart(design);
	const counts = seedCounts(derived);
	const blocks: string[][] = [
		catalogBlock(design),
		...(derived.tables.length > 0 ? [countBlock(derived, counts)] : []),
		...derived.tables.flatMap((table) => behaviourBlocks(derived, table)),
		...rlsBlocks(derived),
	];
	return file([
		`-- ${design.project.name}: verify`,
		'-- Run after schema.sql, indexes.sql and seed.sql, as a superuser (Row-Level Security is bypassed',
		'-- for the data checks and switched on explicitly for the isolation checks):',
		'--   psql -v ON_ERROR_STOP=1 -f verify.sql',
		'-- Each block raises an error at the first thing that is not as designed, and a NOTICE when it passes.',
		'-- Every change a check tries is rolled back: the data is left as it was.',
		'',
		...blocks.flatMap((block) => [...block, '']),
	]);
}

function doBlock(title: string, declarations: readonly string[], body: readonly string[]): string[] {
	const text = [
		...(declarations.length > 0 ? ['DECLARE', ...declarations.map((line) => `    ${line}`)] : []),
		'BEGIN',
		...body.map((line) => (line ? `    ${line}` : line)),
		`    RAISE NOTICE '%', ${quoteLiteral(`${VERIFY_OK} ${title}`)};`,
		'END',
	].join('\n');
	return [...commentLines(title), `DO ${dollarQuote(`\n${text}\n`, 'verify')};`];
}

/** RAISE EXCEPTION with a fixed message (% doubled: RAISE reads it as a placeholder). */
function fail(message: string): string {
	return `RAISE EXCEPTION ${quoteLiteral(`verify: ${message.replaceAll('%', '%%')}`)};`;
}

/** Compares an aggregated catalog string with the expected one, failing with both in the message. */
function compare(label: string, query: string, expected: string): string[] {
	return [
		`SELECT coalesce((${query}), '') INTO actual;`,
		`IF actual IS DISTINCT FROM ${quoteLiteral(expected)} THEN`,
		`    RAISE EXCEPTION 'verify: % differ from the design', ${quoteLiteral(label)} USING DETAIL = format(E'expected: %s\\nactual:   %s', ${quoteLiteral(expected)}, actual);`,
		'END IF;',
	];
}

function catalogBlock(design: Design): string[] {
	const body: string[] = [];
	for (const table of design.tables) {
		body.push(
			`IF to_regclass(${quoteLiteral(quoteTable(table))}) IS NULL THEN`,
			`    ${fail(`table ${table.name} is missing`)}`,
			'END IF;',
		);
	}
	for (const table of design.tables) {
		const rel = regclassOf(quoteTable(table));
		const columns = table.columns.map((column) => `${column.name} ${formatType(column.type)}${column.nullable ? '' : ' not null'}`).join(', ');
		body.push(
			...compare(
				`columns of ${table.name}`,
				`SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END, ', ' ORDER BY a.attnum) FROM pg_attribute a WHERE a.attrelid = ${rel} AND a.attnum > 0 AND NOT a.attisdropped`,
				columns,
			),
			...compare(
				`constraints of ${table.name}`,
				`SELECT string_agg(c.conname || ' ' || c.contype::text || CASE WHEN c.contype = 'f' THEN ' ' || c.confdeltype::text ELSE '' END || CASE WHEN c.convalidated THEN '' ELSE ' not valid' END, ', ' ORDER BY c.conname) FROM pg_constraint c WHERE c.conrelid = ${rel} AND c.contype IN ('p', 'u', 'f', 'c') AND c.conparentid = 0`,
				constraintSignature(table),
			),
			...compare(
				`indexes of ${table.name}`,
				`SELECT string_agg(c.relname || CASE WHEN i.indisunique THEN ' unique' ELSE '' END || CASE WHEN i.indisvalid THEN '' ELSE ' INVALID' END, ', ' ORDER BY c.relname) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = ${rel}`,
				indexSignature(design, table),
			),
			...compare(
				`triggers of ${table.name}`,
				`SELECT string_agg(t.tgname, ', ' ORDER BY t.tgname) FROM pg_trigger t WHERE t.tgrelid = ${rel} AND NOT t.tgisinternal AND t.tgparentid = 0`,
				design.triggers
					.filter((trigger) => trigger.table === table.name)
					.map((trigger) => trigger.name)
					.sort()
					.join(', '),
			),
			...compare(
				`row-level security of ${table.name}`,
				`SELECT c.relrowsecurity::text || ' ' || c.relforcerowsecurity::text || ' ' || coalesce((SELECT string_agg(p.polname, ', ' ORDER BY p.polname) FROM pg_policy p WHERE p.polrelid = c.oid), '') FROM pg_class c WHERE c.oid = ${rel}`,
				`${table.rowLevelSecurity} ${table.imported ? Boolean(table.forceRowLevelSecurity) : table.rowLevelSecurity} ${design.policies
					.filter((policy) => policy.table === table.name)
					.map((policy) => policy.name)
					.sort()
					.join(', ')}`,
			),
		);
	}
	return doBlock(`catalog: ${design.tables.length} tables with their columns, constraints, indexes, triggers and policies`, ['actual text;'], body);
}

const DELETE_ACTIONS = {cascade: 'c', restrict: 'r', 'set-null': 'n', 'no-action': 'a'} as const;

function constraintSignature(table: Table): string {
	const entries = [
		...primaryKeyEntry(table, 'p'),
		...table.uniques.map((unique) => `${unique.name} u`),
		...table.foreignKeys.map((fk) => `${fk.name} f ${DELETE_ACTIONS[fk.onDelete]}${fk.notValid || fk.definition?.endsWith(' NOT VALID') ? ' not valid' : ''}`),
		...table.checks.map((check) => `${check.name} c${check.notValid ? ' not valid' : ''}`),
	];
	return entries.sort(byName).join(', ');
}

function primaryKeyEntry(table: Table, suffix: string): string[] {
	return table.primaryKey.columns.length > 0 ? [`${table.primaryKey.name} ${suffix}`] : [];
}

function indexSignature(design: Design, table: Table): string {
	const entries = [
		...primaryKeyEntry(table, 'unique'),
		...table.uniques.map((unique) => `${unique.name} unique`),
		...indexesOf(design, table.name).filter((index) => !index.invalid).map((index) => `${localName(index)}${index.unique ? ' unique' : ''}`),
	];
	return entries.sort(byName).join(', ');
}

/** Sorts as PostgreSQL's ORDER BY on name does for our identifiers (C collation of ASCII names). */
function byName(left: string, right: string): number {
	const a = left.split(' ')[0]!;
	const b = right.split(' ')[0]!;
	return a < b ? -1 : a > b ? 1 : 0;
}

function countBlock(design: Design, counts: ReadonlyMap<string, number>): string[] {
	const body: string[] = [];
	for (const table of design.tables) {
		const expected = counts.get(table.name) ?? 0;
		body.push(
			`SELECT count(*) INTO actual FROM ${quoteIdent(table.name)};`,
			`IF actual <> ${expected} THEN`,
			`    RAISE EXCEPTION 'verify: % holds % rows; seed.sql inserts ${expected}', ${quoteLiteral(table.name)}, actual;`,
			'END IF;',
		);
	}
	return doBlock('row counts: every table holds exactly the rows seed.sql inserts', ['actual bigint;'], body);
}

/** A WHERE clause picking one row of a table by its primary key (qualified when the UPDATE has an alias). */
function oneRow(table: Table, extra = '', alias?: string): string {
	const key = identList(table.primaryKey.columns);
	const target = alias ? table.primaryKey.columns.map((column) => `${alias}.${quoteIdent(column)}`).join(', ') : key;
	return `(${target}) = (SELECT ${key} FROM ${quoteIdent(table.name)} AS one${extra ? ` WHERE ${extra}` : ''} ORDER BY ${key} LIMIT 1)`;
}

/** Expects a statement to fail with a condition; any other outcome raises. */
function expectFailure(statement: string, condition: string, message: string): string[] {
	return ['BEGIN', `    ${statement}`, `    ${fail(message)}`, `EXCEPTION WHEN ${condition} THEN NULL;`, 'END;'];
}

function behaviourBlocks(design: Design, table: Table): string[][] {
	const blocks: string[][] = [];
	const name = quoteIdent(table.name);
	const body: string[] = [];
	const declarations: string[] = [];
	for (const check of table.checks) body.push(...checkViolation(table, check));
	for (const column of table.columns.filter((candidate) => !candidate.nullable && candidate.origin === 'field')) {
		body.push(
			...expectFailure(
				`UPDATE ${name} SET ${quoteIdent(column.name)} = NULL WHERE ${oneRow(table)};`,
				'not_null_violation',
				`${table.name}.${column.name} accepted NULL; it must be NOT NULL`,
			),
		);
	}
	const uniqueSets = uniqueKeys(design, table);
	const id = table.columns.find((column) => column.name === 'id' && table.primaryKey.columns.length === 1 && table.primaryKey.columns[0] === 'id');
	if (id && uniqueSets.length > 0) {
		declarations.push(`a_id ${renderType(id.type)};`, `b_id ${renderType(id.type)};`);
		for (const key of uniqueSets) body.push(...uniqueViolation(table, key));
	}
	for (const fk of table.foreignKeys) body.push(...foreignKeyViolation(design, table, fk));
	if (table.columns.some((column) => column.role === 'updated-at') && design.triggers.some((trigger) => trigger.table === table.name)) {
		declarations.push('stamped timestamptz;');
		body.push(
			'BEGIN',
			`    UPDATE ${name} SET updated_at = '2000-01-01 00:00:00+00' WHERE ${oneRow(table)} RETURNING updated_at INTO stamped;`,
			`    IF stamped IS NULL OR stamped = '2000-01-01 00:00:00+00' THEN`,
			`        ${fail(`the updated_at trigger of ${table.name} did not set updated_at`)}`,
			'    END IF;',
			"    RAISE SQLSTATE 'PGDV0';",
			"EXCEPTION WHEN SQLSTATE 'PGDV0' THEN NULL;",
			'END;',
		);
	}
	if (body.length > 0) blocks.push(doBlock(`${table.name}: constraints reject bad rows${table.ownerColumn ? ' and rows of another owner' : ''}`, declarations, body));
	return blocks;
}

function numericBounds(type: SqlType): {min: number; max: number} | undefined {
	switch (type.name) {
		case 'smallint':
			return {min: -32_768, max: 32_767};
		case 'integer':
			return {min: -2_147_483_648, max: 2_147_483_647};
		case 'bigint':
			return {min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER};
		case 'numeric':
			if (type.precision === undefined) return {min: -1e15, max: 1e15};
			return {min: -(10 ** (type.precision - (type.scale ?? 0))) + 1, max: 10 ** (type.precision - (type.scale ?? 0)) - 1};
		default:
			return {min: -1e15, max: 1e15};
	}
}

function checkViolation(table: Table, check: CheckConstraint): string[] {
	const {rule} = check;
	// A rule read from an existing database has no known bad value to try; the catalog check covers it.
	if (rule.kind === 'expression') return [];
	const column = table.columns.find((candidate) => candidate.name === rule.column)!;
	const set = (value: string) => `UPDATE ${quoteIdent(table.name)} SET ${quoteIdent(rule.column)} = ${value} WHERE ${oneRow(table)};`;
	const expect = (value: string, shown: string) =>
		expectFailure(set(value), 'check_violation', `${check.name} accepted ${table.name}.${rule.column} = ${shown}`);
	switch (rule.kind) {
		case 'range': {
			const bounds = numericBounds(column.type)!;
			if (rule.max !== undefined && rule.max + 1 <= bounds.max) return expect(literal(rule.max + 1), String(rule.max + 1));
			if (rule.min !== undefined && rule.min - 1 >= bounds.min) return expect(literal(rule.min - 1), String(rule.min - 1));
			return [];
		}
		case 'length': {
			const limit = column.type.name === 'varchar' ? column.type.length : undefined;
			if (rule.max !== undefined && (limit === undefined || limit > rule.max)) {
				return expect(`repeat('x', ${rule.max + 1})`, `a text of ${rule.max + 1} characters`);
			}
			if (rule.min !== undefined && rule.min > 0) return expect(`repeat('x', ${rule.min - 1})`, `a text of ${rule.min - 1} characters`);
			return [];
		}
		case 'one-of': {
			const numbers = rule.values.filter((value): value is number => typeof value === 'number');
			if (numbers.length > 0) {
				const outside = Math.max(...numbers) + 1;
				return outside <= numericBounds(column.type)!.max ? expect(literal(outside), String(outside)) : [];
			}
			const value = 'verify: not an allowed value';
			return column.type.name === 'varchar' && column.type.length !== undefined && column.type.length < value.length ? [] : expect(quoteLiteral(value), value);
		}
		case 'pattern': {
			// PostgreSQL picks a candidate its own regex engine rejects: JavaScript's differs.
			const candidates = ['', ' ', '!', '@', '0', 'x y', 'verify-not-matching'].map(quoteLiteral).join(', ');
			const pick = `(SELECT candidate FROM unnest(ARRAY[${candidates}]) AS candidate WHERE candidate !~ ${quoteLiteral(rule.regex)} LIMIT 1)`;
			return [
				`IF ${pick} IS NOT NULL THEN`,
				...expectFailure(set(pick), 'check_violation', `${check.name} accepted a value that does not match its pattern`).map((line) => `    ${line}`),
				'END IF;',
			];
		}
		case 'not-blank':
			return expect(`'   '`, 'a blank text');
	}
}

interface UniqueKey {
	readonly name: string;
	readonly columns: readonly string[];
	/** Columns that scope the key (the owner): the two rows must share them. */
	readonly scope: readonly string[];
	readonly caseInsensitive: boolean;
	readonly liveOnly: boolean;
}

function uniqueKeys(design: Design, table: Table): UniqueKey[] {
	const scopeOf = (columns: readonly string[]) => columns.filter((name) => name === table.ownerColumn);
	const keys: UniqueKey[] = table.uniques
		// The (owner, id) target of composite foreign keys is unique through the primary key anyway.
		.filter((unique) => !unique.columns.includes('id'))
		.map((unique) => ({name: unique.name, columns: unique.columns, scope: scopeOf(unique.columns), caseInsensitive: false, liveOnly: false}));
	for (const index of indexesOf(design, table.name).filter((candidate) => candidate.unique)) {
		const columns = index.keys.map((key) => key.column);
		keys.push({
			name: index.name,
			columns,
			scope: scopeOf(columns),
			caseInsensitive: index.keys.some((key) => 'expression' in key),
			liveOnly: index.where.length > 0,
		});
	}
	return keys;
}

function uniqueViolation(table: Table, key: UniqueKey): string[] {
	const name = quoteIdent(table.name);
	const values = key.columns.filter((column) => !key.scope.includes(column));
	if (values.length === 0) return [];
	const join = ['a.id < b.id', ...key.scope.map((column) => `a.${quoteIdent(column)} = b.${quoteIdent(column)}`), ...values.map((column) => `b.${quoteIdent(column)} IS NOT NULL`)];
	if (key.liveOnly) join.push('a.deleted_at IS NULL', 'b.deleted_at IS NULL');
	const assignments = values.map((column) => {
		const source = `(SELECT ${quoteIdent(column)} FROM ${name} WHERE id = b_id)`;
		return `${quoteIdent(column)} = ${key.caseInsensitive ? `upper(${source})` : source}`;
	});
	return [
		`a_id := NULL;`,
		`SELECT a.id, b.id INTO a_id, b_id FROM ${name} a JOIN ${name} b ON ${join.join(' AND ')} ORDER BY a.id, b.id LIMIT 1;`,
		'IF a_id IS NULL THEN',
		`    ${fail(`cannot test ${key.name}: the seed has no two ${table.name} rows to compare`)}`,
		'END IF;',
		...expectFailure(
			`UPDATE ${name} SET ${assignments.join(', ')} WHERE id = a_id;`,
			'unique_violation',
			`${key.name} accepted a duplicate ${values.join(', ')}${key.caseInsensitive ? ' differing only in case' : ''}`,
		),
	];
}

function missingId(type: SqlType): string {
	return type.name === 'uuid' ? `'00000000-0000-0000-0000-000000000000'::uuid` : '-1';
}

function foreignKeyViolation(design: Design, table: Table, fk: ForeignKey): string[] {
	const name = quoteIdent(table.name);
	const column = fk.columns[fk.columns.length - 1]!;
	const type = table.columns.find((candidate: Column) => candidate.name === column)!.type;
	const lines = expectFailure(
		`UPDATE ${name} SET ${quoteIdent(column)} = ${missingId(type)} WHERE ${oneRow(table)};`,
		'foreign_key_violation',
		`${fk.name} accepted a ${table.name}.${column} that points at no ${fk.refTable} row`,
	);
	if (fk.columns.length !== 2 || !table.ownerColumn || fk.columns[0] !== table.ownerColumn) return lines;
	const owner = quoteIdent(table.ownerColumn);
	const parent = quoteIdent(fk.refTable);
	const mode = design.isolation.mode;
	const hasOtherParent = `EXISTS (SELECT FROM ${parent} p WHERE p.${owner} <> one.${owner})`;
	return [
		...lines,
		`IF NOT EXISTS (SELECT FROM ${name} AS one WHERE ${hasOtherParent}) THEN`,
		`    ${fail(`cannot test isolation of ${table.name}.${column}: the seed has no ${fk.refTable} row of another ${mode}`)}`,
		'END IF;',
		...expectFailure(
			`UPDATE ${name} AS child SET ${quoteIdent(column)} = (SELECT p.id FROM ${parent} p WHERE p.${owner} <> child.${owner} ORDER BY p.id LIMIT 1) WHERE ${oneRow(table, hasOtherParent, 'child')};`,
			'foreign_key_violation',
			`isolation broken: a ${table.name} row could point at a ${fk.refTable} row of another ${mode} (${fk.name})`,
		),
	];
}

function rlsBlocks(design: Design): string[][] {
	const role = design.roles[0];
	const {setting} = design.isolation;
	if (!role || !setting) return [];
	return design.tables
		.filter((table) => table.rowLevelSecurity)
		.map((table) => {
			const isOwnerTable = table.name === design.isolation.ownerTable;
			const column = isOwnerTable ? 'id' : table.ownerColumn!;
			const type = table.columns.find((candidate) => candidate.name === column)!.type;
			const touched = table.columns.find((candidate) => !candidate.identity && !candidate.generated && candidate.name !== column) ?? table.columns[0]!;
			const name = quoteIdent(table.name);
			const col = quoteIdent(column);
			const asRole = [`PERFORM set_config('role', ${quoteLiteral(role.name)}, true);`, `PERFORM set_config(${quoteLiteral(setting)}, owner_value::text, true);`];
			const asSuperuser = `PERFORM set_config('role', 'none', true);`;
			const moveCheck = isOwnerTable
				? []
				: [
						...asRole,
						'BEGIN',
						`    UPDATE ${name} SET ${col} = other_value WHERE ${col} = owner_value;`,
						`    ${fail(`Row-Level Security on ${table.name} let a row be moved to another ${design.isolation.mode}`)}`,
						'EXCEPTION WHEN insufficient_privilege THEN NULL;',
						'END;',
						asSuperuser,
					];
			return doBlock(
				`${table.name}: Row-Level Security shows and changes only the current ${design.isolation.mode}'s rows`,
				[`owner_value ${renderType(type)};`, `other_value ${renderType(type)};`, 'leaked bigint;', 'visible bigint;', 'changed bigint;'],
				[
					`SELECT ${col} INTO owner_value FROM ${name} ORDER BY ${col} LIMIT 1;`,
					`SELECT ${col} INTO other_value FROM ${name} WHERE ${col} <> owner_value ORDER BY ${col} LIMIT 1;`,
					'IF owner_value IS NULL OR other_value IS NULL THEN',
					`    ${fail(`cannot test Row-Level Security on ${table.name}: the seed needs rows of two ${design.isolation.mode}s`)}`,
					'END IF;',
					...asRole,
					`SELECT count(*) FILTER (WHERE ${col} <> owner_value), count(*) INTO leaked, visible FROM ${name};`,
					`UPDATE ${name} SET ${quoteIdent(touched.name)} = ${quoteIdent(touched.name)} WHERE ${col} = other_value;`,
					'GET DIAGNOSTICS changed = ROW_COUNT;',
					asSuperuser,
					'IF leaked > 0 OR visible = 0 OR changed > 0 THEN',
					`    RAISE EXCEPTION 'verify: Row-Level Security on % shows % rows of other owners (% rows in all) and let % of them be changed', ${quoteLiteral(table.name)}, leaked, visible, changed;`,
					'END IF;',
					...moveCheck,
				],
			);
		});
}
