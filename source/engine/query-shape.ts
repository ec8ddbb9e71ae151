/**
 * The shape of a query, read from the real PostgreSQL parser's tree: per table, which columns it
 * compares with a value (equality), with a range, with a constant (a partial index can hold just
 * those rows), and how it sorts. The index planner turns a shape into the index an expert would
 * build. Pure: it reads a parse tree, it does not parse.
 */
import type {Literal, Predicate} from '../model/design.js';

export interface QueryShape {
	readonly table: string;
	readonly equals: readonly string[];
	readonly ranges: readonly string[];
	readonly conditions: readonly Predicate[];
	readonly sort: readonly {readonly column: string; readonly descending: boolean}[];
	readonly isCount: boolean;
	readonly limit?: number;
}

type Node = Record<string, unknown>;

function child(node: unknown, key: string): Node | undefined {
	return node && typeof node === 'object' ? ((node as Node)[key] as Node | undefined) : undefined;
}

function list(node: unknown, key: string): Node[] {
	const value = node && typeof node === 'object' ? (node as Node)[key] : undefined;
	return Array.isArray(value) ? (value as Node[]) : [];
}

/** The columns of a ColumnRef, as [qualifier?, column]. */
function columnOf(node: unknown): {qualifier?: string; column: string} | undefined {
	const reference = child(node, 'ColumnRef');
	if (!reference) return undefined;
	const parts = list(reference, 'fields').map((field) => child(field, 'String')?.sval as string | undefined);
	if (parts.some((part) => part === undefined) || parts.length === 0) return undefined;
	const column = parts[parts.length - 1]!;
	return parts.length > 1 ? {qualifier: parts[parts.length - 2]!, column} : {column};
}

function constantOf(node: unknown): Literal | undefined {
	const constant = child(node, 'A_Const');
	if (!constant) {
		const cast = child(node, 'TypeCast');
		return cast ? constantOf(cast.arg) : undefined;
	}
	if (constant.sval) return (constant.sval as Node).sval as string;
	if (constant.ival) return Number((constant.ival as Node).ival ?? 0);
	if (constant.fval) return Number((constant.fval as Node).fval);
	if (constant.boolval) return Boolean((constant.boolval as Node).boolval);
	return undefined;
}

/** A value the query passes or computes (a parameter, a function of them): not a constant. */
function isValue(node: unknown): boolean {
	if (!node || typeof node !== 'object') return false;
	if (child(node, 'ParamRef') || child(node, 'FuncCall') || child(node, 'A_Const')) return true;
	const cast = child(node, 'TypeCast');
	return cast ? isValue(cast.arg) : false;
}

/**
 * The shapes of one parsed statement (a SelectStmt, UpdateStmt or DeleteStmt node), one per table
 * it filters; an empty list when it reads nothing an index could serve.
 */
export function shapesOf(statement: Node): QueryShape[] {
	const select = child(statement, 'SelectStmt');
	const update = child(statement, 'UpdateStmt');
	const remove = child(statement, 'DeleteStmt');
	const body = select ?? update ?? remove;
	if (!body) return [];
	const aliases = new Map<string, string>();
	const tables: string[] = [];
	const addRange = (node: unknown) => {
		const range = child(node, 'RangeVar');
		if (range) {
			const name = range.relname as string;
			tables.push(name);
			aliases.set(name, name);
			const alias = child(range, 'alias')?.aliasname as string | undefined;
			if (alias) aliases.set(alias, name);
			return;
		}
		const join = child(node, 'JoinExpr');
		if (join) {
			addRange(join.larg);
			addRange(join.rarg);
		}
	};
	if (select) list(select, 'fromClause').forEach(addRange);
	if (update || remove) addRange({RangeVar: child(body, 'relation')});
	if (tables.length === 0) return [];
	const shapes = new Map(tables.map((name) => [name, {equals: [] as string[], ranges: [] as string[], conditions: [] as Predicate[]}]));
	const tableOf = (reference: {qualifier?: string}) => (reference.qualifier ? aliases.get(reference.qualifier) : tables.length === 1 ? tables[0] : undefined);
	const visit = (node: unknown) => {
		const bool = child(node, 'BoolExpr');
		if (bool) {
			if (bool.boolop === 'AND_EXPR') list(bool, 'args').forEach(visit);
			if (bool.boolop === 'NOT_EXPR') {
				const reference = columnOf(list(bool, 'args')[0]);
				const table = reference && tableOf(reference);
				if (reference && table) shapes.get(table)!.conditions.push({column: reference.column, op: 'is-false'});
			}
			return;
		}
		const nullTest = child(node, 'NullTest');
		if (nullTest) {
			const reference = columnOf(nullTest.arg);
			const table = reference && tableOf(reference);
			if (reference && table) shapes.get(table)!.conditions.push({column: reference.column, op: nullTest.nulltesttype === 'IS_NULL' ? 'is-null' : 'is-not-null'});
			return;
		}
		const bare = columnOf(node);
		if (bare) {
			const table = tableOf(bare);
			if (table) shapes.get(table)!.conditions.push({column: bare.column, op: 'is-true'});
			return;
		}
		const expression = child(node, 'A_Expr');
		if (!expression) return;
		const operator = child(list(expression, 'name')[0], 'String')?.sval as string | undefined;
		let reference = columnOf(expression.lexpr);
		let other: unknown = expression.rexpr;
		if (!reference && columnOf(expression.rexpr)) {
			reference = columnOf(expression.rexpr);
			other = expression.lexpr;
		}
		const table = reference && tableOf(reference);
		if (!reference || !table) return;
		const shape = shapes.get(table)!;
		if (expression.kind === 'AEXPR_BETWEEN') shape.ranges.push(reference.column);
		else if (expression.kind === 'AEXPR_IN') shape.equals.push(reference.column);
		else if (operator === '=') {
			// Equality with another column is a join: index the column of the side being filtered.
			if (columnOf(other)) return;
			const constant = constantOf(other);
			if (constant !== undefined && !child(other, 'ParamRef')) {
				shape.conditions.push(typeof constant === 'boolean' ? {column: reference.column, op: constant ? 'is-true' : 'is-false'} : {column: reference.column, op: 'equals', value: constant});
			} else if (isValue(other)) shape.equals.push(reference.column);
		} else if (['<', '>', '<=', '>='].includes(operator ?? '') && isValue(other)) shape.ranges.push(reference.column);
	};
	visit(body.whereClause);
	const sort = select
		? list(select, 'sortClause').flatMap((entry) => {
				const by = child(entry, 'SortBy');
				const reference = columnOf(by?.node);
				return reference && tableOf(reference) === tables[0] ? [{column: reference.column, descending: by?.sortby_dir === 'SORTBY_DESC'}] : [];
			})
		: [];
	const isCount = select
		? list(select, 'targetList').some((target) => {
				const call = child(child(target, 'ResTarget')?.val, 'FuncCall');
				return (child(list(call, 'funcname')[0], 'String')?.sval as string | undefined) === 'count';
			})
		: false;
	const limit = select ? constantOf(select.limitCount) : undefined;
	return tables.flatMap((table, position) => {
		const shape = shapes.get(table)!;
		const ordered = position === 0 ? sort : [];
		if (shape.equals.length + shape.ranges.length + shape.conditions.length + ordered.length === 0) return [];
		return [
			{
				table,
				equals: [...new Set(shape.equals)],
				ranges: [...new Set(shape.ranges)].filter((column) => !shape.equals.includes(column)),
				conditions: shape.conditions,
				sort: ordered,
				isCount: isCount && position === 0,
				...(typeof limit === 'number' ? {limit} : {}),
			},
		];
	});
}
