/**
 * require-not-null: columns that every row evidently needs are NOT NULL — audit timestamps
 * (created_at, updated_at), the owner column under isolation, and the columns of a unique key.
 *
 * A unique key over a nullable column holds only among rows that have a value: NULLs never collide,
 * so any number of rows may have none. When that is not meant, the column is NOT NULL (or, for "at
 * most one row without a value", PostgreSQL 15's UNIQUE NULLS NOT DISTINCT). Where the schema says
 * the NULLs are meant, the column is not reported: the key is NULLS NOT DISTINCT (NULLs collide), a
 * partial key holds only where the column has a value (`WHERE column IS NOT NULL`), or a CHECK
 * says when the column is NULL (`(plan_id IS NULL) <> (subscription_id IS NULL)`: one of two
 * parents, which NOT NULL would make impossible). Partitions are judged through their parent.
 *
 * The fix on large tables adds a CHECK (column IS NOT NULL) NOT VALID first and validates it, so
 * SET NOT NULL finds the proof and skips its full-table scan under an exclusive lock.
 */
import type {Column, Design, Table} from '../../../model/design.js';
import {MILLIONS} from '../../volume.js';
import {localName, quoteIdent, quoteTable} from '../../sql.js';
import {checkGovernsNull, freeName, isInheritedColumn, isNullsNotDistinct, predicateExcludesNull, tableIndexes} from '../design-facts.js';
import type {Rule, Violation} from '../rule.js';

/** Audit, owner and unique-key columns are NOT NULL. */
export const rule: Rule = {
	id: 'require-not-null',
	summary: 'Audit timestamps, owner columns and unique-key columns are NOT NULL.',
	defaultSeverity: 'warning',
	check(design) {
		const violations: Violation[] = [];
		for (const table of design.tables) {
			for (const column of table.columns) {
				if (!column.nullable || column.generated || isInheritedColumn(design, table, column.name)) continue;
				const found = problem(design, table, column);
				if (found) violations.push({target: `${table.name}.${column.name}`, ...found, fixSql: notNullSql(design, table, column)});
			}
		}
		return violations;
	},
};

function problem(design: Design, table: Table, column: Column): {message: string; action: string} | undefined {
	const name = `${table.name}.${column.name}`;
	const fill = `Fill the rows that have none first (UPDATE ${quoteTable(table)} SET ${quoteIdent(column.name)} = ... WHERE ${quoteIdent(column.name)} IS NULL), then make it NOT NULL.`;
	if (column.role === 'created-at' || column.role === 'updated-at') {
		const what = column.role === 'created-at' ? 'creation' : 'last-change';
		return {
			message: `${name} may be NULL: a row without a ${what} time drops out of every "newest first" list and every audit question.`,
			action: `Make it NOT NULL with DEFAULT now(). ${fill}`,
		};
	}
	if (column.name === table.ownerColumn) {
		const enforcedBy = design.isolation.enforcement === 'rls' ? 'no policy lets anyone see or change it' : "no owner's queries find it";
		return {
			message: `${name} is the owner under per-${design.isolation.mode === 'none' ? 'owner' : design.isolation.mode} isolation but may be NULL: a row without an owner belongs to nobody, and ${enforcedBy}.`,
			action: fill,
		};
	}
	if (checkGovernsNull(table, column.name)) return undefined;
	const unique = tableIndexes(design, table).find(
		(index) =>
			index.kind !== 'primary-key' &&
			index.unique &&
			// A key on an expression PostgreSQL printed may turn NULL into a value (COALESCE): only plain columns and lower() count.
			index.keys.some((key) => (!('expression' in key) || key.expression === 'lower') && key.column === column.name) &&
			!isNullsNotDistinct(index) &&
			!predicateExcludesNull(index.where, column.name),
	);
	if (unique) {
		return {
			message: `${name} is part of the unique key ${unique.name} but may be NULL: NULLs never collide, so any number of ${table.name} rows can have no ${column.name}, and the key holds only among rows that have one.`,
			action: `If every row has a ${column.name}, make it NOT NULL. If at most one row may lack it, use UNIQUE NULLS NOT DISTINCT (PostgreSQL 15+) instead. ${fill}`,
		};
	}
	return undefined;
}

function notNullSql(design: Design, table: Table, column: Column): string {
	const target = quoteTable(table);
	const name = quoteIdent(column.name);
	const isAudit = column.role === 'created-at' || column.role === 'updated-at';
	const statements = isAudit && !column.default ? [`ALTER TABLE ${target} ALTER COLUMN ${name} SET DEFAULT now();`] : [];
	if (table.rows < MILLIONS || table.partitioning) {
		statements.push(`ALTER TABLE ${target} ALTER COLUMN ${name} SET NOT NULL;`);
	} else {
		const proof = quoteIdent(freeName(design, [localName(table), column.name, 'not_null'], 'check'));
		statements.push(
			`ALTER TABLE ${target} ADD CONSTRAINT ${proof} CHECK (${name} IS NOT NULL) NOT VALID;`,
			`ALTER TABLE ${target} VALIDATE CONSTRAINT ${proof};`,
			`ALTER TABLE ${target} ALTER COLUMN ${name} SET NOT NULL;`,
			`ALTER TABLE ${target} DROP CONSTRAINT ${proof};`,
		);
	}
	return statements.join('\n');
}
