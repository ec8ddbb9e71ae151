/**
 * Sorting the statements of an existing schema for `import`. The tables the Design model can
 * represent are read back from the catalog after the whole script ran (so the final state of every
 * ALTER counts); everything else is kept verbatim, in its original order, before or after the
 * tables; session settings, owners and data are left out on purpose. Every statement ends up in
 * exactly one place, with its line, so nothing disappears without a word.
 */
import {relationKey} from '../engine/sql.js';
import type {ParsedStatement} from './statements.js';

/**
 * model: represented by the Design (read from the catalog); before / after: kept verbatim before or
 * after the tables; after-indexes: kept verbatim after the indexes (it names one); ignored: left out.
 */
export type Placement = 'model' | 'before' | 'after' | 'after-indexes' | 'ignored';

export interface SortedStatement {
	readonly line: number;
	readonly text: string;
	/** What the statement is, for the report: "function", "view", "grant" ... */
	readonly kind: string;
	readonly placement: Placement;
	/** Why it was left out (ignored statements only). */
	readonly reason?: string;
	/** Whether the import runs it in the throwaway database. */
	readonly apply: boolean;
	/** Running it twice changes nothing, so a migration needs no guard around it. */
	readonly idempotent: boolean;
}

export interface ImportPlan {
	readonly statements: readonly SortedStatement[];
	/** Tables the model represents, by relationKey (`name` in public, `schema.name` elsewhere). */
	readonly modelTables: ReadonlySet<string>;
}

type Node = Readonly<Record<string, unknown>>;
interface RangeVar {
	readonly schemaname?: string;
	readonly relname?: string;
	readonly relpersistence?: string;
}

const LABELS: Readonly<Record<string, string>> = {
	AlterDomainStmt: 'domain change',
	AlterEnumStmt: 'enum change',
	AlterFunctionStmt: 'function change',
	AlterSeqStmt: 'sequence change',
	AlterTableStmt: 'table change',
	CommentStmt: 'comment',
	CompositeTypeStmt: 'composite type',
	CreateCastStmt: 'cast',
	CreateDomainStmt: 'domain',
	CreateEnumStmt: 'enum type',
	CreateExtensionStmt: 'extension',
	CreateFunctionStmt: 'function',
	CreatePolicyStmt: 'policy',
	CreateRangeStmt: 'range type',
	CreateSchemaStmt: 'schema',
	CreateSeqStmt: 'sequence',
	CreateStmt: 'table',
	CreateTableAsStmt: 'materialized view',
	CreateTrigStmt: 'trigger',
	GrantRoleStmt: 'role grant',
	GrantStmt: 'grant',
	IndexStmt: 'index',
	RuleStmt: 'rule',
	ViewStmt: 'view',
};

/** Statement types whose objects other objects (tables, columns, defaults) may need first. */
const BEFORE = new Set([
	'CreateExtensionStmt',
	'CreateSchemaStmt',
	'CreateEnumStmt',
	'AlterEnumStmt',
	'CompositeTypeStmt',
	'CreateRangeStmt',
	'CreateDomainStmt',
	'AlterDomainStmt',
	'DefineStmt',
	'CreateCastStmt',
	'CreateOpClassStmt',
	'CreateOpFamilyStmt',
	'CreateConversionStmt',
	'CreateFunctionStmt',
	'AlterFunctionStmt',
	'CreateSeqStmt',
	'CreateFdwStmt',
	'CreateForeignServerStmt',
]);

/** ALTER TABLE actions whose result the catalog shows and the model renders. */
const REPRESENTED_ACTIONS = new Set([
	'AT_AddColumn',
	'AT_DropColumn',
	'AT_AlterColumnType',
	'AT_ColumnDefault',
	'AT_SetNotNull',
	'AT_DropNotNull',
	'AT_AddIdentity',
	'AT_SetIdentity',
	'AT_DropIdentity',
	'AT_AddConstraint',
	'AT_DropConstraint',
	'AT_ValidateConstraint',
	'AT_EnableRowSecurity',
	'AT_DisableRowSecurity',
	'AT_ForceRowSecurity',
	'AT_NoForceRowSecurity',
	'AT_ChangeOwner',
]);

/** Comment targets that exist before the tables do. */
const EARLY_OBJECTS = new Set([
	'OBJECT_EXTENSION',
	'OBJECT_SCHEMA',
	'OBJECT_TYPE',
	'OBJECT_DOMAIN',
	'OBJECT_FUNCTION',
	'OBJECT_PROCEDURE',
	'OBJECT_AGGREGATE',
	'OBJECT_SEQUENCE',
	'OBJECT_COLLATION',
]);

const OWNER_REASON = 'owners are not imported: what the export creates belongs to whoever applies it';
const DATA_REASON = 'data and queries are not part of the schema';

/** Sorts every statement of a script. */
export function planImport(statements: readonly ParsedStatement[]): ImportPlan {
	const modelTables = findModelTables(statements);
	const modelIndexes = new Set<string>();
	for (const {node} of statements) {
		const index = node['IndexStmt'] as {idxname?: string; relation?: RangeVar} | undefined;
		if (index?.idxname && index.relation && inModel(index.relation, modelTables)) modelIndexes.add(relationKey(index.relation.schemaname ?? 'public', index.idxname));
	}
	const relations = relationsCreated(statements);
	const sorted = statements.map((statement) => sortStatement(statement, modelTables, modelIndexes, relations));
	return {statements: sorted, modelTables};
}

/** Plain, permanent tables of any schema, neither partitioned nor a partition nor inheriting. */
function findModelTables(statements: readonly ParsedStatement[]): Set<string> {
	const tables = new Set<string>();
	for (const {node} of statements) {
		const create = node['CreateStmt'] as (Node & {relation?: RangeVar}) | undefined;
		if (!create?.relation?.relname) continue;
		const plain =
			create.relation.relpersistence === 'p' && !create['inhRelations'] && !create['partbound'] && !create['partspec'] && !create['ofTypename'];
		if (plain) tables.add(keyOf(create.relation));
	}
	for (const {node} of statements) {
		const alter = alterTable(node);
		for (const command of alter?.cmds ?? []) {
			// A table attached as a partition or made to inherit later is not a plain table either.
			if (command.subtype === 'AT_AttachPartition') {
				const name = (command.def?.['PartitionCmd'] as {name?: RangeVar} | undefined)?.name;
				if (name?.relname) tables.delete(keyOf(name));
			}
			if (command.subtype === 'AT_AddInherit' && alter?.relation?.relname) tables.delete(keyOf(alter.relation));
		}
	}
	return tables;
}

/** Names of the relations (tables, views, types) the script creates: a function returning one of them must come after the tables. */
function relationsCreated(statements: readonly ParsedStatement[]): Set<string> {
	const names = new Set<string>();
	for (const {node} of statements) {
		const relation =
			(node['CreateStmt'] as {relation?: RangeVar} | undefined)?.relation ??
			(node['ViewStmt'] as {view?: RangeVar} | undefined)?.view ??
			(node['CreateTableAsStmt'] as {into?: {rel?: RangeVar}} | undefined)?.into?.rel;
		if (relation?.relname) names.add(relation.relname);
	}
	return names;
}

function sortStatement(statement: ParsedStatement, modelTables: ReadonlySet<string>, modelIndexes: ReadonlySet<string>, relations: ReadonlySet<string>): SortedStatement {
	const [type = 'unknown', body = {}] = Object.entries(statement.node)[0] ?? [];
	const node = body as Node;
	const defined = type === 'DefineStmt' ? (node['kind'] as string | undefined)?.replace(/^OBJECT_/, '').replaceAll('_', ' ').toLowerCase() : undefined;
	const kind = defined ?? LABELS[type] ?? type.replace(/Stmt$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
	const base = {line: statement.line, text: statement.text, kind};
	const ignored = (reason: string, apply: boolean): SortedStatement => ({...base, placement: 'ignored', reason, apply, idempotent: true});
	const kept = (placement: Placement, idempotent = false): SortedStatement => ({...base, placement, apply: true, idempotent});

	switch (type) {
		case 'VariableSetStmt':
			return ignored('a session setting for running the script, not part of the schema', true);
		case 'SelectStmt':
			return isSetConfig(node) ? ignored('a session setting for running the script, not part of the schema', true) : ignored(DATA_REASON, false);
		case 'InsertStmt':
		case 'UpdateStmt':
		case 'DeleteStmt':
		case 'CopyStmt':
		case 'TruncateStmt':
			return ignored(DATA_REASON, false);
		case 'TransactionStmt':
			return ignored('the import runs the script statement by statement', false);
		case 'AlterOwnerStmt':
			return ignored(OWNER_REASON, false);
		case 'DropStmt':
			return ignored('a drop in a schema script clears the way for what follows; the import starts from an empty database', true);
		case 'CreateSchemaStmt':
			return (node['schemaname'] as string | undefined) === 'public' ? ignored('the public schema exists in every database', false) : kept('before');
		case 'CreateStmt': {
			const relation = node['relation'] as RangeVar | undefined;
			return inModel(relation, modelTables) ? kept('model') : kept('after');
		}
		case 'AlterTableStmt':
			return sortAlterTable(node, modelTables, modelIndexes, kept, ignored);
		case 'RenameStmt': {
			const relation = node['relation'] as RangeVar | undefined;
			return inModel(relation, modelTables) ? kept('model') : kept('after');
		}
		case 'IndexStmt':
			return inModel(node['relation'] as RangeVar, modelTables) ? kept('model') : kept('after');
		case 'CreateTrigStmt':
			return inModel(node['relation'] as RangeVar, modelTables) ? kept('model') : kept('after');
		case 'CreatePolicyStmt':
			return inModel(node['table'] as RangeVar, modelTables) ? kept('model') : kept('after');
		case 'CommentStmt':
			return sortComment(node, modelTables, modelIndexes, kept, ignored);
		case 'CreateFunctionStmt':
			return kept(returnsRelation(node, relations) ? 'after' : 'before', node['replace'] === true);
		case 'AlterSeqStmt':
		case 'GrantStmt':
		case 'GrantRoleStmt':
		case 'AlterDefaultPrivilegesStmt':
			return kept('after', true);
		default:
			return kept(BEFORE.has(type) ? 'before' : 'after');
	}
}

function sortAlterTable(
	node: Node,
	modelTables: ReadonlySet<string>,
	modelIndexes: ReadonlySet<string>,
	kept: (placement: Placement) => SortedStatement,
	ignored: (reason: string, apply: boolean) => SortedStatement,
): SortedStatement {
	const alter = node as {relation?: RangeVar; objtype?: string; cmds?: readonly AlterCommand[]};
	const commands = (alter.cmds ?? []).map((command) => (command as unknown as {AlterTableCmd: AlterCommand}).AlterTableCmd ?? command);
	if (commands.length > 0 && commands.every((command) => command.subtype === 'AT_ChangeOwner')) return ignored(OWNER_REASON, false);
	const objtype = alter.objtype ?? 'OBJECT_TABLE';
	if (objtype === 'OBJECT_INDEX') return alter.relation?.relname && modelIndexes.has(keyOf(alter.relation)) ? kept('after-indexes') : kept('after');
	// A foreign key may reference columns unique only through an index of indexes.sql.
	const addsForeignKey = commands.some(
		(command) => command.subtype === 'AT_AddConstraint' && (command.def?.['Constraint'] as {contype?: string} | undefined)?.contype === 'CONSTR_FOREIGN',
	);
	if (objtype !== 'OBJECT_TABLE' || !inModel(alter.relation, modelTables)) return addsForeignKey && objtype === 'OBJECT_TABLE' ? kept('after-indexes') : kept('after');
	const represented = commands.every(
		(command) => REPRESENTED_ACTIONS.has(command.subtype ?? '') && (command.def?.['Constraint'] as {contype?: string} | undefined)?.contype !== 'CONSTR_EXCLUSION',
	);
	if (represented) return kept('model');
	// CLUSTER ON names an index, which exists only once indexes.sql ran.
	return commands.some((command) => command.subtype === 'AT_ClusterOn') ? kept('after-indexes') : kept('after');
}

function sortComment(
	node: Node,
	modelTables: ReadonlySet<string>,
	modelIndexes: ReadonlySet<string>,
	kept: (placement: Placement, idempotent?: boolean) => SortedStatement,
	ignored: (reason: string, apply: boolean) => SortedStatement,
): SortedStatement {
	const objtype = node['objtype'] as string | undefined;
	const names = objectNames(node['object']);
	if (objtype === 'OBJECT_EXTENSION' && names.at(-1) === 'plpgsql') return ignored('plpgsql comes with every database', false);
	if (objtype === 'OBJECT_TABLE' && modelTables.has(nameKey(names, 1))) return kept('model', true);
	if (objtype === 'OBJECT_COLUMN' && modelTables.has(nameKey(names, 2))) return kept('model', true);
	if (objtype === 'OBJECT_INDEX' && modelIndexes.has(nameKey(names, 1))) return kept('after-indexes', true);
	return kept(EARLY_OBJECTS.has(objtype ?? '') ? 'before' : 'after', true);
}

interface AlterCommand {
	readonly subtype?: string;
	readonly def?: Node;
}

function alterTable(node: Node): {relation?: RangeVar; cmds: AlterCommand[]} | undefined {
	const alter = node['AlterTableStmt'] as {relation?: RangeVar; cmds?: readonly {AlterTableCmd?: AlterCommand}[]} | undefined;
	if (!alter) return undefined;
	return {relation: alter.relation, cmds: (alter.cmds ?? []).map((command) => command.AlterTableCmd ?? {})};
}

/** The relationKey of a relation a statement names; without a schema it is taken to be public. */
function keyOf(relation: RangeVar): string {
	return relationKey(relation.schemaname ?? 'public', relation.relname ?? '');
}

/**
 * The relationKey of the relation in a dotted object name whose last `parts` names are the
 * relation's own (table; or table and column), a schema before them when written.
 */
function nameKey(names: readonly string[], parts: number): string {
	if (names.length === parts + 1) return relationKey(names[0]!, names[1]!);
	return names.length === parts ? relationKey('public', names[0]!) : '';
}

function inModel(relation: RangeVar | undefined, modelTables: ReadonlySet<string>): boolean {
	return relation?.relname !== undefined && modelTables.has(keyOf(relation));
}

/** The dotted name of a comment's object, whatever node shape the parser gave it. */
function objectNames(object: unknown): string[] {
	const strings: string[] = [];
	const visit = (value: unknown) => {
		if (Array.isArray(value)) value.forEach(visit);
		else if (value && typeof value === 'object') {
			const record = value as Record<string, unknown>;
			if (typeof record['sval'] === 'string' && Object.keys(record).length === 1) strings.push(record['sval']);
			else Object.values(record).forEach(visit);
		}
	};
	visit(object);
	return strings;
}

function isSetConfig(node: Node): boolean {
	return JSON.stringify(node['targetList'] ?? []).includes('"sval":"set_config"');
}

/** Whether a function's arguments or result name a relation the script creates (its row type exists only with the table). */
function returnsRelation(node: Node, relations: ReadonlySet<string>): boolean {
	const signature = JSON.stringify([node['returnType'], node['parameters']]);
	return [...relations].some((name) => signature.includes(`"sval":${JSON.stringify(name)}`));
}
