/**
 * Session → Design: the schema an expert would write for the user's answers.
 *
 * Pure. Every problem found on the way (a name collision, a pattern on a missing column, an
 * answer that contradicts another) is collected and thrown together as one DesignError, each
 * with the path of the answer it comes from.
 */
import type {
	Catalog,
	CheckConstraint,
	Column,
	Design,
	ForeignKey,
	Index,
	Isolation,
	Partitioning,
	Policy,
	Role,
	SqlFunction,
	SqlType,
	Table,
	Trigger,
	UniqueConstraint,
} from '../model/design.js';
import {Session, type Entity, type OnDelete, type Relationship, type SessionInput} from '../model/session.js';
import {fieldColumn} from './columns.js';
import {DesignError, type SessionProblem} from './errors.js';
import {planIndexes} from './index-planner.js';
import {onDeleteSql} from './sql.js';
import {className, derivedName, singular} from './naming.js';
import {designNotes} from './notes.js';
import {resolvePatterns} from './patterns.js';
import {importedDesign} from './imported.js';
import {sizePool} from './pool.js';
import {BILLIONS, volumeRows} from './volume.js';

/** Hash partitions for tables at billions of rows: a power of two keeps later splits even. */
export const HASH_PARTITIONS = 16;

const SET_UPDATED_AT = 'set_updated_at';

/** What the engine knows about isolation while building tables. */
interface IsolationContext {
	readonly mode: 'none' | 'user' | 'tenant';
	readonly enforcement: 'application' | 'rls';
	readonly owner?: string;
	readonly ownerColumn?: string;
	readonly onOwnerDelete: OnDelete;
	isIsolated(table: string): boolean;
}

/** A table while it is being built. */
interface TableDraft {
	name: string;
	kind: 'entity' | 'junction';
	comment: string;
	idColumn?: Column;
	ownerColumnDef?: Column;
	fkColumns: Column[];
	fieldColumns: Column[];
	tailColumns: Column[];
	primaryKey: string[];
	uniques: UniqueConstraint[];
	foreignKeys: ForeignKey[];
	checks: CheckConstraint[];
	uniqueIndexes: Index[];
	rows: number;
	softDelete: boolean;
	appendOnly: boolean;
	ownerColumn?: string;
	partitioning?: Partitioning;
}

/**
 * Derives the design from a session (already parsed by the Session schema).
 *
 * @throws DesignError listing every problem, each with the path of the answer it comes from.
 */
export function deriveDesign(input: SessionInput): Design {
	const session = Session.parse(input);
	const problems: SessionProblem[] = [];
	const problem = (path: string, message: string) => problems.push({path, message});
	const imported = importedDesign(session.imported, problem);
	if (session.entities.length === 0 && !session.imported) problem('entities', 'The design has no entities yet: add at least one table.');

	const isolation = isolationContext(session);
	const keyType: SqlType = session.keys.primaryKey === 'uuid' ? {name: 'uuid'} : {name: 'bigint'};
	const drafts = new Map<string, TableDraft>();

	for (const entity of session.entities) drafts.set(entity.name, entityDraft(entity, keyType));
	session.relationships.forEach((relationship, index) =>
		applyRelationship(relationship, `relationships[${index}]`, drafts, keyType, isolation, problem),
	);
	for (const draft of drafts.values()) addOwnerColumn(draft, keyType, isolation, problem);
	session.entities.forEach((entity, index) => addFieldColumns(entity, index, drafts.get(entity.name)!, isolation, session, problem));

	const parentsNeedingOwnerKey = new Set<string>();
	for (const draft of drafts.values()) {
		for (const fk of draft.foreignKeys) {
			if (fk.refColumns.length === 2 && fk.refColumns[1] === 'id' && fk.refTable !== draft.name) parentsNeedingOwnerKey.add(fk.refTable);
			if (fk.refColumns.length === 2 && fk.refTable === draft.name) parentsNeedingOwnerKey.add(draft.name);
		}
	}

	const functions: SqlFunction[] = [];
	const notes: {table: string; text: string}[] = [];
	for (const draft of drafts.values()) {
		decidePartitioning(draft, drafts, notes);
	}
	for (const name of parentsNeedingOwnerKey) {
		const parent = drafts.get(name);
		if (!parent?.ownerColumn) continue;
		const key = [parent.ownerColumn, 'id'];
		const coveredByKey = parent.primaryKey.join(',') === key.join(',');
		if (!coveredByKey) {
			parent.uniques.push({
				name: derivedName([parent.name, parent.ownerColumn, 'id'], 'key'),
				columns: key,
				reason: `the target of composite foreign keys: a child row can only point at a ${parent.name} row of the same owner`,
			});
		}
	}

	const tables = orderTables([...drafts.values()]).map((draft) => finishTable(draft));
	tables.forEach((table, position) => {
		const clash = tables.findIndex((other) => other.className === table.className);
		if (clash < position) {
			const at = session.entities.findIndex((entity) => entity.name === table.name);
			problem(
				at >= 0 ? `entities[${at}].name` : 'relationships',
				`${tables[clash]!.name} and ${table.name} would both be the class ${table.className} in models.py: rename one.`,
			);
		}
	});
	const triggers: Trigger[] = tables
		.filter((table) => table.columns.some((column) => column.role === 'updated-at'))
		.map((table) => ({
			name: derivedName([table.name], 'set_updated_at'),
			table: table.name,
			timing: 'before',
			events: ['update'],
			function: SET_UPDATED_AT,
			comment: 'Keeps updated_at current on every UPDATE, whatever the application sends.',
		}));
	if (triggers.length > 0) functions.push(setUpdatedAtFunction());
	for (const table of tables) {
		if (table.partitioning?.kind === 'range') functions.push(monthPartitionFunction(table.name, table.partitioning.column));
	}

	const designIsolation = isolationOf(isolation);
	const policies: Policy[] = [];
	const roles: Role[] = [];
	if (isolation.enforcement === 'rls' && designIsolation.ownerFunction && designIsolation.setting) {
		functions.unshift(ownerFunction(designIsolation.ownerFunction, designIsolation.setting, keyType));
		for (const table of tables) {
			const column = table.name === isolation.owner ? 'id' : table.ownerColumn;
			if (!column) continue;
			policies.push({
				name: derivedName([table.name], 'isolation'),
				table: table.name,
				column,
				ownerFunction: designIsolation.ownerFunction,
				comment: `Rows of ${table.name} are visible and writable only when ${column} = ${designIsolation.setting}.`,
			});
		}
		roles.push({
			name: `${session.project.name.replaceAll('-', '_').replace(/_app$/, '')}_app`,
			comment: 'The role the application connects as: subject to Row-Level Security, no DDL.',
		});
	}

	const securedTables = tables.map((table) => ({...table, rowLevelSecurity: policies.some((policy) => policy.table === table.name)}));
	const patternResult = resolvePatterns(session, securedTables);
	problems.push(...patternResult.problems);
	if (problems.length > 0) throw new DesignError(problems);

	const uniqueIndexes = [...drafts.values()].flatMap((draft) => draft.uniqueIndexes);
	// Imported indexes stay as they are unless the user drops one; the planner works on the new tables.
	const importedNames = new Set(imported.indexes.map((index) => index.name));
	const planned = planIndexes({
		tables: securedTables,
		patterns: patternResult.patterns,
		uniqueIndexes,
		additions: session.indexes.add,
		drops: session.indexes.drop.filter((name) => !importedNames.has(name)),
		readWrite: session.workload.readWrite,
	});
	if (planned.problems.length > 0) throw new DesignError(planned.problems);

	const design: Design = {
		project: {name: session.project.name, description: session.project.description ?? ''},
		keyStrategy: session.keys.primaryKey,
		readWrite: session.workload.readWrite,
		p95Ms: session.workload.p95Ms,
		isolation: designIsolation,
		extensions: [...new Set(tables.flatMap((table) => table.columns).filter((column) => column.type.name === 'citext').map(() => 'citext'))],
		functions,
		sequences: [],
		tables: [...imported.tables, ...securedTables],
		indexes: [...imported.indexes.filter((index) => !session.indexes.drop.includes(index.name)), ...planned.indexes],
		folded: planned.folded,
		triggers: [...imported.triggers, ...triggers],
		policies: [...imported.policies, ...policies],
		roles,
		patterns: planned.patterns,
		notes: [],
		pool: sizePool(session.deployment),
		sample: {...session.sampleData},
		...(session.imported ? {verbatim: session.imported.verbatim} : {}),
		...(session.imported?.catalog ? {catalog: session.imported.catalog as unknown as Catalog} : {}),
	};
	return {...design, notes: designNotes(design, notes)};
}

function isolationContext(session: Session): IsolationContext {
	const {mode, enforcement, shared, onOwnerDelete} = session.isolation;
	if (mode === 'none') return {mode, enforcement, onOwnerDelete, isIsolated: () => false};
	const owner = session.isolation.owner ?? (mode === 'user' ? 'users' : 'tenants');
	const sharedSet = new Set(shared);
	return {
		mode,
		enforcement,
		owner,
		ownerColumn: derivedName([singular(owner)], 'id'),
		onOwnerDelete,
		isIsolated: (table) => table !== owner && !sharedSet.has(table),
	};
}

function isolationOf(context: IsolationContext): Isolation {
	if (context.mode === 'none' || !context.owner || !context.ownerColumn) return {mode: 'none', enforcement: 'application'};
	return {
		mode: context.mode,
		enforcement: context.enforcement,
		ownerTable: context.owner,
		setting: `app.${context.ownerColumn}`,
		...(context.enforcement === 'rls' ? {ownerFunction: derivedName(['app', 'current', context.ownerColumn])} : {}),
	};
}

function idColumn(keyType: SqlType): Column {
	return keyType.name === 'uuid'
		? {
				name: 'id',
				type: keyType,
				nullable: false,
				default: {kind: 'gen-random-uuid'},
				reason: 'uuid from gen_random_uuid(): can be made anywhere; random order costs index writes at volume',
				origin: 'primary-key',
				role: 'plain',
			}
		: {
				name: 'id',
				type: keyType,
				nullable: false,
				identity: 'always',
				reason: 'bigint identity: 8 bytes, ordered inserts, no extension; ALWAYS stops hand-picked ids',
				origin: 'primary-key',
				role: 'plain',
			};
}

function entityDraft(entity: Entity, keyType: SqlType): TableDraft {
	return {
		name: entity.name,
		kind: 'entity',
		comment: entity.description ?? `One row per ${singular(entity.name).replaceAll('_', ' ')}.`,
		idColumn: idColumn(keyType),
		fkColumns: [],
		fieldColumns: [],
		tailColumns: [],
		primaryKey: ['id'],
		uniques: [],
		foreignKeys: [],
		checks: [],
		uniqueIndexes: [],
		rows: volumeRows(entity.volume),
		softDelete: entity.softDelete,
		appendOnly: entity.appendOnly,
	};
}

function referenceColumn(name: string, keyType: SqlType, nullable: boolean, origin: Column['origin'], reason: string): Column {
	return {name, type: keyType, nullable, reason, origin, role: 'plain'};
}

type Report = (path: string, message: string) => void;

function applyRelationship(
	relationship: Relationship,
	path: string,
	drafts: Map<string, TableDraft>,
	keyType: SqlType,
	isolation: IsolationContext,
	problem: Report,
): void {
	if (relationship.kind === 'many-to-many') {
		addJunction(relationship, path, drafts, keyType, isolation, problem);
		return;
	}
	const child = drafts.get(relationship.child);
	if (!child || !drafts.has(relationship.parent)) return;
	const isSelf = relationship.parent === relationship.child;
	const column = relationship.column ?? (isSelf ? 'parent_id' : derivedName([singular(relationship.parent)], 'id'));
	const isOwnerLink =
		isolation.isIsolated(child.name) && relationship.parent === isolation.owner && column === isolation.ownerColumn;
	if (isOwnerLink && !relationship.required) {
		problem(`${path}.required`, `${child.name}.${column} is the owner under per-${isolation.mode} isolation, so it must be required.`);
	}
	if (isOwnerLink && relationship.onDelete === 'set-null') return;
	if (columnTaken(child, column)) {
		problem(`${path}.column`, `${child.name} already has a column ${column}: name this relationship's column (column: ...).`);
		return;
	}
	const action = onDeleteSql(relationship.onDelete);
	const col = referenceColumn(
		column,
		keyType,
		!relationship.required,
		isOwnerLink ? 'owner' : 'foreign-key',
		isOwnerLink
			? `the owner: FK ${relationship.parent}.id ON DELETE ${action}; every index on ${child.name} leads with it`
			: `FK ${relationship.parent}.id ON DELETE ${action}`,
	);
	if (isOwnerLink) {
		child.ownerColumnDef = col;
		child.ownerColumn = column;
	} else {
		child.fkColumns.push(col);
	}
	const composite =
		!isOwnerLink &&
		isolation.isIsolated(child.name) &&
		isolation.isIsolated(relationship.parent) &&
		isolation.ownerColumn !== undefined;
	child.foreignKeys.push(
		foreignKey(child.name, column, relationship.parent, relationship.onDelete, composite ? isolation.ownerColumn : undefined, {
			cardinality: relationship.kind,
			reason: composite
				? `${column} points at a ${relationship.parent} row of the same ${isolation.mode}: (${isolation.ownerColumn}, ${column}) references (${isolation.ownerColumn}, id)`
				: `${relationship.child} -> ${relationship.parent}; ON DELETE ${action}`,
		}),
	);
	if (relationship.kind === 'one-to-one') {
		const columns = composite && isolation.ownerColumn ? [isolation.ownerColumn, column] : [column];
		child.uniques.push({
			name: derivedName([child.name, column], 'key'),
			columns,
			reason: `one-to-one: at most one ${child.name} row per ${singular(relationship.parent).replaceAll('_', ' ')}`,
		});
	}
}

function foreignKey(
	table: string,
	column: string,
	refTable: string,
	onDelete: OnDelete,
	ownerColumn: string | undefined,
	details: {cardinality: ForeignKey['cardinality']; reason: string},
): ForeignKey {
	const columns = ownerColumn ? [ownerColumn, column] : [column];
	const refColumns = ownerColumn ? [ownerColumn, 'id'] : ['id'];
	return {
		name: derivedName([table, column], 'fkey'),
		columns,
		refTable,
		refColumns,
		onDelete,
		...(ownerColumn && onDelete === 'set-null' ? {setNullColumns: [column]} : {}),
		reason: details.reason,
		cardinality: details.cardinality,
	};
}

function columnTaken(draft: TableDraft, name: string): boolean {
	return allColumns(draft).some((column) => column.name === name);
}

function allColumns(draft: TableDraft): Column[] {
	return [
		...(draft.idColumn ? [draft.idColumn] : []),
		...(draft.ownerColumnDef ? [draft.ownerColumnDef] : []),
		...draft.fkColumns,
		...draft.fieldColumns,
		...draft.tailColumns,
	];
}

function addJunction(
	relationship: Extract<Relationship, {kind: 'many-to-many'}>,
	path: string,
	drafts: Map<string, TableDraft>,
	keyType: SqlType,
	isolation: IsolationContext,
	problem: Report,
): void {
	if (!drafts.has(relationship.left) || !drafts.has(relationship.right)) return;
	const name = relationship.through ?? derivedName([singular(relationship.left), relationship.right]);
	if (drafts.has(name)) {
		problem(`${path}.through`, `The link table ${name} would collide with a table of the same name: name it with through: ...`);
		return;
	}
	const leftColumn = derivedName([singular(relationship.left)], 'id');
	const rightColumn = derivedName([...(relationship.left === relationship.right ? ['related'] : []), singular(relationship.right)], 'id');
	const isolated = isolation.isIsolated(relationship.left) || isolation.isIsolated(relationship.right);
	// When one side is the owner table itself, its column is the owner column.
	const ownerSide = isolated ? [relationship.left, relationship.right].indexOf(isolation.owner ?? '') : -1;
	const ownerColumn = isolated ? (ownerSide === 0 ? leftColumn : ownerSide === 1 ? rightColumn : isolation.ownerColumn) : undefined;
	const left = drafts.get(relationship.left)!;
	const draft: TableDraft = {
		name,
		kind: 'junction',
		comment: `Links ${relationship.left} and ${relationship.right} (many-to-many); one row per pair.`,
		fkColumns: [],
		fieldColumns: [],
		tailColumns: [],
		primaryKey: [...new Set([...(ownerColumn ? [ownerColumn] : []), leftColumn, rightColumn])],
		uniques: [],
		foreignKeys: [],
		checks: [],
		uniqueIndexes: [],
		rows: 2 * Math.max(left.rows, drafts.get(relationship.right)!.rows),
		softDelete: false,
		appendOnly: false,
		...(ownerColumn ? {ownerColumn} : {}),
	};
	const action = onDeleteSql(relationship.onDelete);
	for (const [column, target] of [
		[leftColumn, relationship.left],
		[rightColumn, relationship.right],
	] as const) {
		const isOwnerSide = target === isolation.owner && column === ownerColumn;
		const columnDef = referenceColumn(column, keyType, false, isOwnerSide ? 'owner' : 'foreign-key', `FK ${target}.id ON DELETE ${action}; part of the primary key`);
		if (isOwnerSide) draft.ownerColumnDef = columnDef;
		else draft.fkColumns.push(columnDef);
		const composite = ownerColumn !== undefined && !isOwnerSide && isolation.isIsolated(target);
		draft.foreignKeys.push(
			foreignKey(name, column, target, relationship.onDelete, composite ? ownerColumn : undefined, {
				cardinality: 'many-to-many',
				reason: composite
					? `links only ${target} of the same ${isolation.mode}: (${ownerColumn}, ${column}) references (${ownerColumn}, id)`
					: `${name} -> ${target}; ON DELETE ${action}`,
			}),
		);
	}
	drafts.set(name, draft);
}

function addOwnerColumn(draft: TableDraft, keyType: SqlType, isolation: IsolationContext, problem: Report): void {
	if (!isolation.isIsolated(draft.name) || !isolation.owner || !isolation.ownerColumn) return;
	if (draft.ownerColumnDef) return;
	const column = isolation.ownerColumn;
	if (isolation.onOwnerDelete === 'set-null') {
		problem('isolation.onOwnerDelete', `${draft.name}.${column} is the owner and must be NOT NULL, so it cannot be SET NULL: choose cascade or restrict.`);
		return;
	}
	draft.ownerColumn = column;
	draft.ownerColumnDef = referenceColumn(
		column,
		keyType,
		false,
		'owner',
		`the owner: FK ${isolation.owner}.id ON DELETE ${onDeleteSql(isolation.onOwnerDelete)}; every index on ${draft.name} leads with it`,
	);
	draft.foreignKeys.unshift(
		foreignKey(draft.name, column, isolation.owner, isolation.onOwnerDelete, undefined, {
			cardinality: 'owner',
			reason: `every ${singular(draft.name).replaceAll('_', ' ')} belongs to one ${singular(isolation.owner).replaceAll('_', ' ')}`,
		}),
	);
}

function addFieldColumns(entity: Entity, entityIndex: number, draft: TableDraft, isolation: IsolationContext, session: Session, problem: Report): void {
	const path = `entities[${entityIndex}]`;
	const scope = draft.ownerColumn ? [draft.ownerColumn] : [];
	const liveOnly = entity.softDelete ? [{column: 'deleted_at', op: 'is-null'} as const] : [];
	entity.fields.forEach((field, fieldIndex) => {
		const {column, checks} = fieldColumn(field);
		if (columnTaken(draft, column.name)) {
			const existing = allColumns(draft).find((candidate) => candidate.name === column.name)!;
			problem(`${path}.fields[${fieldIndex}].name`, `${entity.name}.${column.name} is already ${describeOrigin(existing)}: remove this field or rename it.`);
			return;
		}
		draft.fieldColumns.push(column);
		for (const check of checks) {
			const suffix = {range: 'range', length: 'length', 'one-of': 'allowed', pattern: 'format', 'not-blank': 'not_blank', expression: 'rule'}[check.rule.kind];
			draft.checks.push({name: derivedName([entity.name, column.name, suffix], 'check'), rule: check.rule, reason: check.reason});
		}
		if (!field.unique) return;
		const scoped = scope.length > 0 ? ` per ${isolation.mode}` : '';
		if (column.role === 'email' || entity.softDelete) {
			const keys = [
				...scope.map((name) => ({column: name})),
				column.role === 'email' ? ({expression: 'lower', column: column.name} as const) : {column: column.name},
			];
			draft.uniqueIndexes.push({
				name: derivedName([entity.name, ...scope, column.role === 'email' ? `lower_${column.name}` : column.name], 'key'),
				table: entity.name,
				method: 'btree',
				keys,
				include: [],
				where: liveOnly,
				unique: true,
				rationale:
					(column.role === 'email' ? `${column.name} is unique${scoped} whatever its case` : `${column.name} is unique${scoped}`) +
					(entity.softDelete ? ' among live rows: a deleted row frees its value' : '') +
					'; also serves lookups by it',
				serves: [],
				origin: 'unique',
			});
		} else {
			draft.uniques.push({
				name: derivedName([entity.name, ...scope, column.name], 'key'),
				columns: [...scope, column.name],
				reason: `a natural key: no two ${entity.name} share a ${column.name}${scoped}`,
			});
		}
	});

	const reserve = (column: Column, fieldPath: string, hint: string) => {
		const clash = entity.fields.findIndex((field) => field.name === column.name);
		if (clash >= 0 && draft.fieldColumns.some((candidate) => candidate.name === column.name)) {
			problem(`${path}.fields[${clash}].name`, `${entity.name}.${column.name} is added by ${hint}: remove the field, or ${fieldPath}.`);
			draft.fieldColumns = draft.fieldColumns.filter((candidate) => candidate.name !== column.name);
		}
		draft.tailColumns.push(column);
	};
	if (entity.search) {
		reserve(
			{
				name: 'search_vector',
				type: {name: 'tsvector'},
				// coalesce() makes every document non-NULL; saying so keeps NULLs out of the GIN index's first column.
				nullable: false,
				generated: {
					kind: 'tsvector',
					language: entity.search.language,
					weighted: entity.search.fields.map((name, index) => ({
						column: entity.fields.find((field) => field.name === name)?.name ?? name,
						weight: (['A', 'B', 'C', 'D'] as const)[Math.min(index, 3)]!,
					})),
				},
				reason: `tsvector generated from ${entity.search.fields.join(', ')}: always in step, searched through a GIN index`,
				origin: 'search',
				role: 'plain',
			},
			'remove search',
			'full-text search',
		);
		draft.uniqueIndexes.push({
			name: derivedName([entity.name, 'search_vector'], 'idx'),
			table: entity.name,
			method: 'gin',
			keys: [{column: 'search_vector'}],
			include: [],
			where: [],
			unique: false,
			rationale: `full-text search over ${entity.search.fields.join(', ')}: GIN finds matching documents without reading the table`,
			serves: [],
			origin: 'search',
		});
	}
	if (session.audit.timestamps) {
		reserve(auditColumn('created_at', 'created-at', 'set once at insert: default now()'), 'set audit.timestamps to false', 'the audit columns');
		reserve(auditColumn('updated_at', 'updated-at', 'kept current by a trigger on every UPDATE'), 'set audit.timestamps to false', 'the audit columns');
	}
	if (entity.appendOnly && draft.rows >= BILLIONS && session.audit.timestamps) {
		draft.uniqueIndexes.push({
			name: derivedName([entity.name, 'created_at', 'brin'], 'idx'),
			table: entity.name,
			method: 'brin',
			keys: [{column: 'created_at'}],
			include: [],
			where: [],
			unique: false,
			rationale: 'append-only rows arrive in created_at order: a BRIN index is a tiny fraction of a btree and serves time-range scans',
			serves: [],
			origin: 'time-series',
		});
	}
	if (entity.softDelete) {
		reserve(
			{
				name: 'deleted_at',
				type: {name: 'timestamptz'},
				nullable: true,
				reason: 'soft delete: NULL while the row is live; set instead of DELETE',
				origin: 'soft-delete',
				role: 'deleted-at',
			},
			'set softDelete to false',
			'soft delete',
		);
	}
}

function auditColumn(name: string, role: 'created-at' | 'updated-at', reason: string): Column {
	return {name, type: {name: 'timestamptz'}, nullable: false, default: {kind: 'now'}, reason: `timestamptz ${reason}`, origin: 'audit', role};
}

function describeOrigin(column: Column): string {
	switch (column.origin) {
		case 'primary-key':
			return 'the primary key';
		case 'owner':
			return 'the owner column of the isolation';
		case 'foreign-key':
			return 'the column of a relationship';
		default:
			return 'a column of this table';
	}
}

/** Partitioning at billions of rows: by time for append-only data, by hash of the owner (or id) otherwise. */
function decidePartitioning(draft: TableDraft, drafts: Map<string, TableDraft>, notes: {table: string; text: string}[]): void {
	if (draft.rows < BILLIONS) return;
	const referencing = [...drafts.values()].flatMap((other) =>
		other.foreignKeys.filter((fk) => fk.refTable === draft.name).map((fk) => ({table: other.name, fk})),
	);
	const createdAt = draft.tailColumns.find((column) => column.role === 'created-at');
	const uniqueSets = [...draft.uniques.map((unique) => unique.columns), ...draft.uniqueIndexes.filter((index) => index.unique).map((index) => index.keys.map((key) => key.column))];
	if (draft.appendOnly && createdAt) {
		if (referencing.length > 0 || uniqueSets.length > 0) {
			notes.push({
				table: draft.name,
				text: `${draft.name} is append-only at billions of rows but is not partitioned by time: ${referencing.length > 0 ? `${referencing[0]!.table} references it` : 'a unique key would have to include created_at'}. Consider dropping that constraint to partition by month.`,
			});
			return;
		}
		draft.partitioning = {
			kind: 'range',
			column: 'created_at',
			interval: 'month',
			reason: 'append-only rows at billions: monthly partitions are dropped whole instead of deleted row by row, and time-range queries read only the months they need',
		};
		draft.primaryKey = ['id', 'created_at'];
		return;
	}
	const key = draft.ownerColumn ?? (draft.idColumn ? 'id' : draft.primaryKey[0]!);
	const everyUniqueHasKey = uniqueSets.every((columns) => columns.includes(key));
	const everyReferenceHasKey = referencing.every(({fk}) => fk.refColumns.includes(key));
	if (!everyUniqueHasKey || !everyReferenceHasKey) {
		notes.push({
			table: draft.name,
			text: `${draft.name} expects billions of rows but is not partitioned: a partitioned table's unique keys and referenced keys must include the partition key ${key}.`,
		});
		return;
	}
	draft.partitioning = {
		kind: 'hash',
		column: key,
		partitions: HASH_PARTITIONS,
		reason:
			key === 'id' || !draft.ownerColumn
				? `billions of rows: ${HASH_PARTITIONS} hash partitions by ${key} keep each partition's indexes and VACUUM small`
				: `billions of rows: ${HASH_PARTITIONS} hash partitions by ${key} keep one owner's rows in one partition, and queries filtered by ${key} touch one`,
	};
	if (!draft.primaryKey.includes(key)) draft.primaryKey = [key, ...draft.primaryKey];
}

/**
 * Parents before children, in the order the user gave otherwise. A cycle is broken at an optional
 * reference where there is one: required references are followed first, so the parent of a NOT
 * NULL column is always created (and seeded) before its children.
 */
function orderTables(drafts: TableDraft[]): TableDraft[] {
	const byName = new Map(drafts.map((draft) => [draft.name, draft]));
	const placed = new Set<string>();
	const ordered: TableDraft[] = [];
	const visiting = new Set<string>();
	const isRequired = (draft: TableDraft, fk: ForeignKey) => fk.columns.every((name) => !allColumns(draft).find((column) => column.name === name)?.nullable);
	const visit = (draft: TableDraft) => {
		if (placed.has(draft.name) || visiting.has(draft.name)) return;
		visiting.add(draft.name);
		const foreignKeys = [...draft.foreignKeys.filter((fk) => isRequired(draft, fk)), ...draft.foreignKeys.filter((fk) => !isRequired(draft, fk))];
		for (const fk of foreignKeys) {
			const parent = byName.get(fk.refTable);
			if (parent && parent !== draft) visit(parent);
		}
		visiting.delete(draft.name);
		placed.add(draft.name);
		ordered.push(draft);
	};
	drafts.forEach(visit);
	return ordered;
}

function finishTable(draft: TableDraft): Table {
	const columns = allColumns(draft);
	return {
		name: draft.name,
		className: className(draft.name),
		kind: draft.kind,
		comment: draft.comment,
		columns,
		primaryKey: {name: derivedName([draft.name], 'pkey'), columns: draft.primaryKey},
		uniques: draft.uniques,
		foreignKeys: draft.foreignKeys,
		checks: draft.checks,
		rows: draft.rows,
		softDelete: draft.softDelete,
		appendOnly: draft.appendOnly,
		...(draft.ownerColumn ? {ownerColumn: draft.ownerColumn} : {}),
		rowLevelSecurity: false,
		...(draft.partitioning ? {partitioning: draft.partitioning} : {}),
	};
}

function setUpdatedAtFunction(): SqlFunction {
	return {
		name: SET_UPDATED_AT,
		arguments: '',
		returns: 'trigger',
		language: 'plpgsql',
		volatility: 'volatile',
		body: ['BEGIN', '    NEW.updated_at := now();', '    RETURN NEW;', 'END;'].join('\n'),
		comment: 'Trigger function: sets updated_at to the transaction time on every UPDATE.',
	};
}

function ownerFunction(name: string, setting: string, keyType: SqlType): SqlFunction {
	return {
		name,
		arguments: '',
		returns: keyType.name,
		language: 'sql',
		volatility: 'stable',
		body: `SELECT NULLIF(current_setting('${setting}', true), '')::${keyType.name}`,
		comment: `The owner of the current transaction, from the ${setting} setting (NULL when unset: no rows are visible).`,
	};
}

function monthPartitionFunction(table: string, column: string): SqlFunction {
	return {
		name: derivedName([table, 'add', 'month', 'partition']),
		arguments: 'month date',
		returns: 'text',
		language: 'plpgsql',
		volatility: 'volatile',
		body: [
			'DECLARE',
			"    first_day date := date_trunc('month', month)::date;",
			`    partition_name text := format('%s_%s', '${table}', to_char(first_day, 'YYYY_MM'));`,
			'BEGIN',
			`    EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',`,
			`        partition_name, '${table}', first_day, (first_day + interval '1 month')::date);`,
			'    RETURN partition_name;',
			'END;',
		].join('\n'),
		comment: `Creates the partition of ${table} for the month holding the given day (by ${column}); run it ahead of time, e.g. monthly from pg_cron.`,
	};
}
