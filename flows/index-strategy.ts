/**
 * Phase 3, Index strategy: the indexes the planner derived, each with the pattern it serves;
 * the user drops, keeps or adds.
 */
import type {Design} from '../source/model/design.js';
import type {Condition, IndexAddition, Session} from '../source/model/session.js';
import type {Step} from './step.js';

/** The steps of phase 3. */
export function indexSteps(_session: Session): Step[] {
	return [
		{
			id: 'review-indexes',
			phase: 3,
			kind: 'review-indexes',
			breadcrumb: 'Indexes > review',
			prompt: 'The indexes the planner derived from the access patterns and foreign keys.',
			writes: 'indexes.drop',
		},
	];
}

/** Explains the syntax of an added index. */
export const INDEX_SYNTAX = 'table (column [desc], ...) [where column is [not] null | column = value] because reason';

/**
 * Parses an index the user adds in the review: `tasks (priority, due desc) where completed_at is
 * null because the weekly report sorts by it`.
 */
export function parseIndexLine(line: string, design: Design): {ok: true; addition: IndexAddition} | {ok: false; error: string} {
	const match = /^\s*(\w+)\s*\(([^)]*)\)\s*(?:where\s+(.+?)\s+)?because\s+(.+)$/i.exec(line);
	if (!match) return {ok: false, error: `Write: ${INDEX_SYNTAX}`};
	const [, tableName, keyText, whereText, reason] = match as unknown as [string, string, string, string | undefined, string];
	const table = design.tables.find((candidate) => candidate.name === tableName);
	if (!table) return {ok: false, error: `There is no table ${tableName}. Tables: ${design.tables.map((candidate) => candidate.name).join(', ')}.`};
	const has = (name: string) => table.columns.some((column) => column.name === name);
	const columns: IndexAddition['columns'] = [];
	for (const part of keyText.split(',').map((text) => text.trim()).filter(Boolean)) {
		const [name, direction] = part.split(/\s+/) as [string, string | undefined];
		if (!has(name)) return {ok: false, error: `${tableName} has no column ${name}.`};
		if (direction && !/^(asc|desc)$/i.test(direction)) return {ok: false, error: `"${direction}" after ${name}: write asc or desc.`};
		columns.push(direction ? {column: name, direction: direction.toLowerCase() as 'asc' | 'desc'} : name);
	}
	if (columns.length === 0) return {ok: false, error: 'Name at least one column between the brackets.'};
	const where: Condition[] = [];
	if (whereText) {
		const condition = /^(\w+)\s+is\s+(not\s+)?null$/i.exec(whereText) ?? /^(\w+)\s*=\s*'?([^']*)'?$/.exec(whereText);
		if (!condition) return {ok: false, error: 'The condition is "column is null", "column is not null" or "column = value".'};
		const [, column, value] = condition as unknown as [string, string, string | undefined];
		if (!has(column)) return {ok: false, error: `${tableName} has no column ${column}.`};
		if (/is/i.test(whereText)) where.push({column, is: value ? 'not-null' : 'null'});
		else where.push({column, equals: /^-?\d+(\.\d+)?$/.test(value ?? '') ? Number(value) : (value ?? '')});
	}
	return {ok: true, addition: {entity: tableName, columns, unique: false, include: [], where, method: 'btree', reason: reason.trim()}};
}
