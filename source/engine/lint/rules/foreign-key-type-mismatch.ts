/**
 * foreign-key-type-mismatch: every column of a foreign key has exactly the type of the column it
 * references — the same type with the same length, precision or scale.
 *
 * An `integer` referencing a `bigint` id stops working once the parent's ids pass 2,147,483,647:
 * the child cannot store them, and inserts fail in production, years later (an error). Other
 * mismatches (a `bigint` referencing an `integer`, `varchar(51)` referencing `varchar(50)`, `text`
 * referencing `varchar`) lose nothing today but make the two columns disagree on what a value is:
 * joins and the referential checks compare across types, and the child accepts values no parent
 * can hold (a warning).
 *
 * The fix changes the child's column to the parent's type. It rewrites the table (plan it), and
 * narrowing fails while a value does not fit, which is the signal to look. A column a partition
 * copies from its parent is changed on the parent; the partition key, and a column that views
 * read, cannot change as they are (the action says what to do instead).
 */
import type {Column, Design, ForeignKey, Table} from '../../../model/design.js';
import {renderType} from '../../sql.js';
import {alterColumnTypeSql, findColumn, isInheritedColumn, typeChangeBlocker} from '../design-facts.js';
import {findTable} from '../../lookup.js';
import type {Rule, Severity, Violation} from '../rule.js';

const INTEGER_WIDTH: Readonly<Record<string, number>> = {smallint: 2, integer: 4, bigint: 8};
const INTEGER_MAX: Readonly<Record<string, string>> = {smallint: '32,767', integer: '2,147,483,647'};

interface Mismatch {
	readonly column: Column;
	readonly parent: Column;
}

/** Foreign key columns have the type of the columns they reference. */
export const rule: Rule = {
	id: 'foreign-key-type-mismatch',
	summary: 'Foreign key columns have exactly the type of the columns they reference.',
	defaultSeverity: 'error',
	check(design) {
		const violations: Violation[] = [];
		for (const table of design.tables) {
			for (const fk of table.foreignKeys) {
				const parent = findTable(design, fk.refTable);
				if (!parent) continue;
				const mismatches = fk.columns.flatMap((name, position): Mismatch[] => {
					const column = findColumn(table, name);
					const referenced = findColumn(parent, fk.refColumns[position] ?? '');
					return column && referenced && renderType(column.type) !== renderType(referenced.type) ? [{column, parent: referenced}] : [];
				});
				if (mismatches.length > 0) violations.push(finding(design, table, parent, fk, mismatches));
			}
		}
		return violations;
	},
};

function finding(design: Design, table: Table, parent: Table, fk: ForeignKey, mismatches: readonly Mismatch[]): Violation {
	const overflows = mismatches.filter(({column, parent: referenced}) => isNarrowerInteger(column, referenced));
	const severity: Severity = overflows.length > 0 ? 'error' : 'warning';
	const described = mismatches.map(({column, parent: referenced}) => `${table.name}.${column.name} is ${renderType(column.type)} but references ${parent.name}.${referenced.name}, which is ${renderType(referenced.type)}`);
	const consequence = overflows.length > 0 ? overflowConsequence(table, parent, overflows) : driftConsequence(table, parent, mismatches[0]!);
	const blockers = mismatches.map(({column}) => blocker(design, table, column.name)).filter((reason) => reason !== undefined);
	const statements = blockers.length > 0 ? undefined : mismatches.map(({column, parent: referenced}) => alterColumnTypeSql(design, table, column.name, referenced.type));
	const fixSql = statements?.every((part) => part !== undefined) ? statements.flat().join('\n') : undefined;
	const target = mismatches.map(({column, parent: referenced}) => `${column.name} to ${renderType(referenced.type)}`).join(' and ');
	return {
		target: fk.name,
		table: table.name,
		...(severity === 'error' ? {} : {severity}),
		message: `${described.join('; ')} (${fk.name}): ${consequence}.`,
		action: [
			`Change ${table.name}.${target}.`,
			`This rewrites ${table.name} under an exclusive lock: do it in a maintenance window, or add a new column, backfill it in batches and swap.`,
			...(overflows.length === mismatches.length ? [] : ['Where the new type is narrower, the change fails while a value does not fit it: the signal to look at those rows first.']),
			...blockers,
		].join(' '),
		...(fixSql ? {fixSql} : {}),
	};
}

function overflowConsequence(table: Table, parent: Table, overflows: readonly Mismatch[]): string {
	const limits = overflows.map(({column}) => `${INTEGER_MAX[column.type.name]} (${column.type.name})`).join(' and ');
	return `once ${parent.name} holds values past ${limits}, ${table.name} cannot reference them and its inserts fail`;
}

/** What a mismatch that loses nothing today costs. */
function driftConsequence(table: Table, parent: Table, {column, parent: referenced}: Mismatch): string {
	const own = renderType(column.type);
	const theirs = renderType(referenced.type);
	if (INTEGER_WIDTH[column.type.name] !== undefined && INTEGER_WIDTH[referenced.type.name] !== undefined) {
		return `${table.name}.${column.name} takes values no ${parent.name} row can have (a foreign key error instead of a type error), and its wider type costs space in every row and index for nothing`;
	}
	if (column.type.name === referenced.type.name && column.type.raw === referenced.type.raw && column.type.isArray === referenced.type.isArray) {
		return `${table.name}.${column.name} accepts values ${parent.name}.${referenced.name} can never hold (${own} against ${theirs}): such a row fails with a foreign key error instead of a clear one, and the two definitions drift apart`;
	}
	return `every referential check and join compares ${own} with ${theirs} through a cast, which can keep PostgreSQL from using the index on the other side`;
}

/** Whether the child's integer type is narrower than the parent's (so the parent's ids can outgrow it). */
function isNarrowerInteger(column: Column, parent: Column): boolean {
	const own = INTEGER_WIDTH[column.type.name];
	const theirs = INTEGER_WIDTH[parent.type.name];
	return own !== undefined && theirs !== undefined && !column.type.isArray && !parent.type.isArray && own < theirs;
}

/** Why the column's type cannot change here, or undefined. */
function blocker(design: Design, table: Table, column: string): string | undefined {
	if (isInheritedColumn(design, table, column)) return `${table.name} takes ${column} from ${table.partitionOf ?? table.inherits?.join(', ')}: change the type there.`;
	return typeChangeBlocker(design, table, column);
}
