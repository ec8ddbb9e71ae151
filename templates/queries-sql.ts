/**
 * queries.sql: the queries an application needs, sqlc-annotated (`-- name: GetTask :one`), with
 * positional parameters cast to their column types so each one PREPAREs on its own.
 *
 * Per entity: get, keyset-paginated list, create, update, delete (or soft delete), batch insert;
 * per link table: add, remove, list both ways; per access pattern: its query, shaped to use the
 * index planned for it. Under isolation every query of an owned table filters by the owner.
 */
import type {Column, Design, QueryPattern, SqlType, Table} from '../source/model/design.js';
import {groupBy} from '../source/engine/collections.js';
import {findTable, patternsOf, perDesign} from '../source/engine/lookup.js';
import {className, pascalCase} from '../source/engine/naming.js';
import {identList, quoteIdent, renderPredicate, renderType} from '../source/engine/sql.js';
import {commentLines, file} from './lines.js';

/** What a parameter stands for: validation picks sample values by this. */
export type ParamRole = 'owner' | 'id' | 'equals' | 'range-from' | 'range-to' | 'limit' | 'cursor' | 'value' | 'search';

export interface QueryParam {
	readonly position: number;
	readonly role: ParamRole;
	readonly column?: string;
	readonly type: SqlType;
}

export interface Query {
	readonly name: string;
	readonly command: ':one' | ':many' | ':exec' | ':execrows';
	readonly table: string;
	readonly comment: string;
	readonly sql: string;
	readonly params: readonly QueryParam[];
	/** The access pattern this query implements, if any. */
	readonly pattern?: string;
}

const INTEGER: SqlType = {name: 'integer'};
const TEXT: SqlType = {name: 'text'};

/** Builds every query of the design, in a stable order. */
export function buildQueries(design: Design): Query[] {
	const queries: Query[] = [];
	for (const table of design.tables) {
		queries.push(...(table.kind === 'junction' ? junctionQueries(design, table) : entityQueries(design, table)));
		queries.push(...patternsOf(design, table.name).flatMap((pattern) => patternQueries(design, table, pattern)));
	}
	const patternNames = new Set(design.patterns.map((pattern) => pattern.name));
	const seen = new Set<string>();
	// An access pattern's query wins over a generated one of the same name.
	return queries.filter((query) => {
		if (seen.has(query.name) || (patternNames.has(query.name) && query.pattern === undefined)) return false;
		seen.add(query.name);
		return true;
	});
}

/** Renders queries.sql. */
export function renderQueriesSql(design: Design): string {
	const queries = buildQueries(design);
	const lines = [
		`-- ${design.project.name}: queries`,
		'-- sqlc-style: each query is named and annotated (-- name: X :one|:many|:exec|:execrows);',
		'-- parameters are positional ($1, $2) and cast to their column types.',
		...(design.isolation.mode !== 'none'
			? commentLines(
					`Isolation: every query of a per-${design.isolation.mode} table filters by its owner column${
						design.isolation.enforcement === 'rls'
							? `; Row-Level Security also needs SELECT set_config('${design.isolation.setting}', $1, true) at the start of each transaction`
							: ''
					}.`,
				)
			: []),
		'',
	];
	for (const query of queries) {
		lines.push(`-- name: ${query.name} ${query.command}`, ...commentLines(query.comment), query.sql, '');
	}
	return file(lines);
}

/** Builds the SQL text of a query step by step, numbering parameters as they are used. */
class ParamList {
	readonly params: QueryParam[] = [];

	add(role: ParamRole, type: SqlType, column?: string): string {
		const position = this.params.length + 1;
		this.params.push({position, role, type, ...(column ? {column} : {})});
		return `$${position}::${renderType(type)}`;
	}
}

function columnOf(table: Table, name: string): Column {
	const column = table.columns.find((candidate) => candidate.name === name);
	if (!column) throw new Error(`queries: ${table.name} has no column ${name}`);
	return column;
}

/** Columns an application reads: never the password hash nor the search vector. */
function readable(table: Table): string[] {
	return table.columns.filter((column) => column.role !== 'password-hash' && column.type.name !== 'tsvector').map((column) => column.name);
}

/** Columns an application writes on insert: not the ones the database fills. */
function insertable(table: Table): Column[] {
	return table.columns.filter(
		(column) =>
			!column.identity &&
			!column.generated &&
			column.origin !== 'audit' &&
			column.origin !== 'soft-delete' &&
			!(column.origin === 'primary-key' && column.default),
	);
}

function isOwnerTable(design: Design, table: Table): boolean {
	return design.isolation.ownerTable === table.name;
}

/** The equality with a parameter, through lower() for case-insensitive e-mail columns. */
function equality(column: Column, param: string, qualifier?: string): string {
	const ref = qualifier ? `${quoteIdent(qualifier)}.${quoteIdent(column.name)}` : quoteIdent(column.name);
	return column.role === 'email' ? `lower(${ref}) = lower(${param})` : `${ref} = ${param}`;
}

function liveOnly(table: Table, qualifier?: string): string[] {
	return table.softDelete ? [renderPredicate({column: 'deleted_at', op: 'is-null'}, qualifier)] : [];
}

function where(conditions: readonly string[]): string {
	if (conditions.length === 0) return '';
	return `WHERE ${conditions.join('\n  AND ')}`;
}

function returning(table: Table): string {
	return `RETURNING ${identList(readable(table))}`;
}

function query(name: string, command: Query['command'], table: Table, comment: string, sqlLines: readonly string[], params: ParamList, pattern?: string): Query {
	const sql = `${sqlLines.filter((line) => line.length > 0).join('\n')};`;
	return {name, command, table: table.name, comment, sql, params: params.params, ...(pattern ? {pattern} : {})};
}

/** The key filter of one row: id, plus the owner under isolation. */
function rowFilter(design: Design, table: Table, params: ParamList): string[] {
	const id = columnOf(table, 'id');
	const filters = [`id = ${params.add('id', id.type, 'id')}`];
	if (table.ownerColumn && !isOwnerTable(design, table)) {
		filters.push(`${quoteIdent(table.ownerColumn)} = ${params.add('owner', columnOf(table, table.ownerColumn).type, table.ownerColumn)}`);
	}
	return filters;
}

function entityQueries(design: Design, table: Table): Query[] {
	const singular = className(table.name);
	const plural = pascalCase(table.name);
	const from = `FROM ${quoteIdent(table.name)}`;
	const owner = table.ownerColumn && !isOwnerTable(design, table) ? columnOf(table, table.ownerColumn) : undefined;
	const ownerWords = owner ? ` of one ${owner.name.replace(/_id$/, '')}` : '';
	const queries: Query[] = [];

	{
		const params = new ParamList();
		queries.push(
			query(`Get${singular}`, ':one', table, `One ${singular.toLowerCase()} by id${ownerWords}.`, [
				`SELECT ${identList(readable(table))}`,
				from,
				where([...rowFilter(design, table, params), ...liveOnly(table)]),
			], params),
		);
	}
	{
		const params = new ParamList();
		const filters = owner ? [`${quoteIdent(owner.name)} = ${params.add('owner', owner.type, owner.name)}`] : [];
		filters.push(`id > ${params.add('cursor', columnOf(table, 'id').type, 'id')}`, ...liveOnly(table));
		const limit = params.add('limit', INTEGER);
		queries.push(
			query(
				`List${plural}`,
				':many',
				table,
				`A page of ${table.name}${ownerWords}, keyset-paginated: pass the last id of the previous page (0${columnOf(table, 'id').type.name === 'uuid' ? ` or '00000000-0000-0000-0000-000000000000'` : ''} for the first). Unlike OFFSET, every page costs the same.`,
				[`SELECT ${identList(readable(table))}`, from, where(filters), 'ORDER BY id', `LIMIT ${limit}`],
				params,
			),
		);
	}
	const writable = insertable(table);
	if (writable.length > 0) {
		const params = new ParamList();
		const values = writable.map((column) => params.add(column.name === table.ownerColumn ? 'owner' : 'value', column.type, column.name));
		queries.push(
			query(`Create${singular}`, ':one', table, `Inserts one ${singular.toLowerCase()} and returns it.`, [
				`INSERT INTO ${quoteIdent(table.name)} (${identList(writable.map((column) => column.name))})`,
				`VALUES (${values.join(', ')})`,
				returning(table),
			], params),
		);
	}
	const updatable = writable.filter((column) => column.name !== table.ownerColumn && column.origin !== 'primary-key');
	if (updatable.length > 0) {
		const params = new ParamList();
		const filters = rowFilter(design, table, params);
		const sets = updatable.map((column) => `${quoteIdent(column.name)} = ${params.add('value', column.type, column.name)}`);
		queries.push(
			query(`Update${singular}`, ':one', table, `Replaces the fields of one ${singular.toLowerCase()}${ownerWords}; updated_at is set by the trigger.`, [
				`UPDATE ${quoteIdent(table.name)}`,
				`SET ${sets.join(',\n    ')}`,
				where([...filters, ...liveOnly(table)]),
				returning(table),
			], params),
		);
	}
	{
		const params = new ParamList();
		const filters = rowFilter(design, table, params);
		queries.push(
			table.softDelete
				? query(`SoftDelete${singular}`, ':execrows', table, `Marks one ${singular.toLowerCase()} deleted (deleted_at = now()); it disappears from every other query.`, [
						`UPDATE ${quoteIdent(table.name)}`,
						'SET deleted_at = now()',
						where([...filters, ...liveOnly(table)]),
					], params)
				: query(`Delete${singular}`, ':execrows', table, `Deletes one ${singular.toLowerCase()}${ownerWords}${cascadeWords(design, table)}.`, [
						`DELETE ${from}`,
						where(filters),
					], params),
		);
	}
	const batchable = writable.filter((column) => !column.type.isArray && column.name !== owner?.name);
	if (batchable.length > 0 && batchable.length === writable.filter((column) => column.name !== owner?.name).length) {
		const params = new ParamList();
		const ownerParam = owner ? params.add('owner', owner.type, owner.name) : undefined;
		const arrays = batchable.map((column) => params.add('value', {...column.type, isArray: true}, column.name));
		queries.push(
			query(
				`Create${plural}Batch`,
				':many',
				table,
				`Inserts many ${table.name}${ownerWords} in one statement: one array per column, all of the same length.`,
				[
					`INSERT INTO ${quoteIdent(table.name)} (${identList([...(owner ? [owner.name] : []), ...batchable.map((column) => column.name)])})`,
					`SELECT ${[...(ownerParam ? [ownerParam] : []), ...batchable.map((column) => `batch.${quoteIdent(column.name)}`)].join(', ')}`,
					`FROM unnest(${arrays.join(', ')}) AS batch(${identList(batchable.map((column) => column.name))})`,
					'RETURNING id',
				],
				params,
			),
		);
	}
	return queries;
}

/** The tables each table's rows cascade to, by the parent's name (once per design). */
const cascadeChildren = perDesign((design) =>
	groupBy(
		design.tables.flatMap((child) => child.foreignKeys.filter((fk) => fk.onDelete === 'cascade').map((fk) => ({parent: fk.refTable, child: child.name}))),
		(link) => link.parent,
	),
);

function cascadeWords(design: Design, table: Table): string {
	const children = (cascadeChildren(design).get(table.name) ?? []).map((link) => link.child);
	return children.length > 0 ? `; ON DELETE CASCADE also deletes its ${[...new Set(children)].join(', ')}` : '';
}

function junctionQueries(design: Design, table: Table): Query[] {
	const links = table.foreignKeys.filter((fk) => fk.cardinality === 'many-to-many');
	if (links.length !== 2) return [];
	const [left, right] = links as [typeof links[number], typeof links[number]];
	const leftColumn = left.columns[left.columns.length - 1]!;
	const rightColumn = right.columns[right.columns.length - 1]!;
	const owner = table.ownerColumn ? columnOf(table, table.ownerColumn) : undefined;
	const linkName = `${className(left.refTable)}${className(right.refTable)}`;
	const queries: Query[] = [];
	{
		const params = new ParamList();
		const columns = [...(owner ? [owner] : []), columnOf(table, leftColumn), columnOf(table, rightColumn)];
		const values = columns.map((column) => params.add(column === owner ? 'owner' : 'value', column.type, column.name));
		queries.push(
			query(`Add${linkName}`, ':exec', table, `Links a ${left.refTable} row and a ${right.refTable} row; linking twice is harmless.`, [
				`INSERT INTO ${quoteIdent(table.name)} (${identList(columns.map((column) => column.name))})`,
				`VALUES (${values.join(', ')})`,
				'ON CONFLICT DO NOTHING',
			], params),
		);
	}
	{
		const params = new ParamList();
		const filters = [
			...(owner ? [`${quoteIdent(owner.name)} = ${params.add('owner', owner.type, owner.name)}`] : []),
			`${quoteIdent(leftColumn)} = ${params.add('value', columnOf(table, leftColumn).type, leftColumn)}`,
			`${quoteIdent(rightColumn)} = ${params.add('value', columnOf(table, rightColumn).type, rightColumn)}`,
		];
		queries.push(query(`Remove${linkName}`, ':execrows', table, `Unlinks a ${left.refTable} row and a ${right.refTable} row.`, [`DELETE FROM ${quoteIdent(table.name)}`, where(filters)], params));
	}
	for (const [from, to] of [
		[left, right],
		[right, left],
	] as const) {
		const target = findTable(design, to.refTable);
		if (!target) continue;
		const params = new ParamList();
		const fromColumn = from.columns[from.columns.length - 1]!;
		const toColumn = to.columns[to.columns.length - 1]!;
		const joinOn = [`t.id = link.${quoteIdent(toColumn)}`, ...(owner && target.ownerColumn === owner.name ? [`t.${quoteIdent(owner.name)} = link.${quoteIdent(owner.name)}`] : [])];
		const filters = [
			...(owner ? [`link.${quoteIdent(owner.name)} = ${params.add('owner', owner.type, owner.name)}`] : []),
			`link.${quoteIdent(fromColumn)} = ${params.add('equals', columnOf(table, fromColumn).type, fromColumn)}`,
			...liveOnly(target, 't'),
		];
		const limit = params.add('limit', INTEGER);
		queries.push(
			query(
				`List${pascalCase(to.refTable)}For${className(from.refTable)}`,
				':many',
				table,
				`The ${to.refTable} linked to one ${from.refTable} row, through ${table.name}.`,
				[
					`SELECT ${readable(target).map((name) => `t.${quoteIdent(name)}`).join(', ')}`,
					`FROM ${quoteIdent(table.name)} AS link`,
					`JOIN ${quoteIdent(target.name)} AS t ON ${joinOn.join(' AND ')}`,
					where(filters),
					'ORDER BY t.id',
					`LIMIT ${limit}`,
				],
				params,
			),
		);
	}
	return queries;
}

/** The WHERE conditions of an access pattern, shared by its query and its keyset variant. */
function patternFilters(table: Table, pattern: QueryPattern, params: ParamList): string[] {
	const filters: string[] = [];
	for (const name of pattern.equals) {
		const column = columnOf(table, name);
		filters.push(equality(column, params.add(name === table.ownerColumn ? 'owner' : 'equals', column.type, name)));
	}
	for (const condition of pattern.conditions) filters.push(renderPredicate(condition));
	for (const name of pattern.ranges) {
		const column = columnOf(table, name);
		filters.push(`${quoteIdent(name)} >= ${params.add('range-from', column.type, name)}`, `${quoteIdent(name)} < ${params.add('range-to', column.type, name)}`);
	}
	return filters;
}

function orderBy(pattern: QueryPattern, withId: boolean): string {
	const keys = pattern.sort.map((key) => `${quoteIdent(key.column)}${key.descending ? ' DESC' : ''}`);
	if (withId) keys.push(`id${pattern.sort.every((key) => key.descending) && pattern.sort.length > 0 ? ' DESC' : ''}`);
	return keys.length > 0 ? `ORDER BY ${keys.join(', ')}` : '';
}

function patternQueries(design: Design, table: Table, pattern: QueryPattern): Query[] {
	const columns = pattern.select.length > 0 ? pattern.select : readable(table);
	const from = `FROM ${quoteIdent(table.name)}`;
	const served = pattern.index ? ` Uses ${pattern.index}.` : ' No index serves it: see the lint findings.';
	const comment = `${pattern.description.charAt(0).toUpperCase()}${pattern.description.slice(1)} (~${pattern.perSecond}/s).${served}`;
	if (pattern.kind === 'count') {
		const params = new ParamList();
		return [query(pattern.name, ':one', table, comment, ['SELECT count(*) AS count', from, where(patternFilters(table, pattern, params))], params, pattern.name)];
	}
	if (pattern.kind === 'search') {
		const params = new ParamList();
		const search = table.columns.find((column) => column.type.name === 'tsvector');
		const language = search?.generated?.kind === 'tsvector' ? search.generated.language : 'simple';
		const term = params.add('search', TEXT);
		const filters = [...patternFilters(table, pattern, params), `${quoteIdent(search?.name ?? 'search_vector')} @@ query`];
		const limit = params.add('limit', INTEGER);
		return [
			query(pattern.name, ':many', table, comment, [
				`SELECT ${identList(columns)}, ts_rank(${quoteIdent(search?.name ?? 'search_vector')}, query) AS rank`,
				`${from}, websearch_to_tsquery('${language}'::regconfig, ${term}) AS query`,
				where(filters),
				'ORDER BY rank DESC',
				`LIMIT ${limit}`,
			], params, pattern.name),
		];
	}
	const params = new ParamList();
	const filters = patternFilters(table, pattern, params);
	if (pattern.kind === 'get') {
		const isUnique = pattern.index !== undefined && (pattern.index.endsWith('_key') || pattern.index.endsWith('_pkey'));
		return [query(pattern.name, ':one', table, comment, [`SELECT ${identList(columns)}`, from, where(filters), isUnique ? '' : 'LIMIT 1'], params, pattern.name)];
	}
	const limit = params.add('limit', INTEGER);
	const index = design.indexes.find((candidate) => candidate.name === pattern.index);
	// Break ties by id when the index carries it (the planner appends it), so the order is stable.
	const withId = pattern.sort.length > 0 && !pattern.sort.some((key) => key.column === 'id') && (!index || index.keys.some((key) => key.column === 'id'));
	const queries = [query(pattern.name, ':many', table, comment, [`SELECT ${identList(columns)}`, from, where(filters), orderBy(pattern, withId), `LIMIT ${limit}`], params, pattern.name)];
	const keysetReady =
		withId &&
		new Set(pattern.sort.map((key) => key.descending)).size === 1 &&
		pattern.sort.every((key) => !columnOf(table, key.column).nullable) &&
		!pattern.sort.some((key) => key.column === 'id');
	if (keysetReady) {
		const next = new ParamList();
		const nextFilters = patternFilters(table, pattern, next);
		const keys = [...pattern.sort.map((key) => key.column), 'id'];
		const cursor = keys.map((name) => next.add('cursor', columnOf(table, name).type, name));
		const comparison = pattern.sort[0]!.descending ? '<' : '>';
		nextFilters.push(`(${identList(keys)}) ${comparison} (${cursor.join(', ')})`);
		const nextLimit = next.add('limit', INTEGER);
		queries.push(
			query(`${pattern.name}After`, ':many', table, `The next page of ${pattern.name}: pass the sort values and id of the last row seen (keyset pagination).`, [
				`SELECT ${identList(columns)}`,
				from,
				where(nextFilters),
				orderBy(pattern, true),
				`LIMIT ${nextLimit}`,
			], next, pattern.name),
		);
	}
	return queries;
}
