/**
 * What the foreign key, constraint and table-shape rules (duplicate-foreign-key,
 * overlapping-foreign-keys, nullable-composite-foreign-key, foreign-key-type-mismatch,
 * foreign-key-index, self-referencing-foreign-key, not-valid-constraint, require-primary-key ...)
 * ask of a design: how a foreign key reads in a message, what PostgreSQL printed for one read from
 * a database (MATCH FULL, ON UPDATE, DEFERRABLE), and the statements that change constraints and
 * indexes under their schema-qualified names.
 *
 * Pure, like the rules: nothing here reads a database.
 */
import type {Design, ForeignKey, Table} from '../../model/design.js';
import {derivedName} from '../naming.js';
import {identList, localName, onDeleteSql, quoteIdent, quoteTable, relationKey} from '../sql.js';
import {indexStatement, relationSql} from '../../../templates/ddl.js';
import {closingQuote} from '../sql-text.js';
import {fixIndex, takenNames} from './design-facts.js';
import {findTable} from '../lookup.js';

/** A foreign key's columns for a message: `tasks.user_id`, or `task_tags (user_id, tag_id)` when composite. */
export function foreignKeySubject(table: Table, fk: ForeignKey): string {
	return fk.columns.length === 1 ? `${table.name}.${fk.columns[0]}` : `${table.name} (${fk.columns.join(', ')})`;
}

/** What a foreign key references, for a message: `users (id)`. */
export function foreignKeyTarget(fk: ForeignKey): string {
	return `${fk.refTable} (${fk.refColumns.join(', ')})`;
}

/** Whether the foreign key is MATCH FULL (only a key read from a database can be). */
export function isMatchFull(fk: ForeignKey): boolean {
	return /\bMATCH FULL\b/.test(referencesTail(fk));
}

/** The ON DELETE action as PostgreSQL printed it (SET DEFAULT included, which the design folds into NO ACTION). */
export function onDeleteOf(fk: ForeignKey): string {
	const printed = /\bON DELETE (NO ACTION|RESTRICT|CASCADE|SET NULL|SET DEFAULT)\b/.exec(referencesTail(fk));
	if (printed) return printed[1]!;
	return fk.definition ? 'NO ACTION' : onDeleteSql(fk.onDelete);
}

/** The column-to-column pairs of a foreign key, `child->parent`, in declared order. */
export function columnPairs(fk: ForeignKey): string[] {
	return fk.columns.map((column, position) => `${column}->${fk.refColumns[position] ?? ''}`);
}

/** What a foreign key does besides pairing columns (actions, MATCH, DEFERRABLE), for telling two apart: '' for the defaults. */
export function behaviourSignature(fk: ForeignKey): string {
	if (!fk.definition) return `ON DELETE ${onDeleteSql(fk.onDelete)}${fk.setNullColumns ? ` (${fk.setNullColumns.join(', ')})` : ''}`;
	return actionClauses(fk, {matchFull: isMatchFull(fk)});
}

/** What a fix changes in a foreign key: MATCH FULL, or the ON DELETE action (as SQL writes it). */
export interface ForeignKeyChange {
	readonly matchFull?: boolean;
	readonly onDelete?: string;
}

/**
 * The clauses after REFERENCES ...(...), in PostgreSQL's order: MATCH FULL, ON UPDATE, ON DELETE
 * (with the columns of SET NULL (...)), DEFERRABLE and INITIALLY; never NOT VALID.
 */
export function actionClauses(fk: ForeignKey, change: ForeignKeyChange = {}): string {
	const match = (change.matchFull ?? isMatchFull(fk)) ? ['MATCH FULL'] : [];
	if (!fk.definition) {
		const setNull = fk.setNullColumns ? ` (${identList(fk.setNullColumns)})` : '';
		return [...match, change.onDelete ? `ON DELETE ${change.onDelete}` : `ON DELETE ${onDeleteSql(fk.onDelete)}${setNull}`].join(' ');
	}
	const tail = referencesTail(fk);
	const onUpdate = /\bON UPDATE (NO ACTION|RESTRICT|CASCADE|SET NULL|SET DEFAULT)/.exec(tail)?.[0];
	const onDelete = change.onDelete ? `ON DELETE ${change.onDelete}` : /\bON DELETE (NO ACTION|RESTRICT|CASCADE|SET NULL|SET DEFAULT)( \([^)]*\))?/.exec(tail)?.[0];
	const deferrable = /\b(NOT )?DEFERRABLE\b( INITIALLY (DEFERRED|IMMEDIATE))?/.exec(tail)?.[0];
	return [...match, onUpdate, onDelete, deferrable].filter((part) => part !== undefined).join(' ');
}

/** `FOREIGN KEY (...) REFERENCES ... (...) ...`: the constraint without its name, as ADD CONSTRAINT takes it. */
export function foreignKeyDefinition(design: Design, fk: ForeignKey, change: ForeignKeyChange = {}): string {
	const actions = actionClauses(fk, change);
	return `FOREIGN KEY (${identList(fk.columns)}) REFERENCES ${relationSql(design, fk.refTable)} (${identList(fk.refColumns)})${actions ? ` ${actions}` : ''}`;
}

/**
 * Replaces a foreign key in one statement (no moment without it), NOT VALID so the swap takes a
 * brief lock, then validates it while reads and writes go on. A partitioned table cannot hold a
 * NOT VALID foreign key, so there the new one is checked at once.
 */
export function replaceForeignKeySql(table: Table, fk: ForeignKey, definition: string): string[] {
	const target = quoteTable(table);
	const name = quoteIdent(fk.name);
	if (table.partitioning) return [`ALTER TABLE ${target} DROP CONSTRAINT ${name}, ADD CONSTRAINT ${name} ${definition};`];
	return [`ALTER TABLE ${target} DROP CONSTRAINT ${name}, ADD CONSTRAINT ${name} ${definition} NOT VALID;`, `ALTER TABLE ${target} VALIDATE CONSTRAINT ${name};`];
}

/** ALTER TABLE ... DROP CONSTRAINT, under the table's schema-qualified name. */
export function dropConstraintSql(table: Table, name: string): string {
	return `ALTER TABLE ${quoteTable(table)} DROP CONSTRAINT ${quoteIdent(name)};`;
}

/**
 * A name for a new object of the table's schema (an index, a constraint) that nothing holds yet:
 * derived from the table's own name and the parts, with a counter when taken.
 *
 * @example freeLocalName(design, tasks, ['project_id'], 'idx') // tasks_project_id_idx
 */
export function freeLocalName(design: Design, table: Table, parts: readonly string[], suffix: string): string {
	// takenNames holds the catalog's objects too, by relationKey.
	const taken = takenNames(design);
	const own = localName(table);
	const isTaken = (name: string) => taken.has(table.schema ? relationKey(table.schema, name) : name) || taken.has(name);
	let name = derivedName([own, ...parts], suffix);
	for (let counter = 2; isTaken(name); counter++) name = derivedName([own, ...parts, String(counter)], suffix);
	return name;
}

/** CREATE INDEX on plain columns for a fix: CONCURRENTLY, except on a partitioned table (PostgreSQL cannot build that concurrently). */
export function createPlainIndexSql(table: Table, name: string, columns: readonly string[]): string {
	const index = fixIndex({name: relationKey(table.schema ?? 'public', name), table: table.name, keys: columns.map((column) => ({column}))});
	return indexStatement(index, {guarded: false, concurrently: !table.partitioning, table});
}

/** The tables a partition descends from, nearest first (a partition of a partition has two). */
export function partitionAncestors(design: Design, table: Table): Table[] {
	const ancestors: Table[] = [];
	for (let parent = table.partitionOf; parent !== undefined; ) {
		const found = findTable(design, parent);
		if (!found || ancestors.includes(found)) break;
		ancestors.push(found);
		parent = found.partitionOf;
	}
	return ancestors;
}

/** What follows `REFERENCES table (columns)` in the definition PostgreSQL printed, or ''. */
function referencesTail(fk: ForeignKey): string {
	const definition = fk.definition ?? '';
	const start = definition.indexOf(' REFERENCES ');
	if (start < 0) return '';
	let position = start + ' REFERENCES '.length;
	// The referenced table: identifiers, quoted or not, joined by dots; then its column list in parentheses.
	while (position < definition.length && definition[position] !== '(') {
		if (definition[position] === '"') position = closingQuote(definition, position);
		position++;
	}
	for (let depth = 0; position < definition.length; position++) {
		const char = definition[position]!;
		if (char === '"') position = closingQuote(definition, position);
		else if (char === '(') depth++;
		else if (char === ')' && --depth === 0) return definition.slice(position + 1).trim();
	}
	return '';
}

