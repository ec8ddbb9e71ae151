/**
 * foreign-key-target: a foreign key references a table of the design, through columns that exist
 * on both sides, have comparable types, and form the parent's primary key or a unique constraint
 * (or a non-partial unique index on plain columns) — what PostgreSQL demands before it accepts
 * the constraint, checked before any SQL runs.
 */
import type {Design, ForeignKey, SqlType, Table} from '../../../model/design.js';
import {identList, quoteIdent, renderType} from '../../sql.js';
import {createIndexSql, findColumn, fixIndex, freeName, tableIndexes} from '../design-facts.js';
import {findTable} from '../../lookup.js';
import type {Rule, Violation} from '../rule.js';

/** Foreign keys reference existing columns that are the parent's key or unique. */
export const rule: Rule = {
	id: 'foreign-key-target',
	summary: "Foreign keys reference existing columns of the parent's primary key or a unique key.",
	defaultSeverity: 'error',
	check(design) {
		return design.tables.flatMap((table) => table.foreignKeys.flatMap((fk) => problems(design, table, fk)));
	},
};

function problems(design: Design, table: Table, fk: ForeignKey): Violation[] {
	const found = (message: string, action: string, fixSql?: string): Violation[] => [{target: fk.name, message, action, ...(fixSql ? {fixSql} : {})}];
	const from = `${table.name} (${fk.columns.join(', ')})`;
	const missing = fk.columns.filter((name) => !findColumn(table, name));
	if (missing.length > 0) {
		return found(`${fk.name} is on ${missing.map((name) => `${table.name}.${name}`).join(', ')}, which ${table.name} does not have.`, `Add the column or fix the constraint's column list.`);
	}
	const parent = findTable(design, fk.refTable);
	if (!parent) {
		return found(
			`${from} references ${fk.refTable}, which is not a table of this design: PostgreSQL refuses the foreign key.`,
			`Add ${fk.refTable} to the design, or point the foreign key at the table that holds these rows.`,
		);
	}
	if (fk.columns.length !== fk.refColumns.length) {
		return found(
			`${fk.name} has ${fk.columns.length} column(s) but references ${fk.refColumns.length}: each referencing column needs one referenced column.`,
			`List as many referenced columns of ${parent.name} as ${table.name} has referencing ones.`,
		);
	}
	const absent = fk.refColumns.filter((name) => !findColumn(parent, name));
	if (absent.length > 0) {
		return found(
			`${from} references ${absent.map((name) => `${parent.name}.${name}`).join(', ')}, which ${parent.name} does not have.`,
			`Reference ${parent.name}'s primary key (${parent.primaryKey.columns.join(', ') || 'none yet'}) or an existing unique key.`,
		);
	}
	const clashes = fk.columns.flatMap((name, position) => {
		const child = findColumn(table, name)!;
		const referenced = findColumn(parent, fk.refColumns[position]!)!;
		return family(child.type) === family(referenced.type) ? [] : [{child, referenced}];
	});
	if (clashes.length > 0) {
		return found(
			clashes.map(({child, referenced}) => `${table.name}.${child.name} is ${renderType(child.type)} but ${parent.name}.${referenced.name} is ${renderType(referenced.type)}`).join('; ') +
				': the foreign key cannot compare them, so PostgreSQL refuses it.',
			`Give ${clashes.map(({child, referenced}) => `${table.name}.${child.name} the type of ${parent.name}.${referenced.name} (${renderType(referenced.type)})`).join(', ')}.`,
		);
	}
	if (isUniqueTarget(design, parent, fk.refColumns)) return [];
	return found(
		`${from} references ${parent.name} (${fk.refColumns.join(', ')}), which is neither its primary key nor unique: a child row could match several parents, so PostgreSQL refuses the foreign key.`,
		`Reference ${parent.name}'s primary key (${parent.primaryKey.columns.join(', ') || 'none yet'}), or make (${fk.refColumns.join(', ')}) unique if it is a key of ${parent.name}.`,
		uniqueSql(design, parent, fk.refColumns),
	);
}

/** PostgreSQL matches the referenced columns, in any order, against a unique key's column set. */
function isUniqueTarget(design: Design, parent: Table, columns: readonly string[]): boolean {
	const wanted = [...columns].sort().join(',');
	return tableIndexes(design, parent).some(
		(index) =>
			index.unique &&
			index.method === 'btree' &&
			index.where.length === 0 &&
			index.keys.every((key) => !('expression' in key)) &&
			index.keys.map((key) => key.column).sort().join(',') === wanted,
	);
}

/** A unique constraint built from an index made concurrently, so the table stays writable. */
function uniqueSql(design: Design, parent: Table, columns: readonly string[]): string | undefined {
	const name = freeName(design, [parent.name, ...columns], 'key');
	const target = quoteIdent(parent.name);
	if (parent.partitioning) {
		// A unique key of a partitioned table must hold the partition key.
		if (!columns.includes(parent.partitioning.column)) return undefined;
		return `ALTER TABLE ${target} ADD CONSTRAINT ${quoteIdent(name)} UNIQUE (${identList(columns)});`;
	}
	return [
		createIndexSql(design, fixIndex({name, table: parent.name, keys: columns.map((column) => ({column})), unique: true})),
		`ALTER TABLE ${target} ADD CONSTRAINT ${quoteIdent(name)} UNIQUE USING INDEX ${quoteIdent(name)};`,
	].join('\n');
}

/** Types PostgreSQL compares in a foreign key without a cast of the user's. */
function family(type: SqlType): string {
	const base = {smallint: 'integer', integer: 'integer', bigint: 'integer', varchar: 'text', citext: 'text', text: 'text'}[type.name as string] ?? type.name;
	return type.isArray ? `${base}[]` : base;
}
