/**
 * Field → column: the PostgreSQL type an expert would pick for what the user described, with the
 * reason in one line, and the CHECK rules that carry the business rules.
 */
import type {CheckRule, Column, ColumnRole, SqlExpression, SqlType} from '../model/design.js';
import type {ConcreteType, Field, FieldDefault} from '../model/session.js';

/** A column made from a field, with the CHECK rules it brings. */
export interface FieldColumn {
	readonly column: Column;
	readonly checks: readonly {readonly rule: CheckRule; readonly reason: string}[];
}

const SMALLINT = {min: -32_768, max: 32_767};
const INTEGER = {min: -2_147_483_648, max: 2_147_483_647};

/** A basic shape check for e-mail addresses: one @, something on both sides, no spaces. */
export const EMAIL_PATTERN = '^[^@[:space:]]+@[^@[:space:]]+$';
/** Absolute http(s) URLs. */
export const URL_PATTERN = '^https?://[^[:space:]]+$';

/** The column name a field becomes (a password is stored only as its hash). */
export function columnNameFor(field: Field): string {
	if (field.type === 'password' && !field.name.endsWith('_hash')) return `${field.name}_hash`;
	return field.name;
}

/**
 * Builds the column for a field.
 *
 * @example fieldColumn({name: 'priority', type: 'int', check: {min: 1, max: 5}, ...})
 *   // priority smallint NOT NULL, CHECK (priority BETWEEN 1 AND 5), reason "smallint: 2 bytes; 1..5 fits"
 */
export function fieldColumn(field: Field): FieldColumn {
	const name = columnNameFor(field);
	const {type, reason, role} = pickType(field);
	const checks: {rule: CheckRule; reason: string}[] = [];
	const rule = field.check;
	// An amount is never negative unless the user said how low it may go.
	const min = field.type === 'money' && !field.array ? (rule?.min ?? 0) : rule?.min;
	if (min !== undefined || rule?.max !== undefined) {
		const reason = rule?.min === undefined && min === 0 ? 'an amount is never negative' : 'a business rule: the allowed range';
		checks.push({rule: {kind: 'range', column: name, ...(min !== undefined ? {min} : {}), ...(rule?.max !== undefined ? {max: rule.max} : {})}, reason});
	}
	if (rule?.minLength !== undefined || rule?.maxLength !== undefined) {
		checks.push({
			rule: {kind: 'length', column: name, min: rule.minLength, max: rule.maxLength},
			reason: 'a length rule as a CHECK, not a type: changing it later takes no table rewrite',
		});
	}
	if (rule?.oneOf) {
		checks.push({
			rule: {kind: 'one-of', column: name, values: rule.oneOf},
			reason: 'allowed values as a CHECK: adding one later is a quick constraint swap, unlike ALTER TYPE on an enum',
		});
	}
	if (rule?.pattern !== undefined) checks.push({rule: {kind: 'pattern', column: name, regex: rule.pattern}, reason: 'the format the value must match'});
	if (field.type === 'email' && !field.array) {
		if (rule?.pattern === undefined) checks.push({rule: {kind: 'pattern', column: name, regex: EMAIL_PATTERN}, reason: 'an address has one @ and no spaces'});
		if (rule?.maxLength === undefined) checks.push({rule: {kind: 'length', column: name, max: 320}, reason: 'RFC 5321 limits an address to 320 characters'});
	}
	if (field.type === 'url' && rule?.pattern === undefined && !field.array) {
		checks.push({rule: {kind: 'pattern', column: name, regex: URL_PATTERN}, reason: 'an absolute http(s) URL'});
	}
	const column: Column = {
		name,
		type,
		nullable: !field.required,
		...(field.default !== undefined ? {default: defaultExpression(field.default)} : {}),
		reason,
		...(field.description ? {comment: field.description} : {}),
		origin: 'field',
		role,
		field: field.name,
	};
	return {column, checks};
}

function defaultExpression(value: FieldDefault): SqlExpression {
	if (typeof value !== 'object') return {kind: 'literal', value};
	switch (value.fn) {
		case 'now':
			return {kind: 'now'};
		case 'today':
			return {kind: 'current-date'};
		case 'uuid':
			return {kind: 'gen-random-uuid'};
		case 'empty-array':
			return {kind: 'empty-array'};
		case 'empty-object':
			return {kind: 'empty-object'};
	}
}

interface TypeChoice {
	readonly type: SqlType;
	readonly reason: string;
	readonly role: ColumnRole;
}

function pickType(field: Field): TypeChoice {
	const choice = field.typeOverride ? overridden(field, field.typeOverride) : natural(field);
	return field.array ? {...choice, type: {...choice.type, isArray: true}, reason: `${choice.reason}; a list: ${choice.type.name}[]`} : choice;
}

function overridden(field: Field, type: ConcreteType): TypeChoice {
	const role = natural(field).role;
	const sqlType: SqlType =
		type === 'varchar'
			? {name: 'varchar', ...(field.length !== undefined ? {length: field.length} : {})}
			: type === 'numeric'
				? {name: 'numeric', ...(field.precision !== undefined ? {precision: field.precision, scale: field.scale ?? 0} : {})}
				: {name: type};
	return {type: sqlType, reason: `${type}: chosen by you over the engine's pick`, role};
}

function natural(field: Field): TypeChoice {
	const plain = (type: SqlType, reason: string): TypeChoice => ({type, reason, role: 'plain'});
	switch (field.type) {
		case 'text':
			return plain({name: 'text'}, 'text: no length to outgrow; limits are CHECK rules');
		case 'varchar':
			return plain({name: 'varchar', length: field.length}, `varchar(${field.length}): the limit you stated`);
		case 'int':
			return integerFor(field);
		case 'smallint':
			return plain({name: 'smallint'}, 'smallint: 2 bytes, up to 32,767');
		case 'bigint':
			return plain({name: 'bigint'}, 'bigint: 8 bytes, no practical limit');
		case 'numeric':
			return plain(
				field.precision !== undefined ? {name: 'numeric', precision: field.precision, scale: field.scale ?? 0} : {name: 'numeric'},
				'numeric: exact decimal arithmetic',
			);
		case 'money': {
			const precision = field.precision ?? 12;
			const scale = field.scale ?? 2;
			return {
				type: {name: 'numeric', precision, scale},
				reason: `numeric(${precision},${scale}): exact cents; float rounds and the money type follows lc_monetary`,
				role: 'money',
			};
		}
		case 'float':
			return plain({name: 'double precision'}, 'double precision: approximate; for measurements, never money');
		case 'bool':
			return plain({name: 'boolean'}, 'boolean: 1 byte');
		case 'date':
			return plain({name: 'date'}, 'date: a calendar day, no time zone to misread');
		case 'timestamptz':
			return plain({name: 'timestamptz'}, 'timestamptz: an instant, stored as UTC, shown in the session time zone');
		case 'time':
			return plain({name: 'time'}, 'time: a time of day without a date');
		case 'interval':
			return plain({name: 'interval'}, 'interval: a duration, with calendar-aware arithmetic');
		case 'uuid':
			return plain({name: 'uuid'}, 'uuid: 16 bytes, globally unique');
		case 'jsonb':
			return plain({name: 'jsonb'}, 'jsonb: binary JSON, indexable with GIN; json keeps text and reparses');
		case 'bytes':
			return plain({name: 'bytea'}, 'bytea: raw bytes, TOASTed when large');
		case 'inet':
			return plain({name: 'inet'}, 'inet: an IPv4 or IPv6 address, with network operators');
		case 'email':
			return {
				type: {name: 'text'},
				reason: field.unique
					? 'text with a UNIQUE (lower(email)) index: case-insensitive, no extension needed'
					: 'text: addresses compare case-insensitively through lower()',
				role: 'email',
			};
		case 'password':
			return {
				type: {name: 'text'},
				reason: 'a hash only (argon2id or bcrypt): the password itself never reaches the database',
				role: 'password-hash',
			};
		case 'url':
			return {type: {name: 'text'}, reason: 'text: URLs have no useful length limit', role: 'url'};
	}
}

function integerFor(field: Field): TypeChoice {
	const min = field.check?.min;
	const max = field.check?.max;
	const range = min !== undefined && max !== undefined ? `${min}..${max}` : undefined;
	if (min !== undefined && max !== undefined && min >= SMALLINT.min && max <= SMALLINT.max) {
		return {type: {name: 'smallint'}, reason: `smallint: 2 bytes; ${range} fits`, role: 'plain'};
	}
	if (range && min! >= INTEGER.min && max! <= INTEGER.max) {
		return {type: {name: 'integer'}, reason: `integer: 4 bytes; ${range} fits`, role: 'plain'};
	}
	return {
		type: {name: 'bigint'},
		reason: range ? `bigint: ${range} needs 8 bytes` : 'bigint: no upper bound was stated, so 8 bytes rather than a 2.1 billion ceiling',
		role: 'plain',
	};
}
