/**
 * seed.sql: realistic sample data that satisfies every constraint of the design — NOT NULL,
 * CHECK rules, unique keys (case-insensitive and per owner), foreign keys (composite ones to a
 * parent of the same owner), types and precision — deterministic for the session's seed.
 *
 * Rows are built as structured values first (`buildSeed`), so verify.sql can count them
 * (`seedCounts`) and tests can inspect them; SQL text is only made at the last step.
 */
import {Faker, base, en} from '@faker-js/faker';
import RandExpModule from 'randexp';
import type {CheckRule, Column, Design, ForeignKey, Index, Literal, Predicate, SqlType, Table} from '../source/model/design.js';
import {indexesOf, perDesign} from '../source/engine/lookup.js';
import {singular} from '../source/engine/naming.js';
import {identList, literal, quoteIdent, quoteLiteral} from '../source/engine/sql.js';
import {commentLines, file} from './lines.js';

// randexp's typings declare an ES default export, but the package sets module.exports to the class.
type RandExpClass = typeof RandExpModule.default;
const RandExp: RandExpClass =
	(RandExpModule as {default?: RandExpClass}).default ?? (RandExpModule as unknown as RandExpClass);

/** A value of one seeded cell: a literal of the design, or NULL. */
export type SeedValue = Literal | null;

/** The sample rows of one table, in the column order of its INSERT. */
export interface SeedTable {
	readonly table: string;
	readonly columns: readonly string[];
	readonly rows: readonly (readonly SeedValue[])[];
	/** An identity column gets explicit values, so the INSERT says OVERRIDING SYSTEM VALUE. */
	readonly overridingSystemValue: boolean;
	/** Columns backed by a sequence, moved past the seeded values after the INSERT. */
	readonly sequenceColumns: readonly string[];
}

/** The whole sample data set, tables in design order (parents before children, required parents first in a cycle). */
export interface SeedData {
	readonly seed: number;
	readonly tables: readonly SeedTable[];
}

/** Attempts at one row before it is left out (its unique values or parents ran out). */
const MAX_ATTEMPTS = 40;
/** About one row in four leaves an optional column empty. */
const NULL_SHARE = 0.25;
/** One row in six is soft-deleted. */
const DELETED_EVERY = 6;
/** The window sample instants fall in: fixed, so the output never depends on the clock. */
const FROM = Date.UTC(2024, 0, 1);
const TO = Date.UTC(2025, 11, 31, 23, 59, 59);

/**
 * Builds the sample rows of a design: between 3 and 2 × sampleData.seedRows rows per table, in
 * proportion to the square root of the expected row counts. Under isolation every owner owns
 * rows in every isolated table (round-robin), and the first owner owns two, so uniqueness per
 * owner and isolation can both be tested.
 *
 * @example buildSeed(design).tables[0] // {table: 'users', columns: ['id', 'email', ...], rows: [[1, 'ann.lee1@example.com', ...], ...]}
 */
export const buildSeed: (design: Design) => SeedData = perDesign((design) => new SeedBuilder(design).build());

/** Rows per table that seed.sql inserts: verify.sql checks the exact counts after seeding. */
export function seedCounts(design: Design): Map<string, number> {
	return new Map(buildSeed(design).tables.map((table) => [table.table, table.rows.length]));
}

/**
 * Renders seed.sql: one multi-row INSERT ... ON CONFLICT DO NOTHING per table in one
 * transaction, and the sequences moved past the explicit ids.
 *
 * @example
 * INSERT INTO users (id, email, name) OVERRIDING SYSTEM VALUE VALUES
 *     (1, 'ann.lee1@example.com', 'Ann Lee'),
 *     ...
 * ON CONFLICT DO NOTHING;
 * SELECT setval(pg_get_serial_sequence('users', 'id'), max(id)) FROM users;
 */
export function renderSeedSql(design: Design): string {
	const data = buildSeed(design);
	return file([...header(design, data), '', 'BEGIN;', '', ...data.tables.flatMap((table) => [...tableStatements(table), '']), 'COMMIT;']);
}

function header(design: Design, data: SeedData): string[] {
	const secured = design.tables.filter((table) => table.rowLevelSecurity).map((table) => table.name);
	const omitted = [...new Set(design.tables.flatMap((table) => table.columns.filter((column) => isAuditDefault(column) && !seeded(table, column))).map((column) => column.name))];
	const {mode, ownerTable} = design.isolation;
	return [
		`-- ${design.project.name}: sample data`,
		...commentLines(
			`Realistic rows for trying the queries and checking the constraints, deterministic for seed ${data.seed}: ` +
				'the same session always writes these same rows (change sampleData.seed in session.json for others).',
		),
		'-- Run after schema.sql and indexes.sql: psql -v ON_ERROR_STOP=1 -f seed.sql',
		'-- Re-running inserts nothing new: every row has a fixed key and ON CONFLICT DO NOTHING skips it.',
		...(secured.length > 0
			? commentLines(
					`Row-Level Security is forced on ${secured.join(', ')}: run this as a superuser or a role with BYPASSRLS, ` +
						'or the policies hide and reject the rows.',
				)
			: []),
		...(mode !== 'none' && ownerTable
			? commentLines(`Every ${singular(ownerTable).replaceAll('_', ' ')} owns rows in every table isolated per ${mode}, so isolation can be tested.`)
			: []),
		...(omitted.length > 0 ? commentLines(`${omitted.join(' and ')} are left to their defaults.`) : []),
		...commentLines(`Rows: ${data.tables.map((table) => `${table.table} ${table.rows.length}`).join(', ')}.`),
	];
}

function tableStatements(table: SeedTable): string[] {
	const name = quoteIdent(table.table);
	if (table.rows.length === 0) return [`-- ${table.table}: no rows`];
	const overriding = table.overridingSystemValue ? ' OVERRIDING SYSTEM VALUE' : '';
	return [
		`-- ${table.table}: ${table.rows.length} row${table.rows.length === 1 ? '' : 's'}`,
		`INSERT INTO ${name} (${identList(table.columns)})${overriding} VALUES`,
		...table.rows.map((row, index) => `    (${row.map(literal).join(', ')})${index < table.rows.length - 1 ? ',' : ''}`),
		'ON CONFLICT DO NOTHING;',
		...table.sequenceColumns.map(
			(column) =>
				`SELECT setval(pg_get_serial_sequence(${quoteLiteral(quoteIdent(table.table))}, ${quoteLiteral(column)}), max(${quoteIdent(column)})) FROM ${name};`,
		),
	];
}

function isAuditDefault(column: Column): boolean {
	return column.origin === 'audit' && column.default !== undefined;
}

/**
 * Whether seed.sql writes the column: not generated ones, and not audit timestamps the database
 * fills — unless they are part of the key (a range-partitioned table), where a fixed value is
 * what makes a second run conflict instead of inserting copies.
 */
function seeded(table: Table, column: Column): boolean {
	if (column.generated) return false;
	if (!isAuditDefault(column)) return true;
	return table.primaryKey.columns.includes(column.name) || table.partitioning?.column === column.name;
}

/** A generated row while its table is built. */
interface Row {
	readonly values: Map<string, SeedValue>;
}

/** A unique key as the seed checks it: columns (maybe lower-cased) and a partial-index predicate. */
interface UniqueKey {
	readonly columns: readonly {readonly column: string; readonly lower: boolean}[];
	readonly where: readonly Predicate[];
	readonly taken: Set<string>;
}

/** What building one row needs to know. */
interface RowContext {
	readonly table: Table;
	readonly columns: readonly Column[];
	/** The seeded primary-key columns, and every column of the table by name. */
	readonly keyColumns: readonly Column[];
	readonly byName: ReadonlyMap<string, Column>;
	readonly keys: readonly UniqueKey[];
	readonly limits: ReadonlyMap<string, Limits>;
	readonly uniqueColumns: ReadonlySet<string>;
	readonly accepted: readonly Row[];
	/** The owner of the row under isolation (round-robin). */
	readonly owner: SeedValue | undefined;
	/** How many owners there are (0 without isolation). */
	readonly owners: number;
	readonly index: number;
}

/** What the value generators know about the row being built. */
interface Slot {
	readonly table: Table;
	readonly column: Column;
	/** The row's position in the table (0-based): the stable part of unique suffixes. */
	readonly index: number;
	readonly attempt: number;
	readonly isUnique: boolean;
	/** The person the row is about: name, e-mail and username agree with each other. */
	readonly person: () => Person;
	/** The row's values so far, in column order: a slug follows its name. */
	readonly values: ReadonlyMap<string, SeedValue>;
}

interface Person {
	readonly first: string;
	readonly last: string;
}

/** The rules one column must satisfy, from its type and CHECK constraints. */
interface Limits {
	readonly minLength?: number;
	readonly maxLength?: number;
	readonly min?: number;
	readonly max?: number;
	readonly oneOf?: readonly Literal[];
	readonly patterns: readonly RegExp[];
	/** The first pattern in randexp's syntax, for generating a match when realistic text misses. */
	readonly generator?: string;
	readonly notBlank: boolean;
}

class SeedBuilder {
	private readonly faker = new Faker({locale: [en, base]});
	private readonly rows = new Map<string, Row[]>();
	/** Per foreign key and referenced columns: the parent rows that hold a value in all of them. */
	private readonly referableRows = new Map<ForeignKey, Map<string, readonly Row[]>>();

	constructor(private readonly design: Design) {}

	build(): SeedData {
		const targets = targetCounts(this.design);
		const tables = insertOrder(this.design.tables).map((table) => this.buildTable(table, targets.get(table.name)!));
		return {seed: this.design.sample.seed, tables};
	}

	private buildTable(table: Table, target: number): SeedTable {
		// Each table has its own stream: editing one table leaves the others' rows as they were.
		this.faker.seed([this.design.sample.seed, tableHash(table.name)]);
		const columns = table.columns.filter((column) => seeded(table, column));
		const keys = uniqueKeys(table, indexesOf(this.design, table.name));
		const limits = new Map(columns.map((column) => [column.name, limitsOf(table, column)]));
		const keyColumns = columns.filter((column) => column.origin === 'primary-key');
		const byName = new Map(table.columns.map((column) => [column.name, column]));
		const uniqueColumns = new Set(keys.flatMap((key) => key.columns.map(({column}) => column)));
		const accepted: Row[] = [];
		this.rows.set(table.name, accepted);
		const owners = table.ownerColumn ? this.ownerKeys() : [];
		// An owner whose parents or unique values ran out gives its turn to the next owner.
		const exhausted = new Set<number>();
		for (let index = 0; index < target; index++) {
			const turns = owners.length > 0 ? owners.map((_, step) => (index + step) % owners.length).filter((turn) => !exhausted.has(turn)) : [-1];
			for (const turn of turns) {
				const row = this.attemptRow({table, columns, keyColumns, byName, keys, limits, uniqueColumns, accepted, owner: turn >= 0 ? owners[turn]! : undefined, owners: owners.length, index});
				if (row) {
					for (const key of keys) {
						const signature = keySignature(key, row.values);
						if (signature !== undefined) key.taken.add(signature);
					}
					accepted.push(row);
					break;
				}
				if (turn >= 0) exhausted.add(turn);
			}
		}
		return {
			table: table.name,
			columns: columns.map((column) => column.name),
			rows: accepted.map((row) => columns.map((column) => row.values.get(column.name) ?? null)),
			overridingSystemValue: columns.some((column) => column.identity !== undefined),
			sequenceColumns: columns.filter((column) => column.identity !== undefined || column.default?.kind === 'nextval').map((column) => column.name),
		};
	}

	private ownerKeys(): SeedValue[] {
		const {ownerTable} = this.design.isolation;
		return (ownerTable ? this.rows.get(ownerTable) : undefined)?.map((row) => row.values.get('id') ?? null) ?? [];
	}

	private attemptRow(context: RowContext): Row | undefined {
		for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
			const row = this.buildRow(context, attempt);
			if (row) return row;
		}
		return undefined;
	}

	private buildRow(context: RowContext, attempt: number): Row | undefined {
		const {table, columns, keyColumns, byName, keys, limits, accepted, owner, owners, index} = context;
		const values = new Map<string, SeedValue>();
		let person: Person | undefined;
		const personOf = () => (person ??= {first: this.faker.person.firstName(), last: this.faker.person.lastName()});
		const firstOwnerRows = Math.max(1, owners);
		// The first two rows of the first owner (or of the table) keep their optional values, and
		// the next one leaves them empty: queries on both IS NULL and IS NOT NULL find rows.
		const isAnchor = index === 0 || index === firstOwnerRows;
		const nullRow = firstOwnerRows === 1 ? 2 : 1;
		const leaveEmpty = (column: Column) => column.nullable && !isAnchor && (index === nullRow || this.faker.number.float() < NULL_SHARE);

		for (const column of keyColumns) {
			values.set(column.name, column.type.name === 'uuid' ? this.faker.string.uuid() : accepted.length + 1);
		}
		if (table.ownerColumn && owner !== undefined) values.set(table.ownerColumn, owner);
		for (const fk of table.foreignKeys) {
			if (!this.resolveForeignKey(table, byName, fk, values, keys, accepted, leaveEmpty)) return undefined;
		}
		for (const column of columns) {
			if (values.has(column.name)) continue;
			const slot: Slot = {table, column, index, attempt, isUnique: context.uniqueColumns.has(column.name), person: personOf, values};
			const value = this.valueFor(slot, limits.get(column.name)!, isAnchor, leaveEmpty);
			values.set(column.name, value);
		}
		const fits = columns.every((column) => fitsColumn(column, limits.get(column.name)!, values.get(column.name) ?? null));
		if (!fits || keys.some((key) => isTaken(key, values))) return undefined;
		return {values};
	}

	/**
	 * Points the row at a parent: one of the same owner when the key is composite (the owner
	 * column is already set), an earlier row for a self-reference, a live one when the parent is
	 * soft-deleted, and never one that would repeat a unique key (one-to-one, link pairs).
	 */
	private resolveForeignKey(
		table: Table,
		byName: ReadonlyMap<string, Column>,
		fk: ForeignKey,
		values: Map<string, SeedValue>,
		keys: readonly UniqueKey[],
		accepted: readonly Row[],
		leaveEmpty: (column: Column) => boolean,
	): boolean {
		const pairs = fk.columns.map((column, position) => ({column, ref: fk.refColumns[position]!}));
		const fixed = pairs.filter(({column}) => values.has(column));
		const free = pairs.filter(({column}) => !values.has(column));
		if (free.length === 0) return true;
		const freeColumns = free.map(({column}) => byName.get(column)!);
		const isOptional = freeColumns.every((column) => column.nullable);
		const setEmpty = () => {
			for (const {column} of free) values.set(column, null);
			return true;
		};
		const isSelf = fk.refTable === table.name;
		const parents = isSelf ? accepted : this.rows.get(fk.refTable);
		if (!parents) {
			// A reference to a table inserted later (a cycle): only an optional one can wait.
			if (isOptional) return setEmpty();
			throw new Error(`seed: ${table.name}.${fk.columns.join(', ')} must point at ${fk.refTable}, which is inserted after it (a cycle of required references)`);
		}
		const hasRefs = (parent: Row) => free.every(({ref}) => parent.values.get(ref) !== undefined && parent.values.get(ref) !== null);
		// Another table's rows are all there: which of them can be pointed at is worked out once per table.
		const referable = isSelf ? parents.filter(hasRefs) : this.referable(fk, free.map(({ref}) => ref), parents, hasRefs);
		let candidates = fixed.length === 0 ? referable : referable.filter((parent) => fixed.every(({column, ref}) => parent.values.get(ref) === values.get(column)));
		// Only keys that read a free column can tell the candidates apart; the others decide for all of them at once.
		const freeNames = new Set(free.map(({column}) => column));
		const readsFree = (key: UniqueKey) => key.columns.some(({column}) => freeNames.has(column)) || key.where.some(({column}) => freeNames.has(column));
		const telling = keys.filter(readsFree);
		if (keys.some((key) => !readsFree(key) && isDecided(key, values) && isTaken(key, values))) candidates = [];
		if (telling.length > 0) {
			// Tried in place: the free columns are set from the parent, judged, then unset again.
			candidates = candidates.filter((parent) => {
				for (const {column, ref} of free) values.set(column, parent.values.get(ref)!);
				const isFree = !telling.some((key) => isDecided(key, values) && isTaken(key, values));
				for (const {column} of free) values.delete(column);
				return isFree;
			});
		}
		if (!isSelf) {
			const live = candidates.filter((parent) => !parent.values.get('deleted_at'));
			if (live.length > 0) candidates = live;
		}
		if (isOptional && (candidates.length === 0 || freeColumns.some(leaveEmpty))) return setEmpty();
		if (candidates.length === 0) return false;
		const parent = this.faker.helpers.arrayElement(candidates);
		for (const {column, ref} of free) values.set(column, parent.values.get(ref)!);
		return true;
	}

	private referable(fk: ForeignKey, refs: readonly string[], parents: readonly Row[], hasRefs: (parent: Row) => boolean): readonly Row[] {
		let byRefs = this.referableRows.get(fk);
		if (!byRefs) {
			byRefs = new Map();
			this.referableRows.set(fk, byRefs);
		}
		const key = refs.join('\0');
		let rows = byRefs.get(key);
		if (!rows) {
			rows = parents.filter(hasRefs);
			byRefs.set(key, rows);
		}
		return rows;
	}

	private valueFor(slot: Slot, limits: Limits, isAnchor: boolean, leaveEmpty: (column: Column) => boolean): SeedValue {
		const {column} = slot;
		if (column.role === 'deleted-at') return (slot.index + 1) % DELETED_EVERY === 0 && !isAnchor ? timestamptz(this.instant()) : null;
		if (leaveEmpty(column)) return null;
		if (column.type.isArray) return this.arrayValue(slot, limits);
		return this.scalarValue(slot, column.type, limits);
	}

	private scalarValue(slot: Slot, type: SqlType, limits: Limits): Literal {
		switch (type.name) {
			case 'smallint':
			case 'integer':
			case 'bigint':
			case 'numeric':
			case 'real':
			case 'double precision':
				return this.numberValue(slot, type, limits);
			case 'boolean':
				return this.booleanValue(slot);
			case 'date':
				return this.dateValue(slot);
			case 'timestamptz':
				return timestamptz(this.instant());
			case 'timestamp':
				return timestamptz(this.instant()).slice(0, 19).replace('T', ' ');
			case 'time':
				return `${pad(this.faker.number.int({min: 7, max: 20}))}:${pad(this.faker.number.int({min: 0, max: 11}) * 5)}:00`;
			case 'interval':
				return this.intervalValue(slot);
			case 'uuid':
				return this.faker.string.uuid();
			case 'jsonb':
			case 'json':
				return JSON.stringify(this.jsonValue(slot));
			case 'bytea':
				return `\\x${this.faker.string.hexadecimal({length: 2 * this.faker.number.int({min: 8, max: 24}), casing: 'lower', prefix: ''})}`;
			case 'inet':
				return this.faker.number.float() < 0.8 ? this.faker.internet.ipv4() : this.faker.internet.ipv6();
			case 'tsvector':
				return this.faker.word.words({count: {min: 2, max: 5}}).toLowerCase().replace(/[^a-z ]/g, '');
			case 'text':
			case 'varchar':
			case 'citext':
			case 'other':
				return this.textValue(slot, limits);
		}
	}

	private arrayValue(slot: Slot, limits: Limits): string {
		const element = {...slot, isUnique: false, column: {...slot.column, name: singular(slot.column.name)}};
		const count = this.faker.number.int({min: 1, max: 4});
		const items = [...new Set(Array.from({length: count}, () => this.scalarValue(element, {...slot.column.type, isArray: false}, limits)))];
		return `{${items.map(arrayElement).join(',')}}`;
	}

	private booleanValue(slot: Slot): boolean {
		const words = slot.column.name.split('_');
		const rarelyTrue = ['deleted', 'archived', 'disabled', 'blocked', 'banned', 'locked', 'hidden', 'spam'];
		return this.faker.datatype.boolean({probability: words.some((word) => rarelyTrue.includes(word)) ? 0.2 : 0.7});
	}

	private dateValue(slot: Slot): string {
		const words = slot.column.name.split('_');
		if (words.some((word) => ['birth', 'birthday', 'dob', 'born'].includes(word))) return isoDate(this.instant(Date.UTC(1950, 0, 1), Date.UTC(2005, 11, 31)));
		if (words.some((word) => ['due', 'deadline', 'expires', 'expiry', 'until', 'end', 'ends'].includes(word))) {
			return isoDate(this.instant(Date.UTC(2025, 0, 1), Date.UTC(2026, 11, 31)));
		}
		return isoDate(this.instant());
	}

	private intervalValue(slot: Slot): string {
		const {faker} = this;
		const words = slot.column.name.split('_');
		if (words.some((word) => ['lead', 'delivery', 'shipping', 'retention', 'trial', 'period'].includes(word))) return `${faker.number.int({min: 1, max: 30})} days`;
		return faker.helpers.arrayElement([
			`${faker.number.int({min: 5, max: 55})} minutes`,
			`${faker.number.int({min: 1, max: 8})} hours`,
			`${faker.number.int({min: 1, max: 3})} hours ${faker.number.int({min: 1, max: 11}) * 5} minutes`,
			`${faker.number.int({min: 1, max: 14})} days`,
		]);
	}

	private jsonValue(slot: Slot): unknown {
		const {faker} = this;
		const words = slot.column.name.split('_');
		const has = (...names: string[]) => words.some((word) => names.includes(word));
		if (has('settings', 'preferences', 'prefs', 'config', 'configuration', 'options')) {
			return {theme: faker.helpers.arrayElement(['light', 'dark', 'system']), notifications: faker.datatype.boolean(), language: faker.helpers.arrayElement(['en', 'de', 'fr', 'es'])};
		}
		if (has('address', 'location')) {
			return {street: faker.location.streetAddress(), city: faker.location.city(), postal_code: faker.location.zipCode(), country: faker.location.countryCode()};
		}
		if (has('attributes', 'properties', 'specs', 'features')) {
			return {color: faker.color.human(), material: faker.commerce.productMaterial(), weight_g: faker.number.int({min: 50, max: 5000})};
		}
		return {
			source: faker.helpers.arrayElement(['web', 'ios', 'android', 'api']),
			version: faker.number.int({min: 1, max: 5}),
			tags: faker.helpers.uniqueArray(() => faker.word.noun(), 2),
		};
	}

	private numberValue(slot: Slot, type: SqlType, limits: Limits): number {
		const isInteger = ['smallint', 'integer', 'bigint'].includes(type.name) || (type.name === 'numeric' && type.scale === 0);
		const digits = isInteger ? 0 : Math.min(type.scale ?? 2, 4);
		if (limits.oneOf) {
			const allowed = limits.oneOf.filter((value): value is number => typeof value === 'number' && withinLimits(value, limits));
			return this.faker.helpers.arrayElement(allowed.length > 0 ? allowed : [Number(limits.oneOf[0])]);
		}
		const [low, high] = numberRange(slot.column, type, limits, isInteger);
		const scale = 10 ** digits;
		const lowUnits = Math.ceil(low * scale);
		const highUnits = Math.floor(high * scale);
		if (highUnits < lowUnits) return low;
		// A unique number that keeps colliding takes a value from the row's own position.
		if (slot.isUnique && slot.attempt >= 2 && lowUnits + slot.index <= highUnits) return (lowUnits + slot.index) / scale;
		return this.faker.number.int({min: lowUnits, max: highUnits}) / scale;
	}

	private textValue(slot: Slot, limits: Limits): string {
		if (limits.oneOf) {
			const allowed = limits.oneOf.filter((value): value is string => typeof value === 'string' && textFits(value, limits));
			return this.faker.helpers.arrayElement(allowed.length > 0 ? allowed : [String(limits.oneOf[0])]);
		}
		// Emoji (faker puts some in bios) need a UTF-8 database; plain text loads into any encoding.
		const realistic = this.realisticText(slot).replace(/[\p{Extended_Pictographic}\p{Regional_Indicator}\u200d\ufe0f]/gu, '').replace(/\s+/g, ' ').trim();
		// Collisions of a unique value are first retried, then made unique with the row's number.
		const suffix = slot.isUnique && slot.attempt >= 2 && slot.column.role !== 'email' ? uniqueSuffix(realistic, slot.index) : '';
		const fitted = fitLength(realistic, limits, suffix, () => this.faker.word.noun());
		if (textFits(fitted, limits)) return fitted;
		if (limits.generator === undefined) return fitted;
		const pattern = new RandExp(limits.generator);
		pattern.max = 6;
		pattern.randInt = (min: number, max: number) => this.faker.number.int({min, max});
		let candidate = pattern.gen();
		for (let tries = 0; tries < 20 && !textFits(candidate, limits); tries++) candidate = pattern.gen();
		return candidate;
	}

	/** Text that looks like what the column holds, judged from its role, its name and its table. */
	private realisticText(slot: Slot): string {
		const {faker} = this;
		const {column, table, index} = slot;
		const words = column.name.split('_');
		const has = (...names: string[]) => words.some((word) => names.includes(word));
		const tableWord = table.name.split('_').at(-1)!;
		const rowNumber = index + 1;
		if (column.role === 'email' || has('email')) {
			const {first, last} = slot.person();
			const local = `${asciiSlug(first)}.${asciiSlug(last)}${rowNumber}`.replace(/-/g, '');
			return `${local}@${faker.helpers.arrayElement(['example.com', 'example.org', 'example.net'])}`;
		}
		if (column.role === 'password-hash') {
			const base64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
			return `$argon2id$v=19$m=65536,t=3,p=4$${faker.string.fromCharacters(base64, 22)}$${faker.string.fromCharacters(base64, 43)}`;
		}
		if (column.role === 'url' || has('url', 'website', 'homepage', 'link')) {
			if (has('avatar', 'image', 'photo', 'picture', 'logo', 'thumbnail', 'icon')) {
				return `https://images.example.com/${singular(table.name)}/${faker.string.alphanumeric({length: 12, casing: 'lower'})}.jpg`;
			}
			return `https://${faker.internet.domainName()}/${asciiSlug(faker.word.words({count: 2}))}`;
		}
		if (has('first', 'given') && has('name')) return slot.person().first;
		if (has('last', 'family', 'surname')) return slot.person().last;
		if (has('username', 'handle', 'login', 'nickname')) return faker.internet.username({firstName: slot.person().first, lastName: slot.person().last}).toLowerCase();
		if (has('name', 'title') && has('job')) return faker.person.jobTitle();
		if (has('company', 'organization', 'organisation', 'employer')) return faker.company.name();
		if (has('name')) return this.nameFor(slot, tableWord);
		if (has('title', 'subject', 'headline', 'heading', 'caption')) {
			if (['tasks', 'todos', 'issues', 'tickets', 'chores', 'items', 'reminders'].includes(tableWord)) {
				return capitalize(`${faker.hacker.verb()} the ${faker.hacker.adjective()} ${faker.hacker.noun()}`);
			}
			return faker.book.title();
		}
		if (has('slug')) {
			const named = ['name', 'title'].map((name) => slot.values.get(name)).find((value) => typeof value === 'string');
			return asciiSlug(named ?? faker.word.words({count: {min: 2, max: 4}}));
		}
		if (has('code', 'sku', 'ref', 'reference', 'serial', 'barcode') && !has('country', 'currency', 'postal', 'zip', 'language', 'color', 'colour')) {
			return `${faker.string.alpha({length: 3, casing: 'upper'})}-${faker.string.numeric(4)}`;
		}
		if (has('phone', 'mobile', 'fax', 'telephone', 'tel')) return faker.phone.number({style: 'international'});
		if (has('city', 'town')) return faker.location.city();
		if (has('country') && has('code')) return faker.location.countryCode();
		if (has('country')) return faker.location.country();
		if (has('state', 'province', 'region') && !has('status')) return faker.location.state();
		if (has('street', 'address', 'line1', 'line2')) return faker.location.streetAddress();
		if (has('zip', 'postal', 'postcode', 'zipcode')) return faker.location.zipCode();
		if (has('timezone', 'tz') || (has('time') && has('zone'))) return faker.location.timeZone();
		if (has('currency')) return faker.finance.currencyCode();
		if (has('language', 'locale', 'lang')) return faker.helpers.arrayElement(['en', 'en-GB', 'de', 'fr', 'es', 'pt-BR', 'ja']);
		if (has('color', 'colour')) return has('code', 'hex') ? faker.color.rgb({casing: 'lower'}) : faker.color.human();
		if (has('ip')) return faker.internet.ipv4();
		if (has('agent')) return faker.internet.userAgent();
		if (has('filename', 'file')) return faker.system.fileName();
		if (has('mime', 'content') && has('type')) return faker.system.mimeType();
		if (has('path', 'route')) return `/${faker.word.noun()}/${asciiSlug(faker.word.words({count: 2}))}`;
		if (has('domain', 'hostname', 'host')) return faker.internet.domainName();
		if (has('version')) return faker.system.semver();
		if (has('token', 'secret', 'key', 'hash', 'checksum', 'fingerprint', 'nonce', 'signature')) return faker.string.hexadecimal({length: 64, casing: 'lower', prefix: ''});
		if (has('tag', 'label', 'keyword', 'topic')) return faker.word.noun().toLowerCase();
		if (has('status')) return faker.helpers.arrayElement(['active', 'pending', 'archived']);
		if (has('bio', 'about')) return faker.person.bio();
		if (has('body', 'content', 'text', 'html', 'markdown')) {
			return Array.from({length: faker.number.int({min: 2, max: 4})}, () => faker.hacker.phrase()).join(' ');
		}
		if (has('description', 'summary', 'details', 'excerpt', 'overview')) {
			return ['products', 'items', 'goods', 'offers', 'listings'].includes(tableWord) ? faker.commerce.productDescription() : `${faker.company.catchPhrase()}.`;
		}
		if (has('notes', 'note', 'comment', 'comments', 'message', 'remarks', 'reason', 'instructions', 'feedback', 'review')) return faker.hacker.phrase();
		return capitalize(faker.word.words({count: {min: 2, max: 4}}));
	}

	private nameFor(slot: Slot, tableWord: string): string {
		const {faker} = this;
		const {column} = slot;
		const people = ['users', 'people', 'persons', 'customers', 'members', 'employees', 'authors', 'contacts', 'students', 'patients', 'profiles', 'admins', 'staff', 'teachers', 'drivers', 'guests', 'owners', 'subscribers', 'players', 'participants', 'attendees', 'candidates'];
		const organisations = ['tenants', 'organizations', 'organisations', 'orgs', 'companies', 'teams', 'workspaces', 'vendors', 'suppliers', 'brands', 'merchants', 'stores', 'shops', 'partners', 'agencies', 'clients', 'accounts'];
		if (people.includes(tableWord) || ['full_name', 'display_name', 'contact_name', 'person_name'].includes(column.name)) {
			const {first, last} = slot.person();
			return `${first} ${last}`;
		}
		if (organisations.includes(tableWord)) return faker.company.name();
		if (['tags', 'labels', 'topics', 'keywords'].includes(tableWord)) return faker.word.noun().toLowerCase();
		if (['categories', 'departments', 'genres', 'sections'].includes(tableWord)) return faker.commerce.department();
		if (['products', 'items', 'goods', 'articles', 'offers', 'listings', 'skus'].includes(tableWord)) return faker.commerce.productName();
		if (['cities', 'towns', 'places', 'locations'].includes(tableWord)) return faker.location.city();
		if (['countries'].includes(tableWord)) return faker.location.country();
		if (['files', 'attachments', 'documents', 'uploads'].includes(tableWord)) return faker.system.fileName();
		return capitalize(`${faker.word.adjective()} ${faker.word.noun()}`);
	}

	private instant(from = FROM, to = TO): Date {
		return new Date(this.faker.number.int({min: from / 1000, max: to / 1000}) * 1000);
	}
}

/**
 * The design's table order, except where a cycle put a table before the parent of a required
 * reference: rows can wait for an optional parent (NULL) but not for a required one.
 */
function insertOrder(tables: readonly Table[]): Table[] {
	const requiredParents = (table: Table) =>
		table.foreignKeys
			.filter((fk) => fk.refTable !== table.name && fk.columns.some((name) => table.columns.find((column) => column.name === name)?.nullable === false))
			.map((fk) => fk.refTable);
	const ordered: Table[] = [];
	const pending = [...tables];
	while (pending.length > 0) {
		const next = pending.findIndex((table) => requiredParents(table).every((parent) => ordered.some((done) => done.name === parent) || !pending.some((other) => other.name === parent)));
		// A cycle of required references cannot be seeded in any order; the builder says so.
		ordered.push(...pending.splice(next === -1 ? 0 : next, 1));
	}
	return ordered;
}

/** Target rows per table: 2N × sqrt(rows / largest), kept within 3..2N, owners covered. */
function targetCounts(design: Design): Map<string, number> {
	const doubled = 2 * design.sample.seedRows;
	const high = Math.max(3, doubled);
	const largest = Math.max(1, ...design.tables.map((table) => table.rows));
	const targets = new Map(
		design.tables.map((table) => [table.name, Math.min(high, Math.max(3, Math.round(doubled * Math.sqrt(Math.max(0, table.rows) / largest))))]),
	);
	const owners = design.isolation.ownerTable ? targets.get(design.isolation.ownerTable) : undefined;
	if (owners !== undefined) {
		// One row per owner, and a second for the first owner: uniqueness per owner needs two rows to compare.
		for (const table of design.tables) if (table.ownerColumn) targets.set(table.name, Math.max(targets.get(table.name)!, owners + 1));
	}
	return targets;
}

function uniqueKeys(table: Table, indexes: readonly Index[]): UniqueKey[] {
	// citext compares without case, like a lower() key.
	const isCitext = (name: string) => table.columns.some((column) => column.name === name && column.type.name === 'citext');
	const plain = (columns: readonly string[]): UniqueKey => ({columns: columns.map((column) => ({column, lower: isCitext(column)})), where: [], taken: new Set()});
	return [
		plain(table.primaryKey.columns),
		...table.uniques.map((unique) => plain(unique.columns)),
		...indexes
			.filter((index) => index.unique)
			.map((index) => ({
				columns: index.keys.map((key) => ({column: key.column, lower: 'expression' in key || isCitext(key.column)})),
				where: index.where,
				taken: new Set<string>(),
			})),
	];
}

/** The key's value in a row, or undefined when the row is outside it (a NULL, or the partial index's predicate is false). */
function keySignature(key: UniqueKey, values: ReadonlyMap<string, SeedValue>): string | undefined {
	if (!key.where.every((predicate) => holds(predicate, values.get(predicate.column)))) return undefined;
	const parts: Literal[] = [];
	for (const {column, lower} of key.columns) {
		const value = values.get(column);
		// A column the database fills (created_at) is not NULL; the seed does not know its value.
		if (value === undefined) return undefined;
		if (value === null) return undefined;
		parts.push(lower && typeof value === 'string' ? value.toLowerCase() : value);
	}
	return JSON.stringify(parts);
}

function isTaken(key: UniqueKey, values: ReadonlyMap<string, SeedValue>): boolean {
	const signature = keySignature(key, values);
	return signature !== undefined && key.taken.has(signature);
}

/** Whether the row already holds every value the key (and its predicate) depends on. */
function isDecided(key: UniqueKey, values: ReadonlyMap<string, SeedValue>): boolean {
	return key.columns.every(({column}) => values.has(column)) && key.where.every(({column}) => values.has(column));
}

function holds(predicate: Predicate, value: SeedValue | undefined): boolean {
	// An unwritten column takes its default, which is never NULL for the columns the seed leaves out.
	const actual = value === undefined ? '(default)' : value;
	switch (predicate.op) {
		case 'is-null':
			return actual === null;
		case 'is-not-null':
			return actual !== null;
		case 'is-true':
			return actual === true;
		case 'is-false':
			return actual === false;
		case 'equals':
			return actual === predicate.value;
		case 'sql':
			// A predicate read from an existing database: the seed cannot judge it, so it assumes it holds.
			return true;
	}
}

function limitsOf(table: Table, column: Column): Limits {
	const rules: CheckRule[] = table.checks.map((check) => check.rule).filter((rule) => rule.column === column.name);
	const lengths = rules.filter((rule) => rule.kind === 'length');
	const ranges = rules.filter((rule) => rule.kind === 'range');
	const patterns = rules.filter((rule) => rule.kind === 'pattern');
	const oneOf = rules.find((rule) => rule.kind === 'one-of');
	const tightest = (values: (number | undefined)[], pick: (...numbers: number[]) => number) => {
		const known = values.filter((value): value is number => value !== undefined);
		return known.length > 0 ? pick(...known) : undefined;
	};
	const maxLength = tightest([...lengths.map((rule) => rule.max), column.type.name === 'varchar' ? column.type.length : undefined], Math.min);
	const regexes = patterns.map((rule) => jsRegex(rule.regex)).filter((regex) => regex !== undefined);
	const firstPattern = patterns[0];
	return {
		minLength: tightest(lengths.map((rule) => rule.min), Math.max),
		maxLength,
		min: tightest(ranges.map((rule) => rule.min), Math.max),
		max: tightest(ranges.map((rule) => rule.max), Math.min),
		...(oneOf ? {oneOf: oneOf.values} : {}),
		patterns: regexes,
		...(firstPattern && regexes.length === patterns.length ? {generator: fromPosix(firstPattern.regex)} : {}),
		notBlank: rules.some((rule) => rule.kind === 'not-blank'),
	};
}

/** Bracket classes PostgreSQL's regular expressions know and JavaScript's do not. */
const POSIX_CLASSES: Readonly<Record<string, string>> = {
	alpha: 'a-zA-Z',
	digit: '0-9',
	alnum: 'a-zA-Z0-9',
	upper: 'A-Z',
	lower: 'a-z',
	space: '\\s',
	blank: ' \\t',
	punct: '!-\\/:-@\\[-`{-~',
	xdigit: '0-9A-Fa-f',
	word: '\\w',
	print: ' -~',
	graph: '!-~',
	cntrl: '\\x00-\\x1f',
};

function fromPosix(regex: string): string {
	return regex.replace(/\[:([a-z]+):\]/g, (whole, name: string) => POSIX_CLASSES[name] ?? whole);
}

function jsRegex(regex: string): RegExp | undefined {
	try {
		return new RegExp(fromPosix(regex));
	} catch {
		return undefined;
	}
}

/** Length in characters (code points), as PostgreSQL's char_length counts them. */
function charLength(text: string): number {
	return /[\uD800-\uDFFF]/.test(text) ? Array.from(text).length : text.length;
}

function withinLimits(value: number, limits: Limits): boolean {
	return (limits.min === undefined || value >= limits.min) && (limits.max === undefined || value <= limits.max);
}

function textFits(text: string, limits: Limits): boolean {
	const length = charLength(text);
	if (limits.minLength !== undefined && length < limits.minLength) return false;
	if (limits.maxLength !== undefined && length > limits.maxLength) return false;
	if (limits.notBlank && text.trim() === '') return false;
	if (limits.oneOf && !limits.oneOf.includes(text)) return false;
	return limits.patterns.every((pattern) => pattern.test(text));
}

/** Whether a value satisfies the column: NOT NULL, CHECK rules, the type's limits. */
function fitsColumn(column: Column, limits: Limits, value: SeedValue): boolean {
	if (value === null) return column.nullable;
	if (column.type.isArray) return true;
	if (typeof value === 'string') return !['text', 'varchar', 'citext'].includes(column.type.name) || textFits(value, limits);
	if (typeof value === 'number') {
		if (limits.oneOf && !limits.oneOf.includes(value)) return false;
		const [low, high] = typeBounds(column.type);
		return withinLimits(value, limits) && value >= low && value <= high;
	}
	return true;
}

/** Trims or pads realistic text into the length rules, keeping a unique suffix whole. */
function fitLength(text: string, limits: Limits, suffix: string, word: () => string): string {
	const max = limits.maxLength ?? Number.POSITIVE_INFINITY;
	const room = Math.max(0, max - charLength(suffix));
	let body = text;
	if (charLength(text) > room) {
		const cut = Array.from(text).slice(0, room).join('');
		// Cut at a word boundary when one is near enough: "Mylene Sawayn" in 12 is "Mylene", not "Mylene Saway".
		const space = cut.lastIndexOf(' ');
		const wordCut = Array.from(text)[room] === ' ' ? cut : space > 0 ? cut.slice(0, space) : cut;
		body = (charLength(wordCut) >= (limits.minLength ?? 1) ? wordCut : cut).replace(/[\s\-_.,;:]+$/, '');
	}
	const min = Math.max(limits.minLength ?? 0, limits.notBlank ? 1 : 0);
	for (let tries = 0; charLength(body + suffix) < min && tries < 100; tries++) body = `${body} ${word()}`.trimStart();
	const joined = body + suffix;
	return charLength(joined) > max ? Array.from(joined).slice(0, max).join('') : joined;
}

function uniqueSuffix(text: string, index: number): string {
	return /^[a-z0-9-]+$/.test(text) ? `-${index + 1}` : /^[A-Z0-9-]+$/.test(text) ? `${index + 1}` : ` ${index + 1}`;
}

function typeBounds(type: SqlType): [number, number] {
	switch (type.name) {
		case 'smallint':
			return [-32_768, 32_767];
		case 'integer':
			return [-2_147_483_648, 2_147_483_647];
		case 'bigint':
			return [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
		case 'numeric': {
			if (type.precision === undefined) return [-1e9, 1e9];
			const scale = type.scale ?? 0;
			// Capped where a double still counts cents exactly.
			const largest = Math.min(10 ** (type.precision - scale) - 10 ** -scale, 1e12);
			return [-largest, largest];
		}
		default:
			return [-1e9, 1e9];
	}
}

/** Plausible ranges by a word of the column name, first match wins. */
const NUMBER_HINTS: readonly (readonly [readonly string[], readonly [number, number]])[] = [
	[['quantity', 'qty'], [1, 20]],
	[['stock', 'inventory'], [0, 500]],
	[['count', 'views', 'likes', 'clicks', 'visits', 'downloads', 'followers'], [0, 5000]],
	[['age'], [18, 90]],
	[['year'], [1990, 2025]],
	[['rating', 'stars'], [1, 5]],
	[['score'], [0, 100]],
	[['percent', 'percentage', 'pct', 'discount'], [0, 100]],
	[['priority'], [1, 5]],
	[['position', 'rank', 'order', 'ordinal', 'sort', 'seq', 'sequence'], [1, 100]],
	[['minutes', 'duration'], [5, 240]],
	[['weight', 'kg'], [0.1, 50]],
	[['height', 'cm'], [50, 220]],
	[['lat', 'latitude'], [-90, 90]],
	[['lng', 'lon', 'longitude'], [-180, 180]],
];

/** Plausible amounts for money columns, by a word of the column name. */
const MONEY_HINTS: readonly (readonly [readonly string[], readonly [number, number]])[] = [
	[['total', 'balance', 'amount', 'subtotal', 'revenue', 'budget', 'salary'], [10, 2000]],
	[['fee', 'tax', 'shipping', 'discount', 'tip'], [0, 50]],
];

/** A plausible range for a number column from its name and role, narrowed by its CHECK and type. */
function numberRange(column: Column, type: SqlType, limits: Limits, isInteger: boolean): [number, number] {
	const words = column.name.split('_');
	const hints = column.role === 'money' ? MONEY_HINTS : NUMBER_HINTS;
	const fallback: readonly [number, number] = column.role === 'money' ? [1, 500] : isInteger ? [1, 1000] : [0, 1000];
	const hint = hints.find(([names]) => words.some((word) => names.includes(word)))?.[1] ?? fallback;
	const [typeLow, typeHigh] = typeBounds(type);
	const low = Math.max(typeLow, limits.min ?? Number.NEGATIVE_INFINITY);
	const high = Math.min(typeHigh, limits.max ?? Number.POSITIVE_INFINITY);
	const span = hint[1] - hint[0];
	// When the hint misses the allowed range, take a stretch of the range as wide as the hint.
	if (hint[0] > high) return [Math.max(low, high - span), high];
	if (hint[1] < low) return [low, Math.min(high, low + span)];
	return [Math.max(low, hint[0]), Math.min(high, hint[1])];
}

function arrayElement(value: Literal): string {
	if (typeof value !== 'string') return String(value);
	return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

function timestamptz(date: Date): string {
	return `${date.toISOString().slice(0, 19)}+00:00`;
}

function isoDate(date: Date): string {
	return date.toISOString().slice(0, 10);
}

function pad(value: number): string {
	return String(value).padStart(2, '0');
}

function capitalize(text: string): string {
	return text.length > 0 ? text[0]!.toUpperCase() + text.slice(1) : text;
}

function asciiSlug(text: string): string {
	return text
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '');
}

/** A stable number per table name (FNV-1a), so each table draws from its own stream. */
function tableHash(name: string): number {
	let hash = 0x811c9dc5;
	for (const char of name) {
		hash ^= char.codePointAt(0) ?? 0;
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return hash;
}
