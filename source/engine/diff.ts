/**
 * What changed between the design of the last export and the design now, as typed changes a
 * migration can make. Pure. What the two designs cannot tell — was a column renamed or dropped
 * and another added? what do existing rows hold in a new NOT NULL column? may this table's rows be
 * destroyed? — is asked of the resolvers: a screen in the wizard, flags in headless mode, a fixed
 * map in tests.
 */
import type {
	CheckConstraint,
	Column,
	Design,
	ForeignKey,
	Index,
	Policy,
	PrimaryKey,
	Role,
	SqlExpression,
	SqlFunction,
	Table,
	Trigger,
	UniqueConstraint,
} from '../model/design.js';
import {renderType} from './sql.js';

/** A table constraint, whichever kind. */
export type Constraint =
	| {readonly type: 'primary-key'; readonly name: string; readonly value: PrimaryKey}
	| {readonly type: 'unique'; readonly name: string; readonly value: UniqueConstraint}
	| {readonly type: 'foreign-key'; readonly name: string; readonly value: ForeignKey}
	| {readonly type: 'check'; readonly name: string; readonly value: CheckConstraint};

/** One change, in the vocabulary of the new design (renamed objects carry their new names). */
export type Change =
	| {readonly kind: 'create-extension' | 'drop-extension'; readonly name: string}
	| {readonly kind: 'create-function'; readonly fn: SqlFunction; readonly previous?: SqlFunction}
	| {readonly kind: 'drop-function'; readonly fn: SqlFunction}
	| {readonly kind: 'create-role' | 'drop-role'; readonly role: Role}
	| {readonly kind: 'rename-table'; readonly from: string; readonly to: string}
	| {readonly kind: 'rename-column'; readonly table: string; readonly from: string; readonly to: string}
	| {readonly kind: 'rename-constraint'; readonly table: string; readonly from: string; readonly to: string}
	| {readonly kind: 'rename-index'; readonly from: string; readonly to: string}
	| {readonly kind: 'create-table'; readonly table: Table}
	/** With what hung on it, so the down migration can rebuild it (empty). */
	| {readonly kind: 'drop-table'; readonly table: Table; readonly indexes: readonly Index[]; readonly triggers: readonly Trigger[]; readonly policies: readonly Policy[]}
	| {readonly kind: 'add-column'; readonly table: string; readonly column: Column; readonly backfill?: string}
	| {readonly kind: 'drop-column'; readonly table: string; readonly column: Column}
	| {readonly kind: 'alter-type'; readonly table: string; readonly from: Column; readonly to: Column}
	| {readonly kind: 'set-default'; readonly table: string; readonly column: Column; readonly from?: SqlExpression}
	| {readonly kind: 'set-not-null' | 'drop-not-null'; readonly table: string; readonly column: Column}
	| {readonly kind: 'add-constraint' | 'drop-constraint'; readonly table: string; readonly constraint: Constraint}
	| {readonly kind: 'create-index' | 'drop-index'; readonly index: Index; readonly newTable: boolean}
	| {readonly kind: 'create-trigger' | 'drop-trigger'; readonly trigger: Trigger}
	| {readonly kind: 'enable-rls' | 'disable-rls'; readonly table: Table}
	| {readonly kind: 'create-policy' | 'drop-policy'; readonly policy: Policy}
	| {readonly kind: 'comment-table'; readonly table: string; readonly text: string; readonly from: string}
	| {readonly kind: 'comment-column'; readonly table: string; readonly column: string; readonly text: string; readonly from: string};

export interface RenameQuestion {
	readonly kind: 'table' | 'column';
	/** For a column: its table, by its new name. */
	readonly table?: string;
	readonly from: string;
	readonly to: string;
}

export interface DropQuestion {
	readonly kind: 'table' | 'column';
	readonly table: string;
	readonly column?: string;
	/** The estimated rows whose data would be lost. */
	readonly rows: number;
}

/** The questions a diff cannot answer alone. */
export interface Resolvers {
	/** true: `from` was renamed to `to`; false: one was dropped and the other added. */
	isRename(question: RenameQuestion): boolean;
	/** A SQL literal for existing rows of a new NOT NULL column without a default; undefined when none was given. */
	backfill(table: string, column: Column): string | undefined;
	/** Whether the user confirmed destroying this data. */
	confirmDrop(question: DropQuestion): boolean;
}

export interface DiffProblem {
	readonly message: string;
	/** What to do: the flag or the answer that settles it. */
	readonly hint: string;
}

export interface Diff {
	readonly changes: readonly Change[];
	readonly problems: readonly DiffProblem[];
	/**
	 * The new design with the columns of existing tables in the order the migrations leave them:
	 * the old ones where they were, added ones at the end (ALTER TABLE ADD COLUMN appends).
	 */
	readonly design: Design;
}

type Renames = ReadonlyMap<string, string>;

/** Compares the design of the last export with the current one. */
export function diffDesigns(previous: Design, next: Design, resolvers: Resolvers): Diff {
	const changes: Change[] = [];
	const problems: DiffProblem[] = [];
	const tableRenames = resolveTableRenames(previous, next, resolvers);
	for (const [from, to] of tableRenames) changes.push({kind: 'rename-table', from, to});
	const columnRenames = resolveColumnRenames(previous, next, tableRenames, resolvers);
	for (const [table, renames] of columnRenames) for (const [from, to] of renames) changes.push({kind: 'rename-column', table, from, to});

	// The old design in the new design's names: from here on, objects are matched by name.
	const renamed = renameDesign(previous, tableRenames, columnRenames);
	const dependentRenames = renamedDependents(renamed, next);
	changes.push(...dependentRenames);
	const old = applyRenames(renamed, dependentRenames);
	const oldTables = byName(old.tables);
	const newTables = byName(next.tables);
	const created = new Set(next.tables.filter((table) => !oldTables.has(table.name)).map((table) => table.name));
	const dropped = old.tables.filter((table) => !newTables.has(table.name));

	if (JSON.stringify(previous.verbatim ?? null) !== JSON.stringify(next.verbatim ?? null)) {
		problems.push({message: 'the statements kept verbatim from the imported schema changed', hint: 'Write that migration by hand: pg-designer does not diff verbatim SQL.'});
	}

	for (const name of next.extensions) if (!old.extensions.includes(name)) changes.push({kind: 'create-extension', name});
	const oldFunctions = byName(old.functions);
	for (const fn of next.functions) {
		const before = oldFunctions.get(fn.name);
		if (!before || signature(before) !== signature(fn)) changes.push({kind: 'create-function', fn, ...(before ? {previous: before} : {})});
	}
	const oldRoles = byName(old.roles);
	for (const role of next.roles) if (!oldRoles.has(role.name)) changes.push({kind: 'create-role', role});

	for (const table of next.tables) {
		const before = oldTables.get(table.name);
		if (!before) {
			changes.push({kind: 'create-table', table});
			continue;
		}
		diffTable(before, table, resolvers, changes, problems);
	}
	for (const table of dropped) {
		if (resolvers.confirmDrop({kind: 'table', table: table.name, rows: table.rows})) {
			const on = <T extends {readonly table: string}>(items: readonly T[]) => items.filter((item) => item.table === table.name);
			changes.push({kind: 'drop-table', table, indexes: on(old.indexes), triggers: on(old.triggers), policies: on(old.policies)});
		}
		else problems.push({message: `${table.name} is gone from the design: dropping it destroys every row it holds`, hint: `Confirm with --allow-drop ${table.name}, or rename it (--rename ${table.name}=NEW).`});
	}

	diffNamed(old.indexes, next.indexes, (index) => !dropped.some((table) => table.name === index.table), changes, {
		create: (index) => ({kind: 'create-index', index, newTable: created.has(index.table)}),
		drop: (index) => ({kind: 'drop-index', index, newTable: false}),
	});
	diffNamed(old.triggers, next.triggers, (trigger) => !dropped.some((table) => table.name === trigger.table), changes, {
		create: (trigger) => ({kind: 'create-trigger', trigger}),
		drop: (trigger) => ({kind: 'drop-trigger', trigger}),
	});
	diffNamed(old.policies, next.policies, (policy) => !dropped.some((table) => table.name === policy.table), changes, {
		create: (policy) => ({kind: 'create-policy', policy}),
		drop: (policy) => ({kind: 'drop-policy', policy}),
	});

	const newFunctions = byName(next.functions);
	for (const fn of old.functions) if (!newFunctions.has(fn.name)) changes.push({kind: 'drop-function', fn});
	const newRoles = byName(next.roles);
	for (const role of old.roles) if (!newRoles.has(role.name)) changes.push({kind: 'drop-role', role});
	for (const name of old.extensions) if (!next.extensions.includes(name)) changes.push({kind: 'drop-extension', name});
	return {changes, problems, design: orderColumnsLike(next, old)};
}

/** A design with the columns of each table in the order `reference` has them, new ones at the end. */
export function orderColumnsLike(design: Design, reference: Design): Design {
	const tables = byName(reference.tables);
	return {...design, tables: design.tables.map((table) => inMigratedOrder(table, tables.get(table.name)))};
}

function inMigratedOrder(table: Table, before: Table | undefined): Table {
	if (!before) return table;
	const position = new Map(before.columns.map((column, index) => [column.name, {index, generated: generatedSignature(column)}]));
	const kept = (column: Column) => position.get(column.name)?.generated === generatedSignature(column);
	const old = table.columns.filter(kept).sort((a, b) => position.get(a.name)!.index - position.get(b.name)!.index);
	return {...table, columns: [...old, ...table.columns.filter((column) => !kept(column))]};
}

function diffTable(before: Table, after: Table, resolvers: Resolvers, changes: Change[], problems: DiffProblem[]): void {
	const table = after.name;
	if (JSON.stringify(before.partitioning ?? null) !== JSON.stringify(after.partitioning ?? null)) {
		problems.push({
			message: `${table}: its partitioning changed; that rewrites every row into a new table`,
			hint: 'Create the new table, copy the rows in batches and swap the names, by hand: pg-designer does not automate it.',
		});
	}
	const oldColumns = byName(before.columns);
	const newColumns = byName(after.columns);
	for (const column of after.columns) {
		const was = oldColumns.get(column.name);
		if (!was || generatedSignature(was) !== generatedSignature(column)) {
			// A generated column holds nothing of its own: dropping and adding it loses nothing.
			if (was) changes.push({kind: 'drop-column', table, column: was});
			addColumn(table, column, before.rows, resolvers, changes, problems);
			continue;
		}
		if (renderType(was.type) !== renderType(column.type)) changes.push({kind: 'alter-type', table, from: was, to: column});
		if (JSON.stringify(was.default ?? null) !== JSON.stringify(column.default ?? null)) changes.push({kind: 'set-default', table, column, ...(was.default ? {from: was.default} : {})});
		if (was.nullable && !column.nullable) changes.push({kind: 'set-not-null', table, column});
		if (!was.nullable && column.nullable) changes.push({kind: 'drop-not-null', table, column});
		if (was.identity !== column.identity) {
			problems.push({message: `${table}.${column.name}: its identity changed`, hint: 'Change identity columns by hand (ALTER TABLE ... ADD/DROP IDENTITY).'});
		}
		const [oldText, newText] = [was.comment ?? was.reason, column.comment ?? column.reason];
		if (oldText !== newText) changes.push({kind: 'comment-column', table, column: column.name, text: newText, from: oldText});
	}
	for (const column of before.columns) {
		if (newColumns.has(column.name)) continue;
		if (column.generated || resolvers.confirmDrop({kind: 'column', table, column: column.name, rows: before.rows})) changes.push({kind: 'drop-column', table, column});
		else problems.push({message: `${table}.${column.name} is gone from the design: dropping it destroys its values in every row`, hint: `Confirm with --allow-drop ${table}.${column.name}, or rename it (--rename ${table}.${column.name}=${table}.NEW).`});
	}
	diffNamed(constraintsOf(before), constraintsOf(after), () => true, changes, {
		create: (constraint) => ({kind: 'add-constraint', table, constraint}),
		drop: (constraint) => ({kind: 'drop-constraint', table, constraint}),
	});
	if (before.comment !== after.comment) changes.push({kind: 'comment-table', table, text: after.comment, from: before.comment});
	if (!before.rowLevelSecurity && after.rowLevelSecurity) changes.push({kind: 'enable-rls', table: after});
	if (before.rowLevelSecurity && !after.rowLevelSecurity) changes.push({kind: 'disable-rls', table: after});
}

function addColumn(table: string, column: Column, rows: number, resolvers: Resolvers, changes: Change[], problems: DiffProblem[]): void {
	const needsValue = !column.nullable && !column.default && !column.identity && !column.generated;
	if (!needsValue) {
		changes.push({kind: 'add-column', table, column});
		return;
	}
	const backfill = resolvers.backfill(table, column);
	if (backfill === undefined) {
		problems.push({
			message: `${table}.${column.name} is new and NOT NULL without a default: the ${rows > 0 ? `~${rows.toLocaleString('en-US')} ` : ''}rows already there need a value`,
			hint: `Give one with --backfill ${table}.${column.name}=VALUE, or a default in the session.`,
		});
		return;
	}
	changes.push({kind: 'add-column', table, column, backfill});
}

/** Pairs of dropped and added objects the user confirms as renames. */
function resolveTableRenames(previous: Design, next: Design, resolvers: Resolvers): Map<string, string> {
	const newNames = new Set(next.tables.map((table) => table.name));
	const oldNames = new Set(previous.tables.map((table) => table.name));
	const added = next.tables.filter((table) => !oldNames.has(table.name));
	const renames = new Map<string, string>();
	for (const table of previous.tables.filter((candidate) => !newNames.has(candidate.name))) {
		const match = added.find((candidate) => ![...renames.values()].includes(candidate.name) && similarTables(table, candidate) && resolvers.isRename({kind: 'table', from: table.name, to: candidate.name}));
		if (match) renames.set(table.name, match.name);
	}
	return renames;
}

/** At least half of the columns agree in name and type: worth asking. */
function similarTables(a: Table, b: Table): boolean {
	const types = new Map(a.columns.map((column) => [column.name, renderType(column.type)]));
	const same = b.columns.filter((column) => types.get(column.name) === renderType(column.type)).length;
	return same * 2 >= Math.max(a.columns.length, b.columns.length);
}

function resolveColumnRenames(previous: Design, next: Design, tableRenames: Renames, resolvers: Resolvers): Map<string, Map<string, string>> {
	const result = new Map<string, Map<string, string>>();
	const newTables = byName(next.tables);
	for (const before of previous.tables) {
		const after = newTables.get(tableRenames.get(before.name) ?? before.name);
		if (!after) continue;
		const newNames = new Set(after.columns.map((column) => column.name));
		const oldNames = new Set(before.columns.map((column) => column.name));
		const added = after.columns.filter((column) => !oldNames.has(column.name) && !column.generated);
		const renames = new Map<string, string>();
		for (const column of before.columns.filter((candidate) => !newNames.has(candidate.name) && !candidate.generated)) {
			const match = added.find(
				(candidate) =>
					![...renames.values()].includes(candidate.name) &&
					renderType(candidate.type) === renderType(column.type) &&
					resolvers.isRename({kind: 'column', table: after.name, from: column.name, to: candidate.name}),
			);
			if (match) renames.set(column.name, match.name);
		}
		if (renames.size > 0) result.set(after.name, renames);
	}
	return result;
}

/**
 * The old design with renamed tables and columns under their new names, in every place that
 * names them: PostgreSQL carries a rename into constraints, indexes and policies by itself.
 */
function renameDesign(design: Design, tables: Renames, columns: ReadonlyMap<string, Renames>): Design {
	const table = (name: string) => tables.get(name) ?? name;
	const column = (tableName: string) => {
		const map = columns.get(table(tableName));
		return (name: string) => map?.get(name) ?? name;
	};
	const renameTable = (source: Table): Table => {
		const own = column(source.name);
		return {
			...source,
			name: table(source.name),
			columns: source.columns.map((entry) => ({...entry, name: own(entry.name), ...(entry.generated ? {generated: renameExpression(entry.generated, own)} : {})})),
			primaryKey: {...source.primaryKey, columns: source.primaryKey.columns.map(own)},
			uniques: source.uniques.map((unique) => ({...unique, columns: unique.columns.map(own)})),
			foreignKeys: source.foreignKeys.map((fk) => ({
				...fk,
				columns: fk.columns.map(own),
				refTable: table(fk.refTable),
				refColumns: fk.refColumns.map(column(fk.refTable)),
				...(fk.setNullColumns ? {setNullColumns: fk.setNullColumns.map(own)} : {}),
			})),
			checks: source.checks.map((check) => ({...check, rule: 'column' in check.rule && check.rule.column ? {...check.rule, column: own(check.rule.column)} : check.rule})),
			...(source.ownerColumn ? {ownerColumn: own(source.ownerColumn)} : {}),
			...(source.partitioning ? {partitioning: {...source.partitioning, column: own(source.partitioning.column)}} : {}),
		};
	};
	return {
		...design,
		tables: design.tables.map(renameTable),
		indexes: design.indexes.map((index) => {
			const own = column(index.table);
			return {
				...index,
				table: table(index.table),
				keys: index.keys.map((key) => ({...key, column: own(key.column)})),
				include: index.include.map(own),
				where: index.where.map((predicate) => ({...predicate, column: own(predicate.column)})),
			};
		}),
		triggers: design.triggers.map((trigger) => ({...trigger, table: table(trigger.table)})),
		policies: design.policies.map((policy) => ({...policy, table: table(policy.table), column: column(policy.table)(policy.column)})),
	};
}

function renameExpression(expression: SqlExpression, own: (name: string) => string): SqlExpression {
	return expression.kind === 'tsvector' ? {...expression, weighted: expression.weighted.map((entry) => ({...entry, column: own(entry.column)}))} : expression;
}

/**
 * Constraints and indexes whose names derive from a renamed table or column: the same object
 * under a new name is renamed, not dropped and rebuilt.
 */
function renamedDependents(old: Design, next: Design): Change[] {
	const changes: Change[] = [];
	const newTables = byName(next.tables);
	for (const table of old.tables) {
		const after = newTables.get(table.name);
		if (!after) continue;
		const before = constraintsOf(table);
		const now = constraintsOf(after);
		for (const constraint of before) {
			if (now.some((candidate) => candidate.name === constraint.name)) continue;
			const match = now.find((candidate) => !before.some((other) => other.name === candidate.name) && shape(candidate) === shape(constraint));
			// A primary key or unique constraint's index is renamed with it.
			if (match) changes.push({kind: 'rename-constraint', table: table.name, from: constraint.name, to: match.name});
		}
	}
	for (const index of old.indexes) {
		if (next.indexes.some((candidate) => candidate.name === index.name)) continue;
		const match = next.indexes.find((candidate) => !old.indexes.some((other) => other.name === candidate.name) && shape(candidate) === shape(index));
		if (match) changes.push({kind: 'rename-index', from: index.name, to: match.name});
	}
	return changes;
}

/** The old design with renamed constraints and indexes under their new names, so they match by name. */
function applyRenames(old: Design, changes: readonly Change[]): Design {
	let {tables, indexes} = old;
	for (const change of changes) {
		if (change.kind === 'rename-constraint') {
			const rename = <T extends {readonly name: string}>(item: T): T => (item.name === change.from ? {...item, name: change.to} : item);
			tables = tables.map((table) =>
				table.name !== change.table
					? table
					: {
							...table,
							primaryKey: rename(table.primaryKey),
							uniques: table.uniques.map(rename),
							foreignKeys: table.foreignKeys.map(rename),
							checks: table.checks.map(rename),
						},
			);
		}
		if (change.kind === 'rename-index') indexes = indexes.map((index) => (index.name === change.from ? {...index, name: change.to} : index));
	}
	return {...old, tables, indexes};
}

export function constraintsOf(table: Table): Constraint[] {
	return [
		...(table.primaryKey.columns.length > 0 ? [{type: 'primary-key' as const, name: table.primaryKey.name, value: table.primaryKey}] : []),
		...table.uniques.map((value) => ({type: 'unique' as const, name: value.name, value})),
		...table.foreignKeys.map((value) => ({type: 'foreign-key' as const, name: value.name, value})),
		...table.checks.map((value) => ({type: 'check' as const, name: value.name, value})),
	];
}

/** Compares two lists by name: created, dropped, and dropped-then-created when the shape changed. */
function diffNamed<T extends {readonly name: string}>(
	before: readonly T[],
	after: readonly T[],
	keepDrop: (item: T) => boolean,
	changes: Change[],
	make: {create: (item: T) => Change; drop: (item: T) => Change},
): void {
	const oldItems = byName(before);
	const newItems = byName(after);
	for (const item of before) {
		const now = newItems.get(item.name);
		if ((!now || shape(now) !== shape(item)) && keepDrop(item)) changes.push(make.drop(item));
	}
	for (const item of after) {
		const was = oldItems.get(item.name);
		if (!was || shape(was) !== shape(item)) changes.push(make.create(item));
	}
}

/** What makes two objects the same object in the database: everything but names and explanations. */
function shape(item: object): string {
	return JSON.stringify(item, (key, value: unknown) => (IGNORED_KEYS.has(key) ? undefined : value));
}

const IGNORED_KEYS = new Set(['name', 'reason', 'rationale', 'serves', 'comment', 'origin', 'cardinality', 'field', 'role']);

function signature(fn: SqlFunction): string {
	return JSON.stringify([fn.arguments, fn.returns, fn.language, fn.volatility, fn.body]);
}

function generatedSignature(column: Column): string {
	return JSON.stringify(column.generated ?? null);
}

function byName<T extends {readonly name: string}>(items: readonly T[]): Map<string, T> {
	return new Map(items.map((item) => [item.name, item]));
}
