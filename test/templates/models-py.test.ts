import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import type pg from 'pg';
import {afterAll, describe, expect, it} from 'vitest';
import {deriveDesign} from '../../source/engine/derive.js';
import {renderCheck} from '../../source/engine/sql.js';
import type {Design, SqlType} from '../../source/model/design.js';
import {Session, type SessionInput} from '../../source/model/session.js';
import {renderModelsPy} from '../../templates/models-py.js';
import {createImportTable, pyString, pythonDefault, pythonType, renderPy, sqlalchemyType} from '../../templates/python-types.js';
import {renderIndexesSql, renderSchemaSql} from '../../templates/schema-sql.js';
import {createThrowawayDatabase, serverUrl} from '../helpers/pg.js';
import {example} from '../helpers/sessions.js';

const CATALOG_HELPER = fileURLToPath(new URL('../helpers/models_catalog.py', import.meta.url));

function derive(input: SessionInput): Design {
	return deriveDesign(Session.parse(input));
}

const workDir = mkdtempSync(join(tmpdir(), 'pgd-models-'));
afterAll(() => rmSync(workDir, {recursive: true, force: true}));

let fileCounter = 0;
/** Writes models.py text to a fresh directory and returns its path. */
function writeModels(text: string): string {
	const directory = join(workDir, `case-${++fileCounter}`);
	mkdirSync(directory);
	const path = join(directory, 'models.py');
	writeFileSync(path, text);
	return path;
}

interface ModelColumn {
	name: string;
	annotation: string;
	python_type: string;
	optional: boolean;
	nullable: boolean;
	primary_key: boolean;
	foreign_keys: string[];
	ondelete: string | null;
	sa_type: string;
	sa_type_name: string;
	server_default: string | null;
	identity: 'always' | 'by default' | null;
	computed: string | null;
	default: string | null;
	description: string | null;
	bind_params: string[];
}

interface ModelClass {
	class: string;
	tablename: string;
	docstring: string | null;
	columns: ModelColumn[];
	primary_key: string[];
	primary_key_name: string | null;
	foreign_keys: {name: string | null; columns: string[]; ref_table: string; ref_columns: string[]; ondelete: string | null}[];
	unique_constraints: {name: string | null; columns: string[]}[];
	check_constraints: {name: string; sqltext: string; bind_params: string[]}[];
	table_kwargs: Record<string, string>;
	relationships: {
		name: string;
		annotation: string;
		target: string;
		many: boolean;
		back_populates: string | null;
		link_model: string | null;
		sa_relationship_kwargs: Record<string, unknown>;
	}[];
}

/** Runs test/helpers/models_catalog.py on the rendered file: what models.py declares, read with ast. */
function modelsCatalog(path: string): ModelClass[] {
	return (JSON.parse(execFileSync('python3', [CATALOG_HELPER, path], {encoding: 'utf8'})) as {classes: ModelClass[]}).classes;
}

/** The brief's parse check, verbatim: the file is valid Python. */
function assertParses(path: string): void {
	execFileSync('python3', ['-c', 'import ast,sys; ast.parse(open(sys.argv[1]).read())', path], {encoding: 'utf8'});
}

/**
 * Minimal stand-ins for sqlmodel and sqlalchemy, strict where the real ones are: unknown names
 * and arguments fail, Field refuses the combinations SQLModel refuses, and ON DELETE SET NULL
 * needs a nullable column. Executing models.py with them proves every name it uses resolves
 * (no class or column shadows an import) and every annotation evaluates.
 */
const STUBS: Record<string, string> = {
	'sqlalchemy/__init__.py': `
NAMES = {"BigInteger", "Boolean", "CheckConstraint", "Column", "Computed", "Date", "DateTime",
    "ForeignKeyConstraint", "Identity", "Integer", "Interval", "LargeBinary", "Numeric",
    "PrimaryKeyConstraint", "SmallInteger", "String", "Text", "Time", "UniqueConstraint", "Uuid", "text"}

class Stub:
    def __init__(self, *args, **kwargs):
        self.args = args
        self.kwargs = kwargs

def __getattr__(name):
    if name not in NAMES:
        raise AttributeError(name)
    return type(name, (Stub,), {})
`,
	'sqlalchemy/dialects/__init__.py': '',
	'sqlalchemy/dialects/postgresql/__init__.py': `
from sqlalchemy import Stub

NAMES = {"ARRAY", "CITEXT", "DOUBLE_PRECISION", "INET", "JSON", "JSONB", "REAL", "TSVECTOR"}

def __getattr__(name):
    if name not in NAMES:
        raise AttributeError(name)
    return type(name, (Stub,), {})
`,
	'sqlmodel/__init__.py': `
import typing

class FieldInfo:
    def __init__(self, default=..., *, primary_key=None, foreign_key=None, ondelete=None,
                 unique=None, nullable=None, index=None, sa_type=None, sa_column=None,
                 sa_column_args=None, sa_column_kwargs=None, description=None):
        if sa_column is not None and any(value is not None for value in (
                primary_key, foreign_key, ondelete, unique, nullable, index, sa_type,
                sa_column_args, sa_column_kwargs)):
            raise RuntimeError("sa_column cannot be combined with column options")
        if ondelete is not None and foreign_key is None:
            raise RuntimeError("ondelete can only be used with foreign_key")
        self.default = default
        self.primary_key = primary_key
        self.nullable = nullable
        self.ondelete = ondelete

def Field(default=..., **kwargs):
    return FieldInfo(default, **kwargs)

class RelationshipInfo:
    def __init__(self, *, back_populates=None, cascade_delete=False, passive_deletes=False,
                 link_model=None, sa_relationship_kwargs=None):
        if link_model is not None and not getattr(link_model, "__is_table__", False):
            raise RuntimeError("link_model must be a table model")
        if passive_deletes not in (False, True, "all"):
            raise RuntimeError("passive_deletes is True or 'all'")

def Relationship(**kwargs):
    return RelationshipInfo(**kwargs)

def _is_optional(annotation):
    return typing.get_origin(annotation) is typing.Union and type(None) in typing.get_args(annotation)

class SQLModel:
    def __init_subclass__(cls, table=False, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.__is_table__ = table
        for name, annotation in cls.__dict__.get("__annotations__", {}).items():
            value = cls.__dict__.get(name)
            if isinstance(value, FieldInfo) and value.ondelete == "SET NULL":
                nullable = value.nullable if value.nullable is not None else (
                    not value.primary_key and _is_optional(annotation))
                if not nullable:
                    raise RuntimeError('ondelete="SET NULL" requires nullable=True')
`,
};

const stubDir = join(workDir, 'stubs');
for (const [path, text] of Object.entries(STUBS)) {
	mkdirSync(join(stubDir, path, '..'), {recursive: true});
	writeFileSync(join(stubDir, path), text);
}

/** Executes models.py against the stand-ins (see STUBS). */
function executeWithStubs(path: string): void {
	execFileSync('python3', ['-I', '-c', 'import runpy,sys; sys.path.insert(0, sys.argv[1]); runpy.run_path(sys.argv[2])', stubDir, path], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
}

/** Every relationship's target is a class of the file, and back_populates names an attribute that points back. */
function assertRelationshipsPair(classes: ModelClass[]): void {
	const byName = new Map(classes.map((model) => [model.class, model]));
	for (const model of classes) {
		const names = [...model.columns.map((column) => column.name), ...model.relationships.map((relationship) => relationship.name)];
		expect(new Set(names).size, `${model.class}: attribute names are distinct`).toBe(names.length);
		for (const relationship of model.relationships) {
			const target = byName.get(relationship.target);
			expect(target, `${model.class}.${relationship.name} -> ${relationship.target}`).toBeDefined();
			const partner = target!.relationships.find((candidate) => candidate.name === relationship.back_populates);
			expect(partner, `${model.class}.${relationship.name}: back_populates=${relationship.back_populates}`).toBeDefined();
			expect(partner!.back_populates).toBe(relationship.name);
			expect(partner!.target).toBe(model.class);
			if (relationship.link_model) expect(byName.has(relationship.link_model)).toBe(true);
		}
	}
}

/** Session input for the "every column type" designs. */
const EVERY_TYPE: SessionInput = {
	version: 1,
	project: {name: 'every-type', description: 'Every column type, key and relationship the engine can produce.'},
	entities: [
		{
			name: 'users',
			fields: [
				{name: 'email', type: 'email', unique: true},
				{name: 'password', type: 'password'},
				{name: 'display_name', type: 'varchar', length: 80, required: false},
			],
		},
		{name: 'projects', softDelete: true, fields: [{name: 'name', type: 'text', unique: true, check: {minLength: 1, maxLength: 100}}]},
		{
			name: 'tasks',
			softDelete: true,
			search: {fields: ['title', 'body'], language: 'english'},
			fields: [
				{name: 'title', type: 'text'},
				{name: 'body', type: 'text', required: false},
				{name: 'status', type: 'text', default: 'open', check: {oneOf: ['open', 'done']}},
				{name: 'estimate', type: 'int', required: false, default: 1, check: {min: 1, max: 13}},
			],
		},
		{name: 'profiles', fields: [{name: 'bio', type: 'text', required: false}]},
		{name: 'tags', fields: [{name: 'label', type: 'varchar', length: 40, unique: true}]},
		{
			name: 'samples',
			description: 'One of each field type, required and optional, single and array.',
			fields: [
				{name: 'a_text', type: 'text', description: 'Plain text.'},
				{name: 'a_text_opt', type: 'text', required: false},
				{name: 'a_varchar', type: 'varchar', length: 50},
				{name: 'an_int', type: 'int'},
				{name: 'an_int_small', type: 'int', check: {min: 0, max: 100}},
				{name: 'an_int_mid', type: 'int', check: {min: 0, max: 1_000_000}},
				{name: 'a_smallint', type: 'smallint', required: false},
				{name: 'a_bigint', type: 'bigint', default: 7},
				{name: 'a_numeric', type: 'numeric', required: false},
				{name: 'a_numeric_ps', type: 'numeric', precision: 10, scale: 3, default: 1.5},
				{name: 'price', type: 'money'},
				{name: 'a_float', type: 'float', required: false, default: 0.25},
				{name: 'a_bool', type: 'bool', default: true},
				{name: 'a_date', type: 'date', default: {fn: 'today'}},
				{name: 'a_timestamptz', type: 'timestamptz', required: false, default: {fn: 'now'}},
				{name: 'a_time', type: 'time', required: false},
				{name: 'an_interval', type: 'interval', required: false},
				{name: 'a_uuid', type: 'uuid', default: {fn: 'uuid'}},
				{name: 'a_jsonb', type: 'jsonb', default: {fn: 'empty-object'}},
				{name: 'a_jsonb_opt', type: 'jsonb', required: false},
				{name: 'some_bytes', type: 'bytes', required: false},
				{name: 'an_inet', type: 'inet', required: false},
				{name: 'contact', type: 'email', required: false},
				{name: 'secret', type: 'password'},
				{name: 'homepage', type: 'url', required: false},
				{name: 'a_real', type: 'float', typeOverride: 'real'},
				{name: 'a_citext', type: 'text', typeOverride: 'citext'},
				{name: 'an_integer', type: 'int', typeOverride: 'integer'},
				{name: 'a_varchar_override', type: 'text', typeOverride: 'varchar', length: 12},
				{name: 'texts', type: 'text', array: true, default: {fn: 'empty-array'}},
				{name: 'ints', type: 'int', array: true, required: false},
				{name: 'codes', type: 'varchar', length: 20, array: true},
				{name: 'amounts', type: 'money', array: true, required: false},
				{name: 'uuids', type: 'uuid', array: true, required: false},
				{name: 'dates', type: 'date', array: true, required: false},
				{name: 'flags', type: 'bool', array: true, required: false},
				{name: 'docs', type: 'jsonb', array: true, required: false},
				// Names of Python types and modules the file imports: they must not shadow them.
				{name: 'date', type: 'date', required: false},
				{name: 'time', type: 'time', required: false},
				{name: 'text', type: 'text', required: false},
				{name: 'float', type: 'float', required: false},
				{name: 'uuid', type: 'uuid', required: false},
				{name: 'list', type: 'text', required: false},
			],
		},
		{name: 'events', volume: 'billions', appendOnly: true, fields: [{name: 'kind', type: 'text'}]},
		{name: 'measurements', volume: 'billions', fields: [{name: 'value', type: 'float'}]},
	],
	relationships: [
		{kind: 'one-to-many', parent: 'projects', child: 'tasks', required: false, onDelete: 'set-null'},
		{kind: 'one-to-many', parent: 'users', child: 'tasks', column: 'assignee_id', required: false, onDelete: 'set-null'},
		{kind: 'one-to-many', parent: 'tasks', child: 'tasks', required: false, onDelete: 'cascade'},
		{kind: 'one-to-one', parent: 'users', child: 'profiles', onDelete: 'cascade'},
		{kind: 'many-to-many', left: 'tasks', right: 'tags'},
		{kind: 'many-to-many', left: 'tasks', right: 'tasks', through: 'task_links'},
	],
	isolation: {mode: 'user', enforcement: 'rls', shared: ['tags']},
};

/** uuid keys, no isolation: plain self-reference, two keys to one parent, one-to-one, M:N and self M:N, every ON DELETE. */
const UUID_KEYS: SessionInput = {
	version: 1,
	project: {name: 'uuid-keys'},
	keys: {primaryKey: 'uuid'},
	audit: {timestamps: false},
	entities: [
		{name: 'people', fields: [{name: 'name', type: 'text', unique: true}]},
		{name: 'categories', fields: [{name: 'title', type: 'text'}]},
		{
			name: 'documents',
			softDelete: true,
			search: {fields: ['title', 'body'], language: 'simple'},
			fields: [
				{name: 'title', type: 'text'},
				{name: 'body', type: 'text', required: false},
			],
		},
		{name: 'passports', fields: [{name: 'number', type: 'varchar', length: 20, unique: true}]},
		{name: 'labels', fields: [{name: 'name', type: 'text'}]},
		{name: 'readings', volume: 'billions', fields: [{name: 'value', type: 'numeric', precision: 8}]},
	],
	relationships: [
		{kind: 'one-to-many', parent: 'categories', child: 'categories', required: false, onDelete: 'restrict'},
		{kind: 'one-to-many', parent: 'people', child: 'documents', column: 'author_id', onDelete: 'restrict'},
		{kind: 'one-to-many', parent: 'people', child: 'documents', column: 'reviewer_id', required: false, onDelete: 'set-null'},
		{kind: 'one-to-many', parent: 'categories', child: 'documents', required: false, onDelete: 'no-action'},
		{kind: 'one-to-one', parent: 'people', child: 'passports', onDelete: 'cascade'},
		{kind: 'many-to-many', left: 'documents', right: 'labels', onDelete: 'restrict'},
		{kind: 'many-to-many', left: 'documents', right: 'documents', through: 'document_links'},
	],
};

const HOSTILE_TEXTS = [
	'"""; import os; os.system("rm -rf /") #',
	"'''\\",
	'ends with a backslash \\',
	'line one\nline two\r\nthree\u2028four\u2029five\u0085six\u000bseven\u000cend',
	'\\N{BULLET} \\x41 \\u0041 {braces} %s :name \\:escaped',
	'"',
	'😀 naïve — ✓',
];

/** User text that tries to end strings, docstrings and comments, declare an encoding, or pass for a bind parameter. */
const HOSTILE: SessionInput = {
	version: 1,
	// The first lines of a Python file may declare its encoding: user text never lands there.
	project: {name: 'coding', description: `# -*- coding: rot13 -*-\n${HOSTILE_TEXTS.join(' | ')}`},
	audit: {timestamps: false},
	entities: [
		{
			name: 'notes',
			description: `coding: latin-1 ${HOSTILE_TEXTS.join(' | ')}`,
			fields: [
				...HOSTILE_TEXTS.map((text, index) => ({name: `field_${index}`, type: 'text' as const, required: false, description: text})),
				{
					name: 'mood',
					type: 'text',
					default: 'a :b',
					check: {oneOf: ['a :b', '"""\\\'', "it's", 'back\\slash', 'new\nline', '\\:c', '(:d)'], pattern: '^[^"\\\\]*\\d$|"""|\\:x|(:y)'},
				},
			],
		},
	],
};

/** json and timestamp (without time zone) are SqlTypes no session field produces; set them on a derived design. */
function withUnreachableTypes(design: Design): Design {
	const retype: Record<string, SqlType> = {a_jsonb_opt: {name: 'json'}, a_timestamptz: {name: 'timestamp'}};
	return {
		...design,
		tables: design.tables.map((table) =>
			table.name !== 'samples'
				? table
				: {
						...table,
						columns: table.columns.map((column) => {
							const type = retype[column.name];
							if (!type) return column;
							const {default: _default, ...rest} = column;
							return {...rest, type};
						}),
					},
		),
	};
}

describe('python-types', () => {
	const resolve = (symbol: {module: string; name: string; style?: 'module'}) => (symbol.style === 'module' ? `${symbol.module}.${symbol.name}` : symbol.name);
	const cases: [SqlType, string, string][] = [
		[{name: 'smallint'}, 'int', 'SmallInteger'],
		[{name: 'integer'}, 'int', 'Integer'],
		[{name: 'bigint'}, 'int', 'BigInteger'],
		[{name: 'numeric'}, 'Decimal', 'Numeric'],
		[{name: 'numeric', precision: 10}, 'Decimal', 'Numeric(10)'],
		[{name: 'numeric', precision: 12, scale: 2}, 'Decimal', 'Numeric(12, 2)'],
		[{name: 'real'}, 'float', 'REAL'],
		[{name: 'double precision'}, 'float', 'DOUBLE_PRECISION'],
		[{name: 'text'}, 'str', 'Text'],
		[{name: 'varchar', length: 50}, 'str', 'String(50)'],
		[{name: 'varchar'}, 'str', 'String'],
		[{name: 'citext'}, 'str', 'CITEXT'],
		[{name: 'boolean'}, 'bool', 'Boolean'],
		[{name: 'date'}, 'date', 'Date'],
		[{name: 'timestamptz'}, 'datetime', 'DateTime(timezone=True)'],
		[{name: 'timestamp'}, 'datetime', 'DateTime'],
		[{name: 'time'}, 'time', 'Time'],
		[{name: 'interval'}, 'timedelta', 'Interval'],
		[{name: 'uuid'}, 'uuid.UUID', 'Uuid'],
		[{name: 'jsonb'}, 'dict[str, Any]', 'JSONB(none_as_null=True)'],
		[{name: 'json'}, 'dict[str, Any]', 'JSON(none_as_null=True)'],
		[{name: 'bytea'}, 'bytes', 'LargeBinary'],
		[{name: 'inet'}, 'str', 'INET'],
		[{name: 'tsvector'}, 'str', 'TSVECTOR'],
		[{name: 'text', isArray: true}, 'list[str]', 'ARRAY(Text)'],
		[{name: 'varchar', length: 20, isArray: true}, 'list[str]', 'ARRAY(String(20))'],
		[{name: 'numeric', precision: 12, scale: 2, isArray: true}, 'list[Decimal]', 'ARRAY(Numeric(12, 2))'],
		[{name: 'uuid', isArray: true}, 'list[uuid.UUID]', 'ARRAY(Uuid)'],
		[{name: 'jsonb', isArray: true}, 'list[dict[str, Any]]', 'ARRAY(JSONB)'],
		[{name: 'timestamptz', isArray: true}, 'list[datetime]', 'ARRAY(DateTime(timezone=True))'],
	];
	it.each(cases)('%j is %s and %s', (type, python, sqlalchemy) => {
		expect(renderPy(pythonType(type), resolve)).toBe(python);
		expect(renderPy(sqlalchemyType(type), resolve)).toBe(sqlalchemy);
	});

	it('mirrors only the literal defaults Python writes the same way', () => {
		expect(renderPy(pythonDefault(3, {name: 'smallint'})!, resolve)).toBe('3');
		expect(renderPy(pythonDefault(9.5, {name: 'numeric', precision: 12, scale: 2})!, resolve)).toBe('Decimal("9.5")');
		expect(renderPy(pythonDefault('it\'s "x"', {name: 'text'})!, resolve)).toBe('"it\'s \\"x\\""');
		expect(renderPy(pythonDefault(false, {name: 'boolean'})!, resolve)).toBe('False');
		expect(pythonDefault('2024-01-01', {name: 'date'})).toBeUndefined();
		expect(pythonDefault(1.5, {name: 'integer'})).toBeUndefined();
	});

	it('escapes every character that could break a string literal', () => {
		expect(pyString('a"b\\c\nd\re\tf')).toBe('"a\\"b\\\\c\\nd\\re\\tf"');
		expect(pyString('\u0000\u007f\u2028\ud800')).toBe('"\\x00\\x7f\\u2028\\ud800"');
		expect(pyString('é — ✓')).toBe('"é — ✓"');
	});

	it('imports each name once, sorted, renaming one the file defines', () => {
		const imports = createImportTable(new Set(['Text', 'date', 'float']));
		const {resolve: name} = imports;
		expect(name({module: 'sqlalchemy', name: 'Text'})).toBe('Text_');
		expect(name({module: 'sqlalchemy', name: 'BigInteger'})).toBe('BigInteger');
		expect(name({module: 'sqlalchemy.dialects.postgresql', name: 'JSONB'})).toBe('JSONB');
		expect(name({module: 'datetime', name: 'date'})).toBe('date_');
		expect(name({module: 'datetime', name: 'datetime'})).toBe('datetime');
		expect(name({module: 'uuid', name: 'UUID', style: 'module'})).toBe('uuid.UUID');
		expect(name({module: 'builtins', name: 'float'})).toBe('float_');
		expect(name({module: 'builtins', name: 'int'})).toBe('int');
		expect(name({module: 'sqlalchemy', name: 'text'})).toBe('text');
		expect(name({module: 'typing', name: 'Optional'})).toBe('Optional');
		expect(imports.lines(88)).toEqual([
			'import uuid',
			'from builtins import float as float_',
			'from datetime import date as date_, datetime',
			'from typing import Optional',
			'',
			'from sqlalchemy import BigInteger, Text as Text_, text',
			'from sqlalchemy.dialects.postgresql import JSONB',
		]);
	});
});

describe('renderModelsPy', () => {
	const library: SessionInput = {
		version: 1,
		project: {name: 'library', description: 'Books and their authors.'},
		audit: {timestamps: false},
		entities: [
			{name: 'authors', description: 'A person who writes books.', fields: [{name: 'name', type: 'text', check: {minLength: 1}}]},
			{
				name: 'books',
				fields: [
					{name: 'title', type: 'varchar', length: 200},
					{name: 'price', type: 'money'},
					{name: 'in_print', type: 'bool', default: true},
					{name: 'published', type: 'date', required: false, description: 'First edition, "as printed".'},
				],
			},
		],
		relationships: [{kind: 'one-to-many', parent: 'authors', child: 'books', onDelete: 'restrict'}],
	};

	it('writes a small design exactly', () => {
		expect(renderModelsPy(derive(library)).split('\n')).toEqual([
			'# Generated by pg-designer from session.json; edit the session, not this file.',
			'# SQLModel classes that match schema.sql: tables, columns, types, nullability, keys, constraints.',
			'#',
			'# library: Books and their authors.',
			'#',
			'# Needs SQLModel >= 0.0.21 (Field(ondelete=...)) and SQLAlchemy 2.0 with a PostgreSQL',
			'# driver such as psycopg.',
			'# Create the tables with schema.sql and indexes.sql (or migrations/), not',
			'# SQLModel.metadata.create_all(): triggers, comments and indexes live only there.',
			'# PostgreSQL fills columns with a server default (keys, created_at, ...): leave them',
			'# unset on insert.',
			'',
			'from datetime import date',
			'from decimal import Decimal',
			'from typing import Optional',
			'',
			'from sqlalchemy import (',
			'    BigInteger,',
			'    Boolean,',
			'    CheckConstraint,',
			'    Date,',
			'    Identity,',
			'    Numeric,',
			'    String,',
			'    Text,',
			'    text,',
			')',
			'from sqlmodel import Field, Relationship, SQLModel',
			'',
			'',
			'class Author(SQLModel, table=True):',
			'    """A person who writes books."""',
			'',
			'    __tablename__ = "authors"',
			'    __table_args__ = (',
			'        CheckConstraint("char_length(name) >= 1", name="authors_name_length_check"),',
			'    )',
			'',
			'    id: Optional[int] = Field(',
			'        default=None,',
			'        primary_key=True,',
			'        sa_type=BigInteger,',
			'        sa_column_args=[Identity(always=True)],',
			'    )',
			'    name: str = Field(sa_type=Text)',
			'',
			'    books: list["Book"] = Relationship(back_populates="author", passive_deletes="all")',
			'',
			'',
			'class Book(SQLModel, table=True):',
			'    """One row per book."""',
			'',
			'    __tablename__ = "books"',
			'    __table_args__ = (',
			'        CheckConstraint("price >= 0", name="books_price_range_check"),',
			'    )',
			'',
			'    id: Optional[int] = Field(',
			'        default=None,',
			'        primary_key=True,',
			'        sa_type=BigInteger,',
			'        sa_column_args=[Identity(always=True)],',
			'    )',
			'    author_id: int = Field(',
			'        foreign_key="authors.id",',
			'        ondelete="RESTRICT",',
			'        sa_type=BigInteger,',
			'    )',
			'    title: str = Field(sa_type=String(200))',
			'    price: Decimal = Field(sa_type=Numeric(12, 2))',
			'    in_print: bool = Field(',
			'        default=True,',
			'        sa_type=Boolean,',
			'        sa_column_kwargs={"server_default": text("true")},',
			'    )',
			'    published: Optional[date] = Field(',
			'        default=None,',
			'        sa_type=Date,',
			'        description="First edition, \\"as printed\\".",',
			'    )',
			'',
			'    author: Optional["Author"] = Relationship(back_populates="books")',
			'',
		]);
	});

	it('writes the todo example: owner keys, composite keys to the same owner, link model', () => {
		const text = renderModelsPy(deriveDesign(example('todo')));
		const lines = text.split('\n');
		const classOf = (name: string) => {
			const start = lines.indexOf(`class ${name}(SQLModel, table=True):`);
			const end = lines.findIndex((line, index) => index > start && line.startsWith('class '));
			return lines.slice(start, end === -1 ? undefined : end - 2);
		};
		// Link models come first: Relationship(link_model=TaskTag) needs the class.
		expect(lines.filter((line) => line.startsWith('class '))).toEqual([
			'class TaskTag(SQLModel, table=True):',
			'class User(SQLModel, table=True):',
			'class Task(SQLModel, table=True):',
			'class Tag(SQLModel, table=True):',
		]);
		expect(classOf('TaskTag')).toEqual([
			'class TaskTag(SQLModel, table=True):',
			'    """Links tasks and tags (many-to-many); one row per pair."""',
			'',
			'    __tablename__ = "task_tags"',
			'    __table_args__ = (',
			'        ForeignKeyConstraint(',
			'            ["user_id", "task_id"],',
			'            ["tasks.user_id", "tasks.id"],',
			'            name="task_tags_task_id_fkey",',
			'            ondelete="CASCADE",',
			'        ),',
			'        ForeignKeyConstraint(',
			'            ["user_id", "tag_id"],',
			'            ["tags.user_id", "tags.id"],',
			'            name="task_tags_tag_id_fkey",',
			'            ondelete="CASCADE",',
			'        ),',
			'    )',
			'',
			'    user_id: int = Field(',
			'        primary_key=True,',
			'        foreign_key="users.id",',
			'        ondelete="CASCADE",',
			'        sa_type=BigInteger,',
			'    )',
			'    task_id: int = Field(primary_key=True, sa_type=BigInteger)',
			'    tag_id: int = Field(primary_key=True, sa_type=BigInteger)',
		]);
		expect(classOf('Task')).toEqual(
			expect.arrayContaining([
				'    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE", sa_type=BigInteger)',
				'    notes: Optional[str] = Field(default=None, sa_type=Text)',
				'    priority: int = Field(',
				'        default=3,',
				'        sa_type=SmallInteger,',
				'        sa_column_kwargs={"server_default": text("3")},',
				'    user: Optional["User"] = Relationship(back_populates="tasks")',
				'    tags: list["Tag"] = Relationship(',
				'        back_populates="tasks",',
				'        passive_deletes=True,',
				'        link_model=TaskTag,',
			]),
		);
		expect(classOf('User')).toEqual(
			expect.arrayContaining([
				'    tasks: list["Task"] = Relationship(',
				'        back_populates="user",',
				'        cascade_delete=True,',
				'        passive_deletes=True,',
			]),
		);
	});

	it('writes the same bytes for the same design', () => {
		for (const input of [EVERY_TYPE, UUID_KEYS]) {
			const first = renderModelsPy(derive(input));
			expect(renderModelsPy(derive(input))).toBe(first);
			expect(renderModelsPy(derive(JSON.parse(JSON.stringify(input)) as SessionInput))).toBe(first);
		}
		expect(renderModelsPy(deriveDesign(example('todo')))).toBe(renderModelsPy(deriveDesign(example('todo'))));
	});

	it('keeps hostile text inside its strings and comments', () => {
		const design = derive(HOSTILE);
		const path = writeModels(renderModelsPy(design));
		assertParses(path);
		executeWithStubs(path);
		const [notes] = modelsCatalog(path);
		HOSTILE_TEXTS.forEach((text, index) => expect(notes!.columns.find((column) => column.name === `field_${index}`)!.description).toBe(text));
		const table = design.tables[0]!;
		// As SQLAlchemy will send it: the same SQL as schema.sql, no bind parameters.
		expect(notes!.check_constraints).toEqual(table.checks.map((check) => ({name: check.name, sqltext: renderCheck(check.rule), bind_params: []})));
		const mood = notes!.columns.find((column) => column.name === 'mood')!;
		expect([mood.server_default, mood.bind_params]).toEqual(["'a :b'", []]);
		expect(notes!.docstring).toContain('rm -rf');
	});

	it('never lets a class, column or relationship shadow a name the file uses', () => {
		const input: SessionInput = {
			version: 1,
			project: {name: 'clashes'},
			audit: {timestamps: false},
			entities: [
				// Classes Text, Field, Relationship, Date, Column; a child attribute "class".
				{name: 'texts', fields: [{name: 'text', type: 'text'}, {name: 'optional', type: 'int', required: false}]},
				{name: 'fields', fields: [{name: 'field', type: 'text'}, {name: 'date', type: 'date'}]},
				{name: 'relationships', fields: [{name: 'list', type: 'jsonb', required: false}, {name: 'decimal', type: 'money'}]},
				{name: 'dates', fields: [{name: 'datetime', type: 'timestamptz'}, {name: 'timedelta', type: 'interval', required: false}]},
				{name: 'columns', fields: [{name: 'bool', type: 'bool'}, {name: 'bytes', type: 'bytes', required: false}, {name: 'int', type: 'int'}]},
				{name: 'category', fields: [{name: 'str', type: 'text'}, {name: 'sqlmodel', type: 'jsonb', required: false}]},
				{name: 'classes', fields: [{name: 'identity', type: 'text', required: false}]},
				{name: 'students', fields: [{name: 'tasks', type: 'text', required: false}]},
			],
			relationships: [
				{kind: 'one-to-many', parent: 'classes', child: 'students', onDelete: 'cascade'},
				{kind: 'one-to-many', parent: 'texts', child: 'fields', onDelete: 'cascade'},
				{kind: 'many-to-many', left: 'students', right: 'classes', through: 'enrolments'},
			],
		};
		const path = writeModels(renderModelsPy(derive(input)));
		assertParses(path);
		executeWithStubs(path);
		const classes = modelsCatalog(path);
		assertRelationshipsPair(classes);
		expect(classes.map((model) => model.class)).toEqual(['Enrolment', 'Text', 'Field', 'Relationship', 'Date', 'Column', 'Category', 'Class', 'Student']);
		const student = classes.find((model) => model.class === 'Student')!;
		expect(student.relationships.map((relationship) => relationship.name)).toEqual(['class_', 'classes']);
	});
});

describe.skipIf(!serverUrl())('models.py agrees with schema.sql on PostgreSQL', () => {
	const variants: [string, () => Design][] = [
		['the todo example', () => deriveDesign(example('todo'))],
		['every column type, per-user isolation with RLS, partitioned tables', () => derive(EVERY_TYPE)],
		['uuid keys, self-references, one-to-one, many-to-many', () => derive(UUID_KEYS)],
		['json and timestamp columns', () => withUnreachableTypes(derive(EVERY_TYPE))],
		['hostile text', () => derive(HOSTILE)],
	];

	it.each(variants)('%s', async (_name, makeDesign) => {
		const design = makeDesign();
		const path = writeModels(renderModelsPy(design));
		assertParses(path);
		executeWithStubs(path);
		const models = modelsCatalog(path);
		assertRelationshipsPair(models);

		const database = await createThrowawayDatabase(serverUrl()!);
		try {
			await database.client.query(renderSchemaSql(design));
			await database.client.query(renderIndexesSql(design));
			const catalog = await introspect(database.client);
			expect(models.map((model) => model.tablename).sort()).toEqual([...catalog.keys()].sort());
			for (const model of models) await compareTable(database.client, model, catalog.get(model.tablename)!);
		} finally {
			await database.drop();
		}
	});
});

interface CatalogColumn {
	name: string;
	type: string;
	notNull: boolean;
	identity: string;
	generated: string;
	default: string | null;
}

interface CatalogConstraint {
	name: string;
	type: 'p' | 'u' | 'f' | 'c';
	columns: string[];
	refTable: string | null;
	refColumns: string[];
	onDelete: string;
	setNullColumns: string[];
	definition: string;
}

interface CatalogTable {
	columns: CatalogColumn[];
	constraints: CatalogConstraint[];
	partitionKey: string | null;
}

async function introspect(client: pg.Client): Promise<Map<string, CatalogTable>> {
	const tables = await client.query<{name: string; partition_key: string | null}>(`
		SELECT c.relname AS name, CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_key
		FROM pg_class c
		WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition`);
	const columns = await client.query<CatalogColumn & {table: string}>(`
		SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
		       a.attnotnull AS "notNull", a.attidentity AS identity, a.attgenerated AS generated,
		       pg_get_expr(d.adbin, d.adrelid) AS default
		FROM pg_class c
		JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
		LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
		WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
		ORDER BY c.relname, a.attnum`);
	const names = (keys: string, table: string) =>
		`ARRAY(SELECT a.attname::text FROM unnest(${keys}) WITH ORDINALITY k(attnum, position)
		       JOIN pg_attribute a ON a.attrelid = ${table} AND a.attnum = k.attnum ORDER BY k.position)`;
	const constraints = await client.query<CatalogConstraint & {table: string}>(`
		SELECT c.relname AS table, con.conname AS name, con.contype AS type,
		       ${names('con.conkey', 'con.conrelid')} AS columns,
		       ref.relname AS "refTable",
		       ${names('con.confkey', 'con.confrelid')} AS "refColumns",
		       con.confdeltype AS "onDelete",
		       ${names('con.confdelsetcols', 'con.conrelid')} AS "setNullColumns",
		       pg_get_constraintdef(con.oid) AS definition
		FROM pg_constraint con
		JOIN pg_class c ON c.oid = con.conrelid
		LEFT JOIN pg_class ref ON ref.oid = con.confrelid
		WHERE c.relnamespace = 'public'::regnamespace AND NOT c.relispartition AND con.conparentid = 0
		  AND con.contype IN ('p', 'u', 'f', 'c')`);
	return new Map(
		tables.rows.map((table) => [
			table.name,
			{
				columns: columns.rows.filter((column) => column.table === table.name),
				constraints: constraints.rows.filter((constraint) => constraint.table === table.name),
				partitionKey: table.partition_key,
			},
		]),
	);
}

/** format_type() of the column SQLAlchemy creates for a type expression from models.py. */
function formatTypeOf(saType: string): string {
	const array = /^ARRAY\((.*)\)$/.exec(saType);
	if (array) return `${formatTypeOf(array[1]!)}[]`;
	const numeric = /^Numeric\((\d+)(?:, (\d+))?\)$/.exec(saType);
	if (numeric) return `numeric(${numeric[1]},${numeric[2] ?? 0})`;
	const string = /^String\((\d+)\)$/.exec(saType);
	if (string) return `character varying(${string[1]})`;
	const simple: Record<string, string> = {
		BigInteger: 'bigint',
		SmallInteger: 'smallint',
		Integer: 'integer',
		Numeric: 'numeric',
		REAL: 'real',
		DOUBLE_PRECISION: 'double precision',
		Text: 'text',
		String: 'character varying',
		CITEXT: 'citext',
		Boolean: 'boolean',
		Date: 'date',
		'DateTime(timezone=True)': 'timestamp with time zone',
		DateTime: 'timestamp without time zone',
		Time: 'time without time zone',
		Interval: 'interval',
		Uuid: 'uuid',
		JSONB: 'jsonb',
		'JSONB(none_as_null=True)': 'jsonb',
		JSON: 'json',
		'JSON(none_as_null=True)': 'json',
		LargeBinary: 'bytea',
		INET: 'inet',
		TSVECTOR: 'tsvector',
	};
	const type = simple[saType];
	if (!type) throw new Error(`no PostgreSQL type known for SQLAlchemy ${saType}`);
	return type;
}

/** The Python annotation that fits a PostgreSQL type. */
function pythonTypeOf(formatType: string): string {
	if (formatType.endsWith('[]')) return `list[${pythonTypeOf(formatType.slice(0, -2))}]`;
	const base = formatType.replace(/\(.*\)$/, '');
	const types: Record<string, string> = {
		bigint: 'int',
		smallint: 'int',
		integer: 'int',
		numeric: 'Decimal',
		real: 'float',
		'double precision': 'float',
		text: 'str',
		'character varying': 'str',
		citext: 'str',
		inet: 'str',
		tsvector: 'str',
		boolean: 'bool',
		date: 'date',
		'timestamp with time zone': 'datetime',
		'timestamp without time zone': 'datetime',
		'time without time zone': 'time',
		interval: 'timedelta',
		uuid: 'uuid.UUID',
		jsonb: 'dict[str, Any]',
		json: 'dict[str, Any]',
		bytea: 'bytes',
	};
	return types[base] ?? `unknown ${formatType}`;
}

const ON_DELETE: Record<string, string> = {a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT'};

async function compareTable(client: pg.Client, model: ModelClass, table: CatalogTable): Promise<void> {
	const where = model.tablename;
	expect(model.columns.map((column) => column.name), `${where}: columns in order`).toEqual(table.columns.map((column) => column.name));
	const primaryKey = table.constraints.find((constraint) => constraint.type === 'p')!;
	expect(model.primary_key, `${where}: primary key`).toEqual(primaryKey.columns);
	expect(model.primary_key_name ?? `${where}_pkey`).toBe(primaryKey.name);

	for (const [index, column] of model.columns.entries()) {
		const actual = table.columns[index]!;
		const at = `${where}.${column.name}`;
		expect(formatTypeOf(column.sa_type), `${at}: type`).toBe(actual.type);
		expect(column.python_type, `${at}: Python type`).toBe(pythonTypeOf(actual.type));
		expect(column.nullable, `${at}: nullable`).toBe(!actual.notNull);
		const isKey = primaryKey.columns.includes(column.name);
		const hasServerValue = actual.identity !== '' || (actual.default !== null && actual.generated === '');
		expect(column.optional, `${at}: Optional exactly when nullable or a server-generated key`).toBe(!actual.notNull || (isKey && hasServerValue));
		expect(column.identity, `${at}: identity`).toBe({a: 'always', d: 'by default', '': null}[actual.identity]);
		expect(column.computed !== null, `${at}: generated`).toBe(actual.generated === 's');
		expect(column.server_default !== null, `${at}: server default`).toBe(actual.default !== null && actual.generated === '' && actual.identity === '');
		expect(column.bind_params, `${at}: no bind parameters in its SQL`).toEqual([]);
	}

	const foreignKeys = table.constraints.filter((constraint) => constraint.type === 'f');
	expect(
		model.foreign_keys
			.map((fk) => ({
				name: fk.name ?? `${where}_${fk.columns[0]}_fkey`,
				columns: fk.columns,
				refTable: fk.ref_table,
				refColumns: fk.ref_columns,
				onDelete: fk.ondelete ?? 'NO ACTION',
			}))
			.sort((a, b) => a.name.localeCompare(b.name)),
		`${where}: foreign keys`,
	).toEqual(
		foreignKeys
			.map((fk) => ({
				name: fk.name,
				columns: fk.columns,
				refTable: fk.refTable,
				refColumns: fk.refColumns,
				onDelete: `${ON_DELETE[fk.onDelete]}${fk.setNullColumns.length > 0 ? ` (${fk.setNullColumns.join(', ')})` : ''}`,
			}))
			.sort((a, b) => a.name.localeCompare(b.name)),
	);
	expect(
		model.unique_constraints.map((unique) => ({name: unique.name, columns: unique.columns})).sort((a, b) => a.name!.localeCompare(b.name!)),
		`${where}: unique constraints`,
	).toEqual(
		table.constraints
			.filter((constraint) => constraint.type === 'u')
			.map((unique) => ({name: unique.name, columns: unique.columns}))
			.sort((a, b) => a.name.localeCompare(b.name)),
	);
	const checks = table.constraints.filter((constraint) => constraint.type === 'c');
	expect(model.check_constraints.map((check) => check.name).sort(), `${where}: check constraints`).toEqual(checks.map((check) => check.name).sort());
	for (const check of model.check_constraints) expect(check.bind_params, `${where}: ${check.name} has no bind parameters`).toEqual([]);
	expect(model.table_kwargs.postgresql_partition_by ?? null, `${where}: partitioning`).toBe(table.partitionKey);

	// The SQL text models.py carries (CHECK, DEFAULT, GENERATED) must mean what schema.sql says:
	// add it next to the original and compare PostgreSQL's own rendering of both.
	await client.query('BEGIN');
	try {
		for (const [index, check] of model.check_constraints.entries()) {
			await client.query(`ALTER TABLE ${where} ADD CONSTRAINT pgd_probe_check_${index} CHECK (${check.sqltext})`);
		}
		const probes: {probe: string; of: string}[] = [];
		for (const [index, column] of model.columns.entries()) {
			const type = table.columns[index]!.type;
			const probe = `pgd_probe_${index}`;
			if (column.computed !== null) {
				await client.query(`ALTER TABLE ${where} ADD COLUMN ${probe} ${type} GENERATED ALWAYS AS (${column.computed}) STORED`);
				probes.push({probe, of: column.name});
			} else if (column.server_default !== null) {
				await client.query(`ALTER TABLE ${where} ADD COLUMN ${probe} ${type} DEFAULT ${column.server_default}`);
				probes.push({probe, of: column.name});
			}
		}
		const definitions = await client.query<{name: string; definition: string}>(
			`SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'c'`,
			[where],
		);
		const definitionOf = new Map(definitions.rows.map((row) => [row.name, row.definition]));
		for (const [index, check] of model.check_constraints.entries()) {
			expect(definitionOf.get(`pgd_probe_check_${index}`), `${where}: CHECK ${check.name}`).toBe(definitionOf.get(check.name));
		}
		const expressions = await client.query<{name: string; expression: string}>(
			`SELECT a.attname AS name, pg_get_expr(d.adbin, d.adrelid) AS expression
			 FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
			 WHERE d.adrelid = $1::regclass`,
			[where],
		);
		const expressionOf = new Map(expressions.rows.map((row) => [row.name, row.expression]));
		for (const {probe, of} of probes) expect(expressionOf.get(probe), `${where}.${of}: default or generated expression`).toBe(expressionOf.get(of));
	} finally {
		await client.query('ROLLBACK');
	}
}
