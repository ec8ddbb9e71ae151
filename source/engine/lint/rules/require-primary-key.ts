/**
 * require-primary-key: every table has a primary key.
 *
 * Without one, rows cannot be told apart (duplicates creep in), UPDATE and DELETE of one row need
 * a guess, logical replication cannot send updates, and ORMs such as SQLModel refuse the table.
 * Designs made by the engine always have one; designs read from an existing database carry an
 * empty column list when the table has none.
 *
 * A partition has the key of the partitioned table it belongs to (PostgreSQL adds it to every
 * partition), so it is reported only when neither it nor any table above it has one; its key is
 * then best added on the partitioned table, which reaches every partition at once.
 */
import type {Column, Design, Table} from '../../../model/design.js';
import {identList, quoteIdent, quoteTable} from '../../sql.js';
import {findColumn, hasPrimaryKey} from '../design-facts.js';
import {freeLocalName, partitionAncestors} from '../foreign-key-facts.js';
import type {Rule, Violation} from '../rule.js';

/** Every table has a primary key. */
export const rule: Rule = {
	id: 'require-primary-key',
	summary: 'Every table has a primary key.',
	defaultSeverity: 'error',
	check(design) {
		return design.tables
			.filter((table) => !hasPrimaryKey(table) && !partitionAncestors(design, table).some(hasPrimaryKey))
			.map((table): Violation => {
				const fixSql = table.partitionOf === undefined ? primaryKeySql(design, table, freeLocalName(design, table, [], 'pkey')) : undefined;
				return {
					target: table.name,
					message: `${table.name} has no primary key: nothing stops two identical rows, one row cannot be updated or deleted by a reliable key, and SQLModel cannot map the table.`,
					action: keyAdvice(design, table),
					...(fixSql ? {fixSql} : {}),
				};
			});
	},
};

function keyAdvice(design: Design, table: Table): string {
	if (table.partitionOf !== undefined) {
		const root = partitionAncestors(design, table).at(-1)?.name ?? table.partitionOf;
		return `Add the primary key to ${root}, with its partition key: PostgreSQL adds it to every partition, ${table.name} included.`;
	}
	const key = keyColumn(table);
	const partitionKey = partitionKeyColumns(design, table).filter((column) => column !== key?.name);
	const withPartitionKey = partitionKey.length > 0 ? `, together with the partition key (${partitionKey.join(', ')}) that PostgreSQL requires in it` : '';
	if (key) return `Make ${table.name}.${key.name} the primary key${key.name === 'id' ? '' : ' (it is an identity column)'}${withPartitionKey}: PostgreSQL checks it is NOT NULL and unique while adding it.`;
	if (table.kind === 'junction') return `Make the pair of references the primary key: it also stops the same link being stored twice.`;
	return `Add a bigint identity column id as the primary key${withPartitionKey}.`;
}

function primaryKeySql(design: Design, table: Table, name: string): string | undefined {
	const target = quoteTable(table);
	const key = keyColumn(table);
	if (key) {
		const columns = [...new Set([key.name, ...partitionKeyColumns(design, table)])];
		return `ALTER TABLE ${target} ADD CONSTRAINT ${quoteIdent(name)} PRIMARY KEY (${identList(columns)});`;
	}
	if (table.kind === 'junction' && table.foreignKeys.length > 0) {
		const columns = [...new Set([...table.foreignKeys.flatMap((fk) => fk.columns), ...partitionKeyColumns(design, table)])];
		return `ALTER TABLE ${target} ADD CONSTRAINT ${quoteIdent(name)} PRIMARY KEY (${identList(columns)});`;
	}
	// Identity columns on partitioned tables need PostgreSQL 17; the advice stands without SQL there.
	if (table.partitioning) return undefined;
	return `ALTER TABLE ${target} ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT ${quoteIdent(name)} PRIMARY KEY;`;
}

/** The column that is the key already in all but name: one called id, or the table's only identity column. */
function keyColumn(table: Table): Column | undefined {
	const identities = table.columns.filter((column) => column.identity !== undefined);
	return findColumn(table, 'id') ?? (identities.length === 1 ? identities[0] : undefined);
}

/**
 * The columns a key of a partitioned table must include: its partition key and those of the
 * partitions that are partitioned in turn (PostgreSQL adds the key to each of them).
 */
function partitionKeyColumns(design: Design, table: Table): string[] {
	if (!table.partitioning) return [];
	const own = table.partitioning.column.split(',').map((column) => column.trim()).filter(Boolean);
	const below = design.tables.filter((candidate) => candidate.partitionOf === table.name).flatMap((partition) => partitionKeyColumns(design, partition));
	return [...own, ...below].filter((column) => findColumn(table, column) !== undefined);
}
