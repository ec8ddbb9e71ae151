/**
 * prefer-bigint-keys: key columns of large tables are bigint (Squawk's prefer-bigint-over-int and
 * prefer-bigint-over-smallint, narrowed to keys). integer stops at 2,147,483,647 and smallint at
 * 32,767, and ids run out faster than rows: rolled-back inserts and deleted rows keep theirs.
 * Widening a key later rewrites the table and all its indexes under an exclusive lock, and every
 * referencing column needs the same. bigint costs 4 bytes more per row.
 *
 * Reported as a warning for integer or smallint primary and foreign key columns of tables expected
 * to hold 1,000,000 rows or more, and as information for any other integer primary key. A column
 * of a composite primary key that is neither generated (identity, sequence) nor a reference to
 * another table counts its rows within the others — a position in a list (sequence_id), a version
 * — and nothing hands out its values, so it is not reported.
 */
import type {Column, Design, Table} from '../../../model/design.js';
import {MILLIONS} from '../../volume.js';
import {quoteTable} from '../../sql.js';
import {alterColumnTypeSql, approximately, findColumn} from '../design-facts.js';
import type {Rule, Violation} from '../rule.js';

const LIMITS = {smallint: '32,767', integer: '2,147,483,647'} as const;

/** Primary and foreign key columns of large tables are bigint. */
export const rule: Rule = {
	id: 'prefer-bigint-keys',
	summary: 'Primary and foreign key columns are bigint on tables of a million rows or more.',
	defaultSeverity: 'warning',
	check(design) {
		const violations: Violation[] = [];
		for (const table of design.tables) {
			const isLarge = table.rows >= MILLIONS;
			const keyColumns = new Set([...table.primaryKey.columns, ...(isLarge ? table.foreignKeys.flatMap((fk) => fk.columns) : [])]);
			for (const name of keyColumns) {
				const column = findColumn(table, name);
				if (!column || column.type.isArray || (column.type.name !== 'integer' && column.type.name !== 'smallint') || isOrdinal(table, column)) continue;
				const fixSql = bigintSql(design, table, column);
				violations.push({
					target: `${table.name}.${column.name}`,
					message:
						`${table.name}.${column.name} is a ${table.primaryKey.columns.includes(name) ? 'primary' : 'foreign'} key of type ${column.type.name}, which stops at ${LIMITS[column.type.name]}` +
						(isLarge ? ` — on a table expected to hold ${approximately(table.rows)} rows, and ids run out faster than rows (rolled-back inserts keep theirs).` : '.') +
						` Widening it later rewrites ${table.name} and its indexes under an exclusive lock.`,
					action: `Make it bigint now (4 more bytes per row)${referencing(design, table, column)}.`,
					...(fixSql ? {fixSql} : {}),
					...(isLarge ? {} : {severity: 'info' as const}),
				});
			}
		}
		return violations;
	},
};

function referencing(design: Design, table: Table, column: Column): string {
	const columns = design.tables.flatMap((other) =>
		other.foreignKeys
			.filter((fk) => fk.refTable === table.name && fk.refColumns.includes(column.name))
			.map((fk) => `${other.name}.${fk.columns[fk.refColumns.indexOf(column.name)]}`),
	);
	return columns.length > 0 ? `, and the columns that reference it (${columns.join(', ')})` : '';
}

function bigintSql(design: Design, table: Table, column: Column): string | undefined {
	const alter = alterColumnTypeSql(design, table, column.name, {name: 'bigint'});
	if (!alter) return undefined;
	// A serial-style sequence is integer-typed itself; an identity sequence follows its column.
	const sequence =
		column.default?.kind === 'nextval' ? [`ALTER SEQUENCE ${quoteTable({name: column.default.sequence, ...(column.default.schema ? {schema: column.default.schema} : {})})} AS bigint;`] : [];
	return [...alter, ...sequence].join('\n');
}

/** A column of a composite primary key that nothing generates and that references nothing: a position or a number within the rest of the key. */
function isOrdinal(table: Table, column: Column): boolean {
	if (table.primaryKey.columns.length < 2 || !table.primaryKey.columns.includes(column.name)) return false;
	const isGenerated = column.identity !== undefined || column.default?.kind === 'nextval';
	return !isGenerated && !table.foreignKeys.some((fk) => fk.columns.includes(column.name));
}
