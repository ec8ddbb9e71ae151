/**
 * The compact field syntax of the wizard, one field per line:
 *
 *   name type [?] [unique] [lo..hi] [a|b|c] [=default]     e.g.  priority int 1..5 =3
 *   name -> table [?] [unique]                             e.g.  user -> users
 *
 * A `?` (alone, or after the type) makes the field optional; `lo..hi` is a range for numbers and a
 * length for text; `a|b|c` lists the allowed values; `name -> table` is a reference (a foreign key),
 * `unique` on it makes the relationship one-to-one. Pure: parsing and printing only.
 */
import {checkIdentifier, derivedName, singular} from '../source/engine/naming.js';
import {Field, FieldType, fieldProblems, type FieldDefault} from '../source/model/session.js';

/** The types the syntax knows, with the words people also type for them. */
export const FIELD_TYPES: readonly FieldType[] = FieldType.options;

const ALIASES: Readonly<Record<string, FieldType>> = {
	string: 'text',
	integer: 'int',
	int4: 'int',
	int8: 'bigint',
	boolean: 'bool',
	decimal: 'numeric',
	double: 'float',
	timestamp: 'timestamptz',
	datetime: 'timestamptz',
	json: 'jsonb',
	bytea: 'bytes',
};

/** A parsed line: a field, or a reference to another table. */
export type FieldLine =
	| {readonly kind: 'field'; readonly field: Field}
	| {readonly kind: 'reference'; readonly name: string; readonly table: string; readonly required: boolean; readonly unique: boolean};

export type ParseResult = {readonly ok: true; readonly line: FieldLine; readonly preview: string} | {readonly ok: false; readonly error: string};

/**
 * Parses one line.
 *
 * @example parseFieldLine('priority int 1..5 =3') // a smallint field with CHECK 1..5, default 3
 */
export function parseFieldLine(text: string, tables: readonly string[] = []): ParseResult {
	const tokens = text.trim().split(/\s+/).filter(Boolean);
	if (tokens.length === 0) return {ok: false, error: 'Type a field, as in: title text'};
	const [name, second, ...rest] = tokens as [string, ...string[]];
	// A reference names its column: "user -> users" makes user_id, which is a fine name.
	if (second === '->') return parseReference(name, rest, tables);
	const nameProblem = checkIdentifier(name, 'field');
	if (nameProblem) return {ok: false, error: nameProblem};
	if (second === undefined) return {ok: false, error: `${name} needs a type, as in: ${name} text   (or ${name} -> table)`};

	let typeWord = second.toLowerCase();
	let required = true;
	if (typeWord.endsWith('?')) {
		required = false;
		typeWord = typeWord.slice(0, -1);
	}
	let array = false;
	if (typeWord.endsWith('[]')) {
		array = true;
		typeWord = typeWord.slice(0, -2);
	}
	let length: number | undefined;
	const varchar = /^varchar\((\d+)\)$/.exec(typeWord);
	if (varchar) {
		typeWord = 'varchar';
		length = Number(varchar[1]);
	}
	const type = (FIELD_TYPES as readonly string[]).includes(typeWord) ? (typeWord as FieldType) : ALIASES[typeWord];
	if (!type) {
		const suggestion = closest(typeWord, [...FIELD_TYPES, ...Object.keys(ALIASES)]);
		return {ok: false, error: `Unknown type "${typeWord}".${suggestion ? ` Did you mean ${ALIASES[suggestion] ?? suggestion}? Tab completes it.` : ''}`};
	}
	if (type === 'varchar' && length === undefined) return {ok: false, error: 'varchar needs its limit, as in varchar(50); without one, use text.'};

	const field: Record<string, unknown> = {name, type, required, ...(array ? {array: true} : {}), ...(length !== undefined ? {length} : {})};
	const check: Record<string, unknown> = {};
	const isText = ['text', 'varchar', 'email', 'url'].includes(type);
	const given = new Set<string>();
	/** A default, a range or a list given twice: the second would silently replace the first. */
	const twice = (what: string): boolean => given.size === given.add(what).size;
	for (const token of rest) {
		if (token === '?') required = false;
		else if (token.toLowerCase() === 'unique') field.unique = true;
		else if (token.startsWith('=')) {
			const word = token.slice(1);
			if (twice('default')) return {ok: false, error: `${name} has two defaults: keep one =value.`};
			if (word === '') return {ok: false, error: 'A default goes right after =, with no space, as in =3 or =draft.'};
			const inexact = inexactNumber(word);
			if (inexact) return {ok: false, error: `The default ${inexact}`};
			const value = parseDefault(word, type, array);
			if (value === undefined) return {ok: false, error: `The default "${word}" does not fit ${article(type)} ${type}.`};
			field.default = value;
		} else if (/^-?[\d.]*\.\.-?[\d.]*$/.test(token)) {
			const [low, high] = token.split('..');
			if (twice('range')) return {ok: false, error: `${name} has two ranges: keep one lo..hi.`};
			if (!low || !high) return {ok: false, error: 'A range needs both ends, as in 1..5 (both included).'};
			const inexact = inexactNumber(low) ?? inexactNumber(high);
			if (inexact) return {ok: false, error: `In ${token}, ${inexact}`};
			const [min, max] = [Number(low), Number(high)];
			if (!DECIMAL.test(low) || !DECIMAL.test(high)) return {ok: false, error: `${token} is not a range of numbers, as in 1..5.`};
			if (min > max) return {ok: false, error: `${token} is empty: ${min} is larger than ${max}.`};
			if (isText && min < 0) return {ok: false, error: `${token}: a length cannot be negative; write 0..${max} or 1..${max}.`};
			if (isText && (!Number.isInteger(min) || !Number.isInteger(max))) return {ok: false, error: `${token}: a length is a whole number of characters.`};
			if (isText) Object.assign(check, {minLength: min, maxLength: max});
			else Object.assign(check, {min, max});
		} else if (token.includes('|')) {
			const values = token.split('|').filter(Boolean);
			if (twice('allowed')) return {ok: false, error: `${name} has two lists of allowed values: join them into one, as in a|b|c.`};
			if (values.length === 0) return {ok: false, error: 'List the allowed values with | between them, as in draft|live.'};
			if (!isText) {
				const wrong = values.find((value) => !DECIMAL.test(value) || inexactNumber(value));
				if (wrong !== undefined) return {ok: false, error: inexactNumber(wrong) ? `The allowed value ${inexactNumber(wrong)}` : `"${wrong}" is not a number, and the allowed values of ${article(type)} ${type} are numbers.`};
			}
			check.oneOf = isText ? values : values.map(Number);
		} else {
			return {ok: false, error: `"${token}" is not understood here. Write: name type [?] [unique] [lo..hi] [a|b] [=default]`};
		}
	}
	field.required = required;
	if (Object.keys(check).length > 0) field.check = check;
	const parsed = Field.safeParse(field);
	if (!parsed.success) return {ok: false, error: parsed.error.issues[0]?.message ?? 'not a valid field'};
	// A default or a rule the type cannot hold is said as the line is typed, not when it is saved.
	const [contradiction] = fieldProblems(parsed.data);
	if (contradiction) return {ok: false, error: `${name}: ${contradiction[1]}`};
	return {ok: true, line: {kind: 'field', field: parsed.data}, preview: describeField(parsed.data)};
}

function parseReference(name: string, rest: readonly string[], tables: readonly string[]): ParseResult {
	const columnProblem = checkIdentifier(referenceColumn(name), 'column');
	if (columnProblem) return {ok: false, error: columnProblem};
	const [tableWord, ...flags] = rest;
	if (!tableWord) return {ok: false, error: `${name} -> which table? As in: ${name} -> users`};
	let table = tableWord;
	let required = true;
	if (table.endsWith('?')) {
		required = false;
		table = table.slice(0, -1);
	}
	const problem = checkIdentifier(table, 'table');
	if (problem) return {ok: false, error: problem};
	let unique = false;
	for (const flag of flags) {
		if (flag === '?') required = false;
		else if (flag.toLowerCase() === 'unique') unique = true;
		else return {ok: false, error: `"${flag}" is not understood after a reference. Write: ${name} -> ${table} [?] [unique]`};
	}
	if (tables.length > 0 && !tables.includes(table)) {
		const suggestion = closest(table, tables);
		return {ok: false, error: `There is no table ${table}.${suggestion ? ` Did you mean ${suggestion}?` : ` Tables: ${tables.join(', ')}.`}`};
	}
	const column = referenceColumn(name);
	return {
		ok: true,
		line: {kind: 'reference', name, table, required, unique},
		preview: `${column} -> ${table}.id${required ? ' NOT NULL' : ', may be empty'}${unique ? ', one-to-one' : ''}`,
	};
}

/** The FK column a reference named `user` becomes: user_id. */
export function referenceColumn(name: string): string {
	return name.endsWith('_id') ? name : derivedName([name], 'id');
}

/** The reference name for a FK column: user_id → user. */
export function referenceName(column: string, parent: string): string {
	return column.endsWith('_id') ? column.slice(0, -3) : column || singular(parent);
}

function parseDefault(text: string, type: FieldType, array: boolean): FieldDefault | undefined {
	const word = text.replace(/^'(.*)'$/, '$1');
	if (word === 'empty-array') return array ? {fn: 'empty-array'} : undefined;
	if (array) return undefined;
	if (word === 'empty-object') return type === 'jsonb' ? {fn: 'empty-object'} : undefined;
	if (word === 'uuid' && type === 'uuid') return {fn: 'uuid'};
	if (word === 'now') return type === 'timestamptz' ? {fn: 'now'} : undefined;
	if (word === 'today') return type === 'date' ? {fn: 'today'} : undefined;
	if (['int', 'smallint', 'bigint', 'numeric', 'money', 'float'].includes(type)) {
		// Decimal only: 0x10 or 1_000 would be read as something else than what was typed.
		const value = Number(word);
		return DECIMAL.test(word) && Number.isFinite(value) ? value : undefined;
	}
	if (type === 'bool') return word === 'true' ? true : word === 'false' ? false : undefined;
	return word;
}

/** One line describing what a field becomes, shown as the user types. */
export function describeField(field: Field): string {
	const parts = [`${field.type}${field.array ? '[]' : ''}${field.length ? `(${field.length})` : ''}`, field.required ? 'NOT NULL' : 'may be empty'];
	if (field.unique) parts.push('unique');
	const check = field.check;
	if (check?.min !== undefined || check?.max !== undefined) parts.push(`${check.min ?? ''}..${check.max ?? ''}`);
	if (check?.minLength !== undefined || check?.maxLength !== undefined) parts.push(`${check.minLength ?? 0}..${check.maxLength ?? ''} chars`);
	if (check?.oneOf) parts.push(`one of ${check.oneOf.join(', ')}`);
	if (field.default !== undefined) parts.push(`default ${typeof field.default === 'object' ? field.default.fn : JSON.stringify(field.default)}`);
	if (field.type === 'password') parts.push('stored as a hash');
	return `${field.type === 'password' ? `${field.name}_hash` : field.name} ${parts.join(', ')}`;
}

/** A decimal number as people write it: -12, 3.5, .5, 1e6. */
const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/** Why a whole number as typed cannot be kept exactly (a session holds doubles), if it cannot. */
function inexactNumber(word: string): string | undefined {
	if (!/^[-+]?\d+$/.test(word) || Number.isSafeInteger(Number(word))) return undefined;
	return `${word} is too large to keep exactly: whole numbers go up to ±9,007,199,254,740,991.`;
}

function article(word: string): string {
	return /^[aeiou]/.test(word) ? 'an' : 'a';
}

/** Prints a field back in the syntax, for editing. */
export function fieldToLine(field: Field): string {
	const type = `${field.type === 'varchar' ? `varchar(${field.length})` : field.type}${field.array ? '[]' : ''}${field.required ? '' : '?'}`;
	const tokens = [field.name, type];
	if (field.unique) tokens.push('unique');
	const check = field.check;
	if (check?.min !== undefined && check.max !== undefined) tokens.push(`${check.min}..${check.max}`);
	if (check?.minLength !== undefined && check.maxLength !== undefined) tokens.push(`${check.minLength}..${check.maxLength}`);
	if (check?.oneOf) tokens.push(check.oneOf.join('|'));
	if (field.default !== undefined) tokens.push(`=${typeof field.default === 'object' ? field.default.fn : String(field.default)}`);
	return tokens.join(' ');
}

/** Prints a reference back in the syntax. */
export function referenceToLine(name: string, table: string, required: boolean, unique: boolean): string {
	return `${name} -> ${table}${required ? '' : '?'}${unique ? ' unique' : ''}`;
}

/** Completes a partly typed type word (Tab), or undefined when nothing fits. */
export function completeType(line: string): string | undefined {
	const match = /^(\S+\s+)(\S+)$/.exec(line);
	if (!match) return undefined;
	const [, head, partial] = match as unknown as [string, string, string];
	const candidates = FIELD_TYPES.filter((type) => type.startsWith(partial.toLowerCase()));
	const suggestion = candidates[0] ?? closest(partial, [...FIELD_TYPES]);
	return suggestion ? `${head}${suggestion}` : undefined;
}

/** The closest word by edit distance (at most 2 edits), for "did you mean". */
export function closest(word: string, candidates: readonly string[]): string | undefined {
	let best: string | undefined;
	let bestDistance = 3;
	for (const candidate of candidates) {
		const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
		if (distance < bestDistance) {
			best = candidate;
			bestDistance = distance;
		}
	}
	return best;
}

function editDistance(a: string, b: string): number {
	const row = Array.from({length: b.length + 1}, (_, index) => index);
	for (let i = 1; i <= a.length; i++) {
		let previous = row[0]!;
		row[0] = i;
		for (let j = 1; j <= b.length; j++) {
			const saved = row[j]!;
			row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
			previous = saved;
		}
	}
	return row[b.length]!;
}
