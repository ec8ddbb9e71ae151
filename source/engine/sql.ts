/**
 * SQL rendering primitives: the one place that quotes identifiers, escapes literals and turns the
 * Design's structured expressions into SQL text. Every template goes through these functions, so
 * nothing typed by a user can reach a file unescaped.
 */
import type {CheckRule, IndexKey, Literal, Predicate, SqlExpression, SqlType} from '../model/design.js';
import type {OnDelete} from '../model/session.js';
import {quoteIdent} from './naming.js';

export {quoteIdent} from './naming.js';

/**
 * An ON DELETE action as SQL writes it.
 *
 * @example onDeleteSql('set-null') // SET NULL
 */
export function onDeleteSql(action: OnDelete): string {
	return action.replace('-', ' ').toUpperCase();
}

/**
 * A string literal, quotes doubled (standard_conforming_strings is on in every supported version,
 * so backslashes are ordinary characters); one holding a newline or another control character is
 * an escape string instead, on one line.
 *
 * @example quoteLiteral("it's") // 'it''s'
 * @example quoteLiteral('two\nlines') // E'two\nlines'
 */
export function quoteLiteral(value: string): string {
	if (value.includes('\u0000')) throw new Error('sql: a NUL character cannot be part of a PostgreSQL string');
	if (!UNPRINTABLE.test(value)) return `'${value.replaceAll("'", "''")}'`;
	// An escape string: the literal stays on one line (tools that read files line by line, such as
	// a "-- name:" splitter, cannot be fooled) and no terminal control sequence is written raw.
	const escaped = value.replace(/[\\']|[^\t\P{Cc}]|[\u2028\u2029]/gu, (character) => {
		if (character === '\\') return '\\\\';
		if (character === "'") return "''";
		const named: Record<string, string> = {'\n': '\\n', '\r': '\\r', '\b': '\\b', '\f': '\\f'};
		return named[character] ?? `\\u${character.codePointAt(0)!.toString(16).padStart(4, '0')}`;
	});
	return `E'${escaped}'`;
}

/** Characters that should not appear raw in a file: controls but the tab, and the Unicode line separators. */
const UNPRINTABLE = /[^\t\P{Cc}]|[\u2028\u2029]/u;

/**
 * A number literal without exponent notation (PostgreSQL reads 1e21 as numeric, but a plain form
 * keeps diffs readable and types predictable).
 */
export function numberLiteral(value: number): string {
	if (!Number.isFinite(value)) throw new Error(`sql: ${value} is not a finite number`);
	if (Number.isInteger(value) && Math.abs(value) < 1e21) return BigInt(value).toString();
	const text = String(value);
	if (!/e/i.test(text)) return text;
	return value.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}

/** Any literal of the design: text quoted, numbers plain, booleans as true/false. */
export function literal(value: Literal | null): string {
	if (value === null) return 'NULL';
	if (typeof value === 'number') return numberLiteral(value);
	if (typeof value === 'boolean') return value ? 'true' : 'false';
	return quoteLiteral(value);
}

/**
 * The name a design gives a relation of an existing database: bare in `public`, `schema.name`
 * elsewhere, so that tables of several schemas can share a local name.
 *
 * @example relationKey('public', 'users') // users
 * @example relationKey('billing', 'users') // billing.users
 */
export function relationKey(schema: string, name: string): string {
	return schema === 'public' ? name : `${schema}.${name}`;
}

/**
 * The parts of a name as SQL writes it (regclass text): `a.b`, `"My Schema"."x.y"`, `plain`.
 *
 * @example parseQualifiedName('demo."dictionary-to-delete"') // ['demo', 'dictionary-to-delete']
 */
export function parseQualifiedName(text: string): string[] {
	const parts: string[] = [];
	let position = 0;
	while (position < text.length) {
		if (text[position] === '"') {
			let part = '';
			position++;
			while (position < text.length) {
				if (text[position] === '"' && text[position + 1] === '"') {
					part += '"';
					position += 2;
				} else if (text[position] === '"') {
					position++;
					break;
				} else part += text[position++];
			}
			parts.push(part);
		} else {
			const end = text.indexOf('.', position);
			parts.push(text.slice(position, end === -1 ? text.length : end));
			position = end === -1 ? text.length : end;
		}
		if (text[position] === '.') position++;
	}
	return parts;
}

/** A relation's own name, without the schema relationKey put in front. */
export function localName(relation: {readonly name: string; readonly schema?: string}): string {
	return relation.schema && relation.name.startsWith(`${relation.schema}.`) ? relation.name.slice(relation.schema.length + 1) : relation.name;
}

/**
 * A table (or index) as SQL names it: schema-qualified when it lives outside `public`.
 *
 * @example quoteTable({name: 'Sales.orders', schema: 'Sales'}) // "Sales".orders
 */
export function quoteTable(relation: {readonly name: string; readonly schema?: string}): string {
	return relation.schema ? `${quoteIdent(relation.schema)}.${quoteIdent(localName(relation))}` : quoteIdent(relation.name);
}

/** A qualified column reference. */
export function columnRef(table: string, column: string): string {
	return `${quoteIdent(table)}.${quoteIdent(column)}`;
}

/** A list of identifiers, comma-separated. */
export function identList(names: readonly string[]): string {
	return names.map(quoteIdent).join(', ');
}

/**
 * A column type as DDL writes it.
 *
 * @example renderType({name: 'numeric', precision: 12, scale: 2}) // numeric(12,2)
 */
export function renderType(type: SqlType): string {
	let base: string = type.name === 'other' ? (type.raw ?? 'text') : type.name;
	if (type.name === 'varchar' && type.length !== undefined) base = `varchar(${type.length})`;
	if ((type.name === 'timestamptz' || type.name === 'timestamp' || type.name === 'time') && type.precision !== undefined) base = `${type.name}(${type.precision})`;
	if (type.name === 'numeric' && type.precision !== undefined) {
		base = type.scale !== undefined ? `numeric(${type.precision},${type.scale})` : `numeric(${type.precision})`;
	}
	return type.isArray ? `${base}[]` : base;
}

/** A column default or generated expression. */
export function renderExpression(expression: SqlExpression, type?: SqlType): string {
	switch (expression.kind) {
		case 'literal':
			if (type?.name === 'jsonb' && expression.value !== null) {
				return `${quoteLiteral(JSON.stringify(expression.value))}::jsonb`;
			}
			return literal(expression.value);
		case 'now':
			return 'now()';
		case 'current-date':
			return 'CURRENT_DATE';
		case 'gen-random-uuid':
			return 'gen_random_uuid()';
		case 'empty-array':
			return `'{}'`;
		case 'empty-object':
			return `'{}'::jsonb`;
		case 'raw':
			return expression.sql;
		case 'nextval':
			return `nextval(${quoteLiteral(quoteTable({name: expression.sequence, ...(expression.schema ? {schema: expression.schema} : {})}))}::regclass)`;
		case 'tsvector':
			return expression.weighted
				.map(
					({column, weight}) =>
						`setweight(to_tsvector(${quoteLiteral(expression.language)}::regconfig, coalesce(${quoteIdent(column)}, '')), ${quoteLiteral(weight)})`,
				)
				.join(' || ');
	}
}

/**
 * A CHECK rule's boolean expression (without the CHECK keyword).
 *
 * @example renderCheck({kind: 'range', column: 'priority', min: 1, max: 5}) // priority BETWEEN 1 AND 5
 */
export function renderCheck(rule: CheckRule): string {
	if (rule.kind === 'expression') return rule.sql;
	const column = quoteIdent(rule.column);
	switch (rule.kind) {
		case 'range':
			return bounds(column, rule.min, rule.max);
		case 'length':
			return bounds(`char_length(${column})`, rule.min, rule.max);
		case 'one-of':
			return `${column} IN (${rule.values.map(literal).join(', ')})`;
		case 'pattern':
			return `${column} ~ ${quoteLiteral(rule.regex)}`;
		case 'not-blank':
			return `btrim(${column}) <> ''`;
	}
}

function bounds(subject: string, min: number | undefined, max: number | undefined): string {
	if (min !== undefined && max !== undefined) return `${subject} BETWEEN ${numberLiteral(min)} AND ${numberLiteral(max)}`;
	if (min !== undefined) return `${subject} >= ${numberLiteral(min)}`;
	if (max !== undefined) return `${subject} <= ${numberLiteral(max)}`;
	throw new Error('sql: a range rule needs a minimum or a maximum');
}

/** A constant predicate, for partial indexes and the queries they serve (rendered identically in both). */
export function renderPredicate(predicate: Predicate, qualifier?: string): string {
	if (predicate.op === 'sql') return predicate.sql;
	const column = qualifier ? columnRef(qualifier, predicate.column) : quoteIdent(predicate.column);
	switch (predicate.op) {
		case 'is-null':
			return `${column} IS NULL`;
		case 'is-not-null':
			return `${column} IS NOT NULL`;
		case 'is-true':
			return `${column} = true`;
		case 'is-false':
			return `${column} = false`;
		case 'equals':
			return `${column} = ${literal(predicate.value)}`;
	}
}

/** Several predicates joined with AND. */
export function renderPredicates(predicates: readonly Predicate[], qualifier?: string): string {
	return predicates.map((predicate) => renderPredicate(predicate, qualifier)).join(' AND ');
}

/** One index key. */
export function renderIndexKey(key: IndexKey): string {
	const base = !('expression' in key) ? quoteIdent(key.column) : key.expression === 'lower' ? `lower(${quoteIdent(key.column)})` : `(${key.sql})`;
	return key.descending ? `${base} DESC` : base;
}

/** A stable text form of a key, for comparing and naming. */
export function keySignature(key: IndexKey): string {
	const base = !('expression' in key) ? key.column : key.expression === 'lower' ? `lower(${key.column})` : key.sql;
	return `${base}${key.descending ? ' desc' : ''}`;
}

/** A stable text form of predicates, for comparing. */
export function predicateSignature(predicates: readonly Predicate[]): string {
	return predicates
		.map((predicate) => renderPredicate(predicate))
		.sort()
		.join(' AND ');
}

/**
 * A dollar-quoted body whose tag cannot occur inside it.
 *
 * @example dollarQuote('BEGIN ... END') // $body$BEGIN ... END$body$
 */
export function dollarQuote(body: string, tag = 'body'): string {
	let candidate = tag;
	for (let counter = 1; body.includes(`$${candidate}$`); counter++) candidate = `${tag}${counter}`;
	return `$${candidate}$${body}$${candidate}$`;
}

/**
 * A value typed by the user for existing rows, as a SQL literal of the column's type: numbers and
 * booleans as they are, anything else quoted (PostgreSQL casts the quoted text to the type).
 *
 * @example backfillLiteral('3', {name: 'integer'}) // 3
 * @example backfillLiteral("it's", {name: 'text'}) // 'it''s'
 */
export function backfillLiteral(value: string, type: SqlType): string {
	const numeric = ['smallint', 'integer', 'bigint', 'numeric', 'real', 'double precision'].includes(type.name);
	if (numeric && !type.isArray && /^-?\d+(\.\d+)?$/.test(value)) return value;
	if (type.name === 'boolean' && !type.isArray && /^(true|false)$/i.test(value)) return value.toLowerCase();
	return quoteLiteral(value);
}
