/**
 * Identifier rules for everything the engine names: tables, columns, constraints, indexes.
 *
 * PostgreSQL keeps 63 bytes of a name and silently cuts the rest; reserved words need double
 * quotes in every query; Python keywords cannot be SQLModel attribute names. The rules here turn
 * each of those into a message that names the offending input, at the point of entry.
 */

/** PostgreSQL's limit on identifier length, in bytes (NAMEDATALEN - 1). */
export const MAX_IDENTIFIER_BYTES = 63;

/**
 * Keywords PostgreSQL reserves outright or for types and functions: as a table or column name
 * they need double quotes everywhere (`SELECT "user" FROM ...`). From the SQL Key Words appendix
 * of the PostgreSQL 18 manual (reserved + "reserved (can be function or type)").
 */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
	'all', 'analyse', 'analyze', 'and', 'any', 'array', 'as', 'asc', 'asymmetric', 'authorization',
	'binary', 'both', 'case', 'cast', 'check', 'collate', 'collation', 'column', 'concurrently',
	'constraint', 'create', 'cross', 'current_catalog', 'current_date', 'current_role',
	'current_schema', 'current_time', 'current_timestamp', 'current_user', 'default', 'deferrable',
	'desc', 'distinct', 'do', 'else', 'end', 'except', 'false', 'fetch', 'for', 'foreign', 'freeze',
	'from', 'full', 'grant', 'group', 'having', 'ilike', 'in', 'initially', 'inner', 'intersect',
	'into', 'is', 'isnull', 'join', 'lateral', 'leading', 'left', 'like', 'limit', 'localtime',
	'localtimestamp', 'natural', 'not', 'notnull', 'null', 'offset', 'on', 'only', 'or', 'order',
	'outer', 'overlaps', 'placing', 'primary', 'references', 'returning', 'right', 'select',
	'session_user', 'similar', 'some', 'symmetric', 'system_user', 'table', 'tablesample', 'then',
	'to', 'trailing', 'true', 'union', 'unique', 'user', 'using', 'variadic', 'verbose', 'when',
	'where', 'window', 'with',
]);

/**
 * Keywords that are legal column names but not function or type names; the renderer quotes
 * them to stay safe in every position (`"time"`, `"position"`).
 */
const COLUMN_NAME_KEYWORDS: ReadonlySet<string> = new Set([
	'between', 'bigint', 'bit', 'boolean', 'char', 'character', 'coalesce', 'dec', 'decimal',
	'exists', 'extract', 'float', 'greatest', 'grouping', 'inout', 'int', 'integer', 'interval',
	'json', 'json_array', 'json_arrayagg', 'json_exists', 'json_object', 'json_objectagg',
	'json_query', 'json_scalar', 'json_serialize', 'json_table', 'json_value', 'least', 'merge_action',
	'national', 'nchar', 'none', 'normalize', 'nullif', 'numeric', 'out', 'overlay', 'position',
	'precision', 'real', 'row', 'setof', 'smallint', 'substring', 'time', 'timestamp', 'treat',
	'trim', 'values', 'varchar', 'xmlattributes', 'xmlconcat', 'xmlelement', 'xmlexists',
	'xmlforest', 'xmlnamespaces', 'xmlparse', 'xmlpi', 'xmlroot', 'xmlserialize', 'xmltable',
]);

/** Names that cannot be attributes of a Python class, or that SQLModel/pydantic claim. */
const PYTHON_RESERVED: ReadonlySet<string> = new Set([
	'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif',
	'else', 'except', 'false', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is',
	'lambda', 'none', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'true', 'try', 'while',
	'with', 'yield', 'metadata', 'registry',
	// pydantic BaseModel attributes a field would shadow
	'json', 'dict', 'copy', 'schema', 'validate', 'construct', 'fields',
]);

const SNAKE_CASE = /^[a-z][a-z0-9_]*$/;

/** What kind of thing a name is for, used in messages ("table name", "field name"). */
export type NameKind = 'table' | 'field' | 'column' | 'index' | 'constraint' | 'project';

/** Byte length of a string as PostgreSQL counts it (UTF-8). */
export function byteLength(text: string): number {
	return new TextEncoder().encode(text).length;
}

/**
 * Checks a name the user typed. Returns undefined when it is fine, or a two-part message:
 * what is wrong and what to type instead.
 *
 * @example checkIdentifier('user', 'table') // '"user" is a reserved word: ...'
 */
export function checkIdentifier(name: string, kind: NameKind): string | undefined {
	if (name.length === 0) return `The ${kind} name is empty. Type a name such as tasks or due_date.`;
	const bytes = byteLength(name);
	if (bytes > MAX_IDENTIFIER_BYTES) {
		return (
			`"${truncateForMessage(name)}" is ${bytes} bytes; PostgreSQL keeps ${MAX_IDENTIFIER_BYTES} and would cut the rest. ` +
			`Shorten it to ${MAX_IDENTIFIER_BYTES} bytes.`
		);
	}
	if (!SNAKE_CASE.test(name)) {
		const suggestion = toSnakeCase(name);
		const hint = suggestion && suggestion !== name && SNAKE_CASE.test(suggestion) ? ` Use ${suggestion}.` : '';
		return (
			`"${truncateForMessage(name)}" is not a snake_case name: use lower-case letters, digits and _, starting with a letter.` +
			hint
		);
	}
	if (RESERVED_WORDS.has(name)) {
		const alternative = kind === 'table' ? `${name}s` : `${name}_name`;
		return `"${name}" is a reserved word: every query would need it in double quotes. Use ${alternative} or another name.`;
	}
	if ((kind === 'field' || kind === 'column') && (PYTHON_RESERVED.has(name) || name.startsWith('model_'))) {
		return `"${name}" cannot be an attribute of a SQLModel class (a Python keyword or a name SQLModel uses). Use ${name}_value or another name.`;
	}
	return undefined;
}

/** Whether an identifier must be written in double quotes. */
export function needsQuoting(name: string): boolean {
	return !SNAKE_CASE.test(name) || RESERVED_WORDS.has(name) || COLUMN_NAME_KEYWORDS.has(name);
}

/**
 * Quotes an identifier when it needs it, doubling embedded quotes.
 *
 * @example quoteIdent('tasks') // tasks
 * @example quoteIdent('Order Items') // "Order Items"
 */
export function quoteIdent(name: string): string {
	return needsQuoting(name) ? `"${name.replaceAll('"', '""')}"` : name;
}

/** Lower-cases and joins words with _, as a suggestion for a name that is not snake_case. */
export function toSnakeCase(text: string): string {
	return text
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/([a-z0-9])([A-Z])/g, '$1_$2')
		.replace(/[^A-Za-z0-9]+/g, '_')
		.replace(/^_+|_+$/g, '')
		.toLowerCase();
}

/**
 * Builds a derived name (constraint, index, trigger) from parts, staying within 63 bytes: when
 * too long, the middle parts are shortened and a short stable hash keeps names distinct.
 *
 * @example derivedName(['tasks', 'user_id', 'due'], 'idx') // tasks_user_id_due_idx
 */
export function derivedName(parts: readonly string[], suffix = ''): string {
	const tail = suffix ? [suffix] : [];
	const full = [...parts, ...tail].join('_');
	// One byte short of the limit: a name of exactly 63 bytes looks cut off to catalog linters.
	const limit = MAX_IDENTIFIER_BYTES - 1;
	if (byteLength(full) <= limit) return full;
	const hash = shortHash(full);
	const budget = limit - (suffix ? suffix.length + 1 : 0) - hash.length - 1;
	const head = parts.join('_').slice(0, budget).replace(/_+$/, '');
	return [head, hash, ...tail].join('_');
}

/** A short, stable hash (FNV-1a, base 36) for disambiguating shortened names. */
export function shortHash(text: string): string {
	let hash = 0x811c9dc5;
	for (const char of text) {
		hash ^= char.codePointAt(0) ?? 0;
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return hash.toString(36).padStart(7, '0').slice(0, 7);
}

/**
 * English singular of a table name, for class names and FK column names.
 *
 * @example singular('categories') // category
 * @example singular('addresses') // address
 */
export function singular(name: string): string {
	const parts = name.split('_');
	const last = parts.pop() ?? '';
	return [...parts, singularWord(last)].join('_');
}

const IRREGULAR_SINGULARS: Readonly<Record<string, string>> = {
	people: 'person',
	children: 'child',
	men: 'man',
	women: 'woman',
	data: 'data',
	media: 'media',
	series: 'series',
	news: 'news',
	statuses: 'status',
	analyses: 'analysis',
};

function singularWord(word: string): string {
	const irregular = IRREGULAR_SINGULARS[word];
	if (irregular) return irregular;
	if (/[^aeiou]ies$/.test(word)) return `${word.slice(0, -3)}y`;
	if (/(ss|x|ch|sh|zz)es$/.test(word)) return word.slice(0, -2);
	if (/(us|ss|is)$/.test(word)) return word;
	if (word.endsWith('s') && word.length > 1) return word.slice(0, -1);
	return word;
}

/**
 * The Python class name for a table: singular, PascalCase.
 *
 * @example className('order_items') // OrderItem
 */
export function className(table: string): string {
	return pascalCase(singular(table));
}

/** PascalCase of a snake_case name. */
export function pascalCase(name: string): string {
	return name
		.split('_')
		.filter((part) => part.length > 0)
		.map((part) => part[0]!.toUpperCase() + part.slice(1))
		.join('');
}

function truncateForMessage(name: string): string {
	return name.length > 40 ? `${name.slice(0, 37)}...` : name;
}
