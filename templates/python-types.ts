/**
 * The one PostgreSQL ↔ Python type map, and the small vocabulary Python code is written in.
 *
 * Types, defaults and calls stay structured (`PyExpr`) until the last step: a template asks for
 * `sqlalchemyType({name: 'numeric', precision: 12, scale: 2})` and gets a call of the symbol
 * `Numeric` from `sqlalchemy`; only `renderPy` turns it into `Numeric(12, 2)`, through an import
 * table that writes each import once and renames one that a class or column would shadow.
 */
import type {Literal, SqlType} from '../source/model/design.js';
import {numberLiteral} from '../source/engine/sql.js';

/**
 * A name a Python file imports: `from module import name`, or, with style 'module',
 * `import module` and written `module.name` (`uuid.UUID`). Builtins (`int`, `list`) are symbols of
 * the module `builtins`, imported only when a class attribute would shadow them.
 */
export interface PySymbol {
	readonly module: string;
	readonly name: string;
	readonly style?: 'module';
}

/** One keyword argument of a call. */
export interface PyKeyword {
	readonly name: string;
	readonly value: PyExpr;
}

/** A Python expression, kept structured until it is rendered. */
export type PyExpr =
	| {readonly kind: 'symbol'; readonly symbol: PySymbol}
	/** A class defined in the same file (`link_model=TaskTag`). */
	| {readonly kind: 'local'; readonly name: string}
	| {readonly kind: 'call'; readonly callee: PyExpr; readonly args: readonly PyExpr[]; readonly keywords: readonly PyKeyword[]}
	| {readonly kind: 'subscript'; readonly value: PyExpr; readonly items: readonly PyExpr[]}
	| {readonly kind: 'string'; readonly value: string}
	| {readonly kind: 'number'; readonly value: number}
	| {readonly kind: 'constant'; readonly value: 'True' | 'False' | 'None'}
	| {readonly kind: 'list'; readonly items: readonly PyExpr[]}
	| {readonly kind: 'tuple'; readonly items: readonly PyExpr[]}
	| {readonly kind: 'dict'; readonly entries: readonly (readonly [string, PyExpr])[]};

const SQLALCHEMY = 'sqlalchemy';
const POSTGRESQL = 'sqlalchemy.dialects.postgresql';

const from = (module: string, name: string): PySymbol => ({module, name});

/** Symbols the templates use, by module. */
export const PY = {
	int: from('builtins', 'int'),
	str: from('builtins', 'str'),
	float: from('builtins', 'float'),
	bool: from('builtins', 'bool'),
	bytes: from('builtins', 'bytes'),
	list: from('builtins', 'list'),
	dict: from('builtins', 'dict'),
	Any: from('typing', 'Any'),
	Optional: from('typing', 'Optional'),
	Decimal: from('decimal', 'Decimal'),
	date: from('datetime', 'date'),
	datetime: from('datetime', 'datetime'),
	time: from('datetime', 'time'),
	timedelta: from('datetime', 'timedelta'),
	UUID: {module: 'uuid', name: 'UUID', style: 'module'},
} as const satisfies Record<string, PySymbol>;

/** SQLAlchemy symbols: generic types and schema items from `sqlalchemy`, PostgreSQL types from its dialect. */
export const SA = {
	BigInteger: from(SQLALCHEMY, 'BigInteger'),
	Boolean: from(SQLALCHEMY, 'Boolean'),
	CheckConstraint: from(SQLALCHEMY, 'CheckConstraint'),
	Column: from(SQLALCHEMY, 'Column'),
	Computed: from(SQLALCHEMY, 'Computed'),
	Date: from(SQLALCHEMY, 'Date'),
	DateTime: from(SQLALCHEMY, 'DateTime'),
	ForeignKeyConstraint: from(SQLALCHEMY, 'ForeignKeyConstraint'),
	Identity: from(SQLALCHEMY, 'Identity'),
	Integer: from(SQLALCHEMY, 'Integer'),
	Interval: from(SQLALCHEMY, 'Interval'),
	LargeBinary: from(SQLALCHEMY, 'LargeBinary'),
	Numeric: from(SQLALCHEMY, 'Numeric'),
	PrimaryKeyConstraint: from(SQLALCHEMY, 'PrimaryKeyConstraint'),
	SmallInteger: from(SQLALCHEMY, 'SmallInteger'),
	String: from(SQLALCHEMY, 'String'),
	Text: from(SQLALCHEMY, 'Text'),
	Time: from(SQLALCHEMY, 'Time'),
	UniqueConstraint: from(SQLALCHEMY, 'UniqueConstraint'),
	Uuid: from(SQLALCHEMY, 'Uuid'),
	text: from(SQLALCHEMY, 'text'),
	ARRAY: from(POSTGRESQL, 'ARRAY'),
	CITEXT: from(POSTGRESQL, 'CITEXT'),
	DOUBLE_PRECISION: from(POSTGRESQL, 'DOUBLE_PRECISION'),
	INET: from(POSTGRESQL, 'INET'),
	JSON: from(POSTGRESQL, 'JSON'),
	JSONB: from(POSTGRESQL, 'JSONB'),
	REAL: from(POSTGRESQL, 'REAL'),
	TSVECTOR: from(POSTGRESQL, 'TSVECTOR'),
	NullType: from('sqlalchemy.types', 'NullType'),
} as const satisfies Record<string, PySymbol>;

/** SQLModel's own names. */
export const SQLMODEL = {
	Field: from('sqlmodel', 'Field'),
	Relationship: from('sqlmodel', 'Relationship'),
	SQLModel: from('sqlmodel', 'SQLModel'),
} as const satisfies Record<string, PySymbol>;

/** A symbol as an expression. */
export function sym(symbol: PySymbol): PyExpr {
	return {kind: 'symbol', symbol};
}

/** A call: `callee(*args, **keywords)`; keywords whose value is undefined are left out. */
export function call(callee: PySymbol | PyExpr, args: readonly PyExpr[] = [], keywords: Readonly<Record<string, PyExpr | undefined>> = {}): PyExpr {
	return {
		kind: 'call',
		callee: 'kind' in callee ? callee : sym(callee),
		args,
		keywords: Object.entries(keywords)
			.filter((entry): entry is [string, PyExpr] => entry[1] !== undefined)
			.map(([name, value]) => ({name, value})),
	};
}

/** `value[items]`, e.g. `Optional[int]`, `list["Tag"]`. */
export function subscript(value: PySymbol, ...items: PyExpr[]): PyExpr {
	return {kind: 'subscript', value: sym(value), items};
}

/** A string literal. */
export function str(value: string): PyExpr {
	return {kind: 'string', value};
}

/** A number literal. */
export function num(value: number): PyExpr {
	return {kind: 'number', value};
}

/** True, False or None. */
export function constant(value: boolean | null): PyExpr {
	return {kind: 'constant', value: value === null ? 'None' : value ? 'True' : 'False'};
}

/**
 * The Python type of a column's values, as SQLModel annotates it (without Optional).
 *
 * @example pythonType({name: 'numeric', precision: 12, scale: 2}) // Decimal
 * @example pythonType({name: 'text', isArray: true}) // list[str]
 */
export function pythonType(type: SqlType): PyExpr {
	const element = pythonElementType(type);
	return type.isArray ? subscript(PY.list, element) : element;
}

function pythonElementType(type: SqlType): PyExpr {
	switch (type.name) {
		case 'smallint':
		case 'integer':
		case 'bigint':
			return sym(PY.int);
		case 'numeric':
			return sym(PY.Decimal);
		case 'real':
		case 'double precision':
			return sym(PY.float);
		case 'text':
		case 'varchar':
		case 'citext':
		case 'inet':
		case 'tsvector':
			return sym(PY.str);
		case 'boolean':
			return sym(PY.bool);
		case 'date':
			return sym(PY.date);
		case 'timestamptz':
		case 'timestamp':
			return sym(PY.datetime);
		case 'time':
			return sym(PY.time);
		case 'interval':
			return sym(PY.timedelta);
		case 'uuid':
			return sym(PY.UUID);
		case 'jsonb':
		case 'json':
			return subscript(PY.dict, sym(PY.str), sym(PY.Any));
		case 'bytea':
			return sym(PY.bytes);
		case 'other':
			return sym(PY.Any);
	}
}

/**
 * The SQLAlchemy type that creates exactly the column type schema.sql declares.
 *
 * jsonb maps to `JSONB(none_as_null=True)`, so Python None is SQL NULL (not the JSON value null)
 * and a column left unset gets its server default.
 *
 * @example sqlalchemyType({name: 'varchar', length: 50}) // String(50)
 * @example sqlalchemyType({name: 'timestamptz'}) // DateTime(timezone=True)
 * @example sqlalchemyType({name: 'numeric', precision: 12, scale: 2, isArray: true}) // ARRAY(Numeric(12, 2))
 */
export function sqlalchemyType(type: SqlType): PyExpr {
	const element = sqlalchemyElementType(type);
	return type.isArray ? call(SA.ARRAY, [element]) : element;
}

function sqlalchemyElementType(type: SqlType): PyExpr {
	switch (type.name) {
		case 'smallint':
			return sym(SA.SmallInteger);
		case 'integer':
			return sym(SA.Integer);
		case 'bigint':
			return sym(SA.BigInteger);
		case 'numeric':
			if (type.precision === undefined) return sym(SA.Numeric);
			return call(SA.Numeric, type.scale === undefined ? [num(type.precision)] : [num(type.precision), num(type.scale)]);
		case 'real':
			return sym(SA.REAL);
		case 'double precision':
			return sym(SA.DOUBLE_PRECISION);
		case 'text':
			return sym(SA.Text);
		case 'varchar':
			return type.length === undefined ? sym(SA.String) : call(SA.String, [num(type.length)]);
		case 'citext':
			return sym(SA.CITEXT);
		case 'boolean':
			return sym(SA.Boolean);
		case 'date':
			return sym(SA.Date);
		case 'timestamptz':
			return call(SA.DateTime, [], {timezone: constant(true)});
		case 'timestamp':
			return sym(SA.DateTime);
		case 'time':
			return sym(SA.Time);
		case 'interval':
			return sym(SA.Interval);
		case 'uuid':
			return sym(SA.Uuid);
		case 'jsonb':
			// Inside an array the element's None handling does not apply; the plain type reads better.
			return type.isArray ? sym(SA.JSONB) : call(SA.JSONB, [], {none_as_null: constant(true)});
		case 'json':
			return type.isArray ? sym(SA.JSON) : call(SA.JSON, [], {none_as_null: constant(true)});
		case 'bytea':
			return sym(SA.LargeBinary);
		case 'inet':
			return sym(SA.INET);
		case 'tsvector':
			return sym(SA.TSVECTOR);
		case 'other':
			// An enum, a domain or an extension's type, read from an existing database: SQLAlchemy takes it as is.
			return sym(SA.NullType);
	}
}

/**
 * The Python value equal to a literal column default, when Python has one that reads the same:
 * numbers, text and booleans. Other defaults (dates as text, JSON, arrays) stay server-side only.
 *
 * @example pythonDefault(3, {name: 'smallint'}) // 3
 * @example pythonDefault(9.5, {name: 'numeric', precision: 12, scale: 2}) // Decimal("9.5")
 */
export function pythonDefault(value: Literal, type: SqlType): PyExpr | undefined {
	if (type.isArray) return undefined;
	switch (type.name) {
		case 'smallint':
		case 'integer':
		case 'bigint':
			return typeof value === 'number' && Number.isSafeInteger(value) ? num(value) : undefined;
		case 'real':
		case 'double precision':
			return typeof value === 'number' ? num(value) : undefined;
		case 'numeric':
			return typeof value === 'number' ? call(PY.Decimal, [str(numberLiteral(value))]) : undefined;
		case 'text':
		case 'varchar':
		case 'citext':
			return typeof value === 'string' ? str(value) : undefined;
		case 'boolean':
			return typeof value === 'boolean' ? constant(value) : undefined;
		default:
			return undefined;
	}
}

/**
 * A double-quoted Python string literal. Quotes and backslashes are escaped, and so is every
 * character that could end the line or confuse a reader (controls, U+2028, lone surrogates), so
 * any text stays one valid literal.
 *
 * @example pyString('say "hi"\n') // "say \"hi\"\n"
 */
export function pyString(value: string): string {
	return `"${escapePyText(value)}"`;
}

/** The inside of a Python string literal (no quotes around it): see pyString. */
export function escapePyText(value: string): string {
	let escaped = '';
	for (const char of value) {
		const code = char.codePointAt(0)!;
		if (char === '\\') escaped += '\\\\';
		else if (char === '"') escaped += '\\"';
		else if (char === '\n') escaped += '\\n';
		else if (char === '\r') escaped += '\\r';
		else if (char === '\t') escaped += '\\t';
		else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) escaped += `\\x${code.toString(16).padStart(2, '0')}`;
		else if (code === 0x2028 || code === 0x2029 || code === 0xfeff || (code >= 0xd800 && code <= 0xdfff)) {
			escaped += `\\u${code.toString(16).padStart(4, '0')}`;
		} else escaped += char;
	}
	return escaped;
}

const WORD = '[\\p{L}\\p{N}_$]';
/** `:name`, which SQLAlchemy's text() takes for a bind parameter. */
const BIND_PARAMETER = new RegExp(`(?<![:\\p{L}\\p{N}_$\\\\]):(?=${WORD}+(?!${WORD}|:))`, 'gu');
/** `\:name`, which SQLAlchemy's text() turns into `:name`. */
const ESCAPED_COLON = new RegExp(`\\\\(?=:${WORD}*(?!${WORD}|:))`, 'gu');

/**
 * SQL as SQLAlchemy's text(), CheckConstraint and Computed must be given it so that it reaches
 * PostgreSQL unchanged: they read `:name` as a bind parameter and `\:` as an escaped colon, so
 * both are escaped once more (a CHECK on `'a :b'` becomes `'a \:b'`).
 *
 * @example textClauseSql("status IN ('x :y')") // status IN ('x \:y')
 */
export function textClauseSql(sql: string): string {
	return sql.replace(ESCAPED_COLON, '\\\\').replace(BIND_PARAMETER, '\\:');
}

/** How a symbol is written in the file: its local name, or module alias + name. */
export type SymbolResolver = (symbol: PySymbol) => string;

/**
 * Renders an expression on one line.
 *
 * @example renderPy(call(SA.Numeric, [num(12), num(2)]), resolve) // Numeric(12, 2)
 */
export function renderPy(expr: PyExpr, resolve: SymbolResolver): string {
	const render = (inner: PyExpr) => renderPy(inner, resolve);
	switch (expr.kind) {
		case 'symbol':
			return resolve(expr.symbol);
		case 'local':
			return expr.name;
		case 'call':
			return `${render(expr.callee)}(${[...expr.args.map(render), ...expr.keywords.map(({name, value}) => `${name}=${render(value)}`)].join(', ')})`;
		case 'subscript':
			return `${render(expr.value)}[${expr.items.map(render).join(', ')}]`;
		case 'string':
			return pyString(expr.value);
		case 'number':
			return numberLiteral(expr.value);
		case 'constant':
			return expr.value;
		case 'list':
			return `[${expr.items.map(render).join(', ')}]`;
		case 'tuple':
			return expr.items.length === 1 ? `(${render(expr.items[0]!)},)` : `(${expr.items.map(render).join(', ')})`;
		case 'dict':
			return `{${expr.entries.map(([key, value]) => `${pyString(key)}: ${render(value)}`).join(', ')}}`;
	}
}

/** The imports of one Python file. */
export interface ImportTable {
	/** The name to write for a symbol; records that the file imports it. */
	readonly resolve: SymbolResolver;
	/**
	 * The import lines for every symbol resolved so far: standard library first, then the rest,
	 * sorted; an import longer than `width` is split one name per line.
	 */
	lines(width: number): string[];
}

const STANDARD_LIBRARY: ReadonlySet<string> = new Set(['builtins', 'datetime', 'decimal', 'typing', 'uuid']);

/**
 * An import table for a file that defines `taken` names (classes, columns, attributes). An
 * import whose name is taken is renamed with trailing underscores (`from sqlalchemy import Text as
 * Text_`), so a table named `texts` (class Text) or a column named `date` cannot shadow it; a
 * builtin is imported from `builtins` only then.
 */
export function createImportTable(taken: ReadonlySet<string>): ImportTable {
	// Local name of each import, keyed by module and name ('module' style: by module alone).
	const locals = new Map<string, string>();
	const used = new Set<string>();
	const keyOf = (symbol: PySymbol) => (symbol.style === 'module' ? `import ${symbol.module}` : `from ${symbol.module} import ${symbol.name}`);

	const localName = (symbol: PySymbol): string => {
		const key = keyOf(symbol);
		const known = locals.get(key);
		if (known) return known;
		let name = symbol.style === 'module' ? symbol.module : symbol.name;
		while (taken.has(name) || used.has(name)) name = `${name}_`;
		locals.set(key, name);
		used.add(name);
		return name;
	};

	return {
		resolve(symbol) {
			const local = localName(symbol);
			return symbol.style === 'module' ? `${local}.${symbol.name}` : local;
		},
		lines(width) {
			const plain: {module: string; alias: string}[] = [];
			const fromImports = new Map<string, {name: string; alias: string}[]>();
			for (const [key, alias] of locals) {
				const moduleImport = /^import (\S+)$/.exec(key);
				if (moduleImport) {
					plain.push({module: moduleImport[1]!, alias});
					continue;
				}
				const [, module, name] = /^from (\S+) import (\S+)$/.exec(key)!;
				// A builtin needs an import only when it has to be renamed.
				if (module === 'builtins' && alias === name) continue;
				fromImports.set(module!, [...(fromImports.get(module!) ?? []), {name: name!, alias}]);
			}
			const section = (isStandard: boolean) => [
				...plain
					.filter(({module}) => STANDARD_LIBRARY.has(module) === isStandard)
					.sort((a, b) => compare(a.module, b.module))
					.map(({module, alias}) => (alias === module ? `import ${module}` : `import ${module} as ${alias}`)),
				...[...fromImports.entries()]
					.filter(([module]) => STANDARD_LIBRARY.has(module) === isStandard)
					.sort(([a], [b]) => compare(a, b))
					.flatMap(([module, names]) => {
						const items = names
							.sort((a, b) => compareImportNames(a.name, b.name))
							.map(({name, alias}) => (alias === name ? name : `${name} as ${alias}`));
						const line = `from ${module} import ${items.join(', ')}`;
						return line.length <= width ? [line] : [`from ${module} import (`, ...items.map((item) => `    ${item},`), ')'];
					}),
			];
			const standard = section(true);
			const thirdParty = section(false);
			return [...standard, ...(standard.length > 0 && thirdParty.length > 0 ? [''] : []), ...thirdParty];
		},
	};
}

function compare(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/** isort's default order within one import: CONSTANTS, then Classes, then functions. */
function compareImportNames(a: string, b: string): number {
	const rank = (name: string) => (name.length > 1 && name === name.toUpperCase() ? 0 : /^[A-Z]/.test(name) ? 1 : 2);
	return rank(a) - rank(b) || compare(a.toLowerCase(), b.toLowerCase()) || compare(a, b);
}
