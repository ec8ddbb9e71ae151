/**
 * require-primary-key: every table has a primary key.
 *
 * Without one, rows cannot be told apart (duplicates creep in), UPDATE and DELETE of one row need
 * a guess, logical replication cannot send updates, and ORMs such as SQLModel refuse the table.
 * Designs made by the engine always have one; designs read from an existing database carry an
 * empty column list when the table has none.
 */
import type {Table} from '../../../model/design.js';
import {identList, quoteIdent} from '../../sql.js';
import {findColumn, freeName, hasPrimaryKey} from '../design-facts.js';
import type {Rule, Violation} from '../rule.js';

/** Every table has a primary key. */
export const rule: Rule = {
	id: 'require-primary-key',
	summary: 'Every table has a primary key.',
	defaultSeverity: 'error',
	check(design) {
		return design.tables
			.filter((table) => !hasPrimaryKey(table))
			.map((table): Violation => {
				const fixSql = primaryKeySql(table, freeName(design, [table.name], 'pkey'));
				return {
					target: table.name,
					message: `${table.name} has no primary key: nothing stops two identical rows, one row cannot be updated or deleted by a reliable key, and SQLModel cannot map the table.`,
					action: keyAdvice(table),
					...(fixSql ? {fixSql} : {}),
				};
			});
	},
};

function keyAdvice(table: Table): string {
	if (findColumn(table, 'id')) return `Make ${table.name}.id the primary key (PostgreSQL checks it is NOT NULL and unique while adding it).`;
	if (table.kind === 'junction') return `Make the pair of references the primary key: it also stops the same link being stored twice.`;
	return `Add a bigint identity column id as the primary key${table.partitioning ? ', together with the partition key' : ''}.`;
}

function primaryKeySql(table: Table, name: string): string | undefined {
	const target = quoteIdent(table.name);
	const id = findColumn(table, 'id');
	if (id) {
		const columns = table.partitioning && table.partitioning.column !== 'id' ? ['id', table.partitioning.column] : ['id'];
		return `ALTER TABLE ${target} ADD CONSTRAINT ${quoteIdent(name)} PRIMARY KEY (${identList(columns)});`;
	}
	if (table.kind === 'junction' && table.foreignKeys.length > 0) {
		const columns = [...new Set(table.foreignKeys.flatMap((fk) => fk.columns))];
		return `ALTER TABLE ${target} ADD CONSTRAINT ${quoteIdent(name)} PRIMARY KEY (${identList(columns)});`;
	}
	// Identity columns on partitioned tables need PostgreSQL 17; the advice stands without SQL there.
	if (table.partitioning) return undefined;
	return `ALTER TABLE ${target} ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT ${quoteIdent(name)} PRIMARY KEY;`;
}
