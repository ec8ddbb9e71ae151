/**
 * Access patterns → QueryPatterns: every column a pattern names is checked against the derived
 * table, the owner filter is added under isolation, and soft-deleted rows are filtered out.
 */
import type {Column, Predicate, QueryPattern, Table} from '../model/design.js';
import type {AccessPattern, Condition, Session} from '../model/session.js';
import type {SessionProblem} from './errors.js';

const UNORDERED_TYPES: ReadonlySet<string> = new Set(['jsonb', 'json', 'tsvector', 'boolean']);

/** Resolves the session's access patterns against the derived tables. */
export function resolvePatterns(
	session: Session,
	tables: readonly Table[],
): {patterns: QueryPattern[]; problems: SessionProblem[]} {
	const problems: SessionProblem[] = [];
	const patterns: QueryPattern[] = [];
	const byName = new Map(tables.map((table) => [table.name, table]));
	session.accessPatterns.forEach((pattern, index) => {
		const table = byName.get(pattern.entity);
		if (!table) return;
		const path = `accessPatterns[${index}]`;
		const before = problems.length;
		const column = (name: string, where: string, role: string): Column | undefined => {
			const found = table.columns.find((candidate) => candidate.name === name);
			if (!found) problems.push({path: `${path}.${where}`, message: missingColumn(pattern.name, role, table, name)});
			return found;
		};
		pattern.equals.forEach((name, i) => column(name, `equals[${i}]`, 'filters by'));
		pattern.ranges.forEach((name, i) => {
			const found = column(name, `ranges[${i}]`, 'filters a range of');
			if (found && (UNORDERED_TYPES.has(found.type.name) || found.type.isArray)) {
				problems.push({path: `${path}.ranges[${i}]`, message: `${pattern.name}: ${table.name}.${name} is ${found.type.name}${found.type.isArray ? '[]' : ''}, which has no useful range.`});
			}
		});
		pattern.sort.forEach((key, i) => column(key.column, `sort[${i}].column`, 'sorts by'));
		pattern.select?.forEach((name, i) => column(name, `select[${i}]`, 'returns'));
		const conditions: Predicate[] = [];
		pattern.conditions.forEach((condition, i) => {
			const found = column(condition.column, `conditions[${i}].column`, 'filters by');
			if (!found) return;
			const predicate = toPredicate(condition);
			const mismatch = conditionProblem(predicate, found, table.name);
			if (mismatch) problems.push({path: `${path}.conditions[${i}]`, message: `${pattern.name}: ${mismatch}`});
			else conditions.push(predicate);
		});
		if (problems.length > before) return;
		patterns.push(resolve(pattern, table, conditions));
	});
	return {patterns, problems};
}

function missingColumn(pattern: string, role: string, table: Table, name: string): string {
	const names = table.columns.map((column) => column.name);
	const close = names.find((candidate) => candidate === `${name}_id` || candidate === `${name}_hash`);
	const hint = close ? ` Did you mean ${close}?` : ` Columns: ${names.join(', ')}.`;
	return `${pattern} ${role} ${table.name}.${name}, which is not a column of ${table.name}.${hint}`;
}

function toPredicate(condition: Condition): Predicate {
	if ('equals' in condition) return {column: condition.column, op: 'equals', value: condition.equals};
	const ops = {null: 'is-null', 'not-null': 'is-not-null', true: 'is-true', false: 'is-false'} as const;
	return {column: condition.column, op: ops[condition.is]};
}

function conditionProblem(predicate: Predicate, column: Column, table: string): string | undefined {
	const name = `${table}.${column.name}`;
	switch (predicate.op) {
		case 'is-null':
		case 'is-not-null':
			return column.nullable ? undefined : `${name} is NOT NULL, so "${predicate.op.replaceAll('-', ' ')}" ${predicate.op === 'is-null' ? 'never matches' : 'always matches'}.`;
		case 'is-true':
		case 'is-false':
			return column.type.name === 'boolean' ? undefined : `${name} is ${column.type.name}, not boolean: compare it with equals instead.`;
		case 'equals': {
			const isNumber = ['smallint', 'integer', 'bigint', 'numeric', 'real', 'double precision'].includes(column.type.name);
			if (isNumber !== (typeof predicate.value === 'number')) {
				return `${name} is ${column.type.name}, but the condition compares it with ${JSON.stringify(predicate.value)}.`;
			}
			return undefined;
		}
	}
}

function resolve(pattern: AccessPattern, table: Table, conditions: Predicate[]): QueryPattern {
	const owner = table.ownerColumn;
	const equals = owner && !pattern.equals.includes(owner) ? [owner, ...pattern.equals] : [...pattern.equals];
	const allConditions =
		table.softDelete && !conditions.some((condition) => condition.column === 'deleted_at')
			? [...conditions, {column: 'deleted_at', op: 'is-null'} as const]
			: conditions;
	// A list without an order is paged by its key, so pages are stable and the index serves the order.
	const byKey = pattern.kind === 'list' && pattern.sort.length === 0 && table.primaryKey.columns.length === 1;
	const sort = byKey ? [{column: table.primaryKey.columns[0]!, descending: false}] : pattern.sort.map((key) => ({column: key.column, descending: key.direction === 'desc'}));
	const limit = pattern.limit ?? (pattern.kind === 'list' || pattern.kind === 'search' ? 50 : undefined);
	const select =
		pattern.kind === 'count'
			? []
			: (pattern.select ?? table.columns.filter((column) => column.type.name !== 'tsvector' && column.role !== 'password-hash').map((column) => column.name));
	return {
		name: pattern.name,
		table: table.name,
		kind: pattern.kind,
		equals,
		ranges: pattern.ranges.filter((column) => !equals.includes(column)),
		conditions: allConditions,
		sort,
		...(limit !== undefined ? {limit} : {}),
		select,
		perSecond: pattern.perSecond,
		description: pattern.description ?? describe(pattern, table, equals, allConditions),
	};
}

function describe(pattern: AccessPattern, table: Table, equals: readonly string[], conditions: readonly Predicate[]): string {
	const what = {list: `${table.name}`, count: `the number of ${table.name}`, get: `one row of ${table.name}`, search: `${table.name} matching a text search`}[pattern.kind];
	const parts = [what];
	if (equals.length > 0) parts.push(`with a given ${equals.join(' and ')}`);
	if (conditions.length > 0) {
		parts.push(
			`where ${conditions
				.map((condition) =>
					condition.op === 'equals' ? `${condition.column} = ${JSON.stringify(condition.value)}` : `${condition.column} ${condition.op.replaceAll('-', ' ')}`,
				)
				.join(' and ')}`,
		);
	}
	if (pattern.ranges.length > 0) parts.push(`in a range of ${pattern.ranges.join(', ')}`);
	if (pattern.sort.length > 0) parts.push(`by ${pattern.sort.map((key) => `${key.column}${key.direction === 'desc' ? ' descending' : ''}`).join(', ')}`);
	return parts.join(' ');
}
