/**
 * natural-primary-key: primary keys are surrogate keys — smallint, integer, bigint (identity) or
 * uuid — not values from the data such as a code, a name, a passport number or a timestamp. Values
 * from the outside world change (a passport is reissued, a code renamed, two events share an
 * instant) and a primary key is copied into every foreign key that references it, so a change
 * rewrites rows all over the schema; text keys are also wider and slower to compare than a bigint.
 * The natural key stays unique with a UNIQUE constraint.
 *
 * A partitioned table's key must contain the partition key, so there dates and timestamps count as
 * key columns too. A partition's key cloned from its parent's is judged on the parent (introspect
 * reads only the constraints declared on a table).
 */
import type {Column, Table} from '../../../model/design.js';
import {renderType} from '../../sql.js';
import {findColumn, hasPrimaryKey} from '../design-facts.js';
import type {Rule, Violation} from '../rule.js';

const SURROGATE: ReadonlySet<string> = new Set(['smallint', 'integer', 'bigint', 'uuid']);
const PARTITION_KEYS: ReadonlySet<string> = new Set(['date', 'timestamp', 'timestamptz', 'time', 'time with time zone']);

/** Primary keys are made of surrogate columns. */
export const rule: Rule = {
	id: 'natural-primary-key',
	summary: 'Primary keys are surrogate keys (bigint identity or uuid), not values from the data; natural keys stay unique.',
	defaultSeverity: 'info',
	check(design) {
		const violations: Violation[] = [];
		for (const table of design.tables) {
			if (!hasPrimaryKey(table)) continue;
			const columns = table.primaryKey.columns.map((name) => findColumn(table, name)).filter((column) => column !== undefined);
			const natural = columns.filter((column) => !isKeyType(table, column));
			if (natural.length === 0) continue;
			violations.push(finding(table, columns, natural));
		}
		return violations;
	},
};

function typeName(column: Column): string {
	if (column.type.isArray) return renderType(column.type);
	return column.type.name === 'other' ? (column.type.raw ?? 'other') : column.type.name;
}

function isKeyType(table: Table, column: Column): boolean {
	const type = typeName(column);
	return SURROGATE.has(type) || (table.partitioning !== undefined && !table.partitionOf && PARTITION_KEYS.has(type));
}

function finding(table: Table, columns: readonly Column[], natural: readonly Column[]): Violation {
	const key = table.primaryKey;
	const described = natural.map((column) => `${column.name} (${renderType(column.type)})`).join(', ');
	const referencing = columns.length > 1 ? `(${key.columns.join(', ')})` : key.columns[0]!;
	return {
		target: key.name,
		table: table.name,
		message:
			`${key.name} on ${table.name} (${key.columns.join(', ')}) is a natural key — ${described} ${natural.length === 1 ? 'is a value' : 'are values'} from the data, not a generated id: ` +
			`such values change or repeat in the real world, and every foreign key to ${table.name} copies ${referencing}, so a change rewrites rows across the schema.`,
		action:
			`Give ${table.name} a surrogate key (id bigint GENERATED ALWAYS AS IDENTITY, or uuid) as its primary key, keep (${key.columns.join(', ')}) UNIQUE, ` +
			`and point foreign keys at the new id; if the key is truly immutable (an ISO code), keep it and suppress this finding.`,
	};
}
