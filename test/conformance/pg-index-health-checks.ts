/**
 * pg-index-health's 45 checks and what pg-designer has for each: the rule that covers it (with the
 * part of its findings that corresponds, and how a finding names its object), or why not. The
 * conformance test measures every covered check against the peer's own expectations, and
 * docs/conformance.md is rendered from its results.
 */
import type {Column, Design, Table} from '../../source/model/design.js';
import type {Finding} from '../../source/engine/lint/index.js';
import {serialSequence} from '../../source/engine/lint/rules/prefer-identity.js';
import {demoName, group, type DemoRowReader} from './expectations.js';

/** How a finding of the covering rule names the object the upstream check reports. */
export type ObjectKind = 'table' | 'column' | 'index' | 'constraint' | 'sequence' | 'function' | 'object' | 'index-group' | 'constraint-group';

export interface CheckMapping {
	/** The upstream diagnostic. */
	readonly id: string;
	/** The pg-designer rule that covers it. */
	readonly rule?: string;
	/** Why no rule covers it (when `rule` is absent). */
	readonly reason?: string;
	readonly kind: ObjectKind;
	/** Which of the rule's findings correspond to this check, when the rule reports more. */
	readonly accepts?: (finding: Finding, design: Design) => boolean;
	/** How a row of the demo's check output names its object. */
	readonly demo?: DemoRowReader;
}

const table: DemoRowReader = (fields) => `T:${demoName(fields[0]!)}`;
const columnLast: DemoRowReader = (fields) => `C:${demoName(fields[0]!)}.${demoName(fields.at(-1)!)}`;
const columnSecond: DemoRowReader = (fields) => `C:${demoName(fields[0]!)}.${demoName(fields[1]!)}`;
const index: DemoRowReader = (fields) => `I:${demoName(fields[1]!)}`;
const constraint: DemoRowReader = (fields) => `K:${demoName(fields[1]!)}`;
const constraintPair: DemoRowReader = (fields) => group([`K:${demoName(fields[1]!)}`, `K:${demoName(fields[3]!)}`]);
const indexGroup: DemoRowReader = (fields) => group([...fields[1]!.matchAll(/idx=([^,;]+)/g)].map((match) => `I:${demoName(match[1]!.trim())}`));
const object: DemoRowReader = (fields) => `O:${fields[1]}:${demoName(fields[0]!)}`;

const RUNTIME = 'runtime only: it reads statistics that depend on the data and the workload (bloat estimates, scan counts, row counts), not the schema';

export const CHECKS: readonly CheckMapping[] = [
	{id: 'BLOATED_INDEXES', reason: RUNTIME, kind: 'index'},
	{id: 'BLOATED_TABLES', reason: RUNTIME, kind: 'table'},
	{id: 'BTREE_INDEXES_ON_ARRAY_COLUMNS', rule: 'btree-array-index', kind: 'index', demo: index},
	{id: 'COLUMNS_NOT_FOLLOWING_NAMING_CONVENTION', rule: 'quoted-column-name', kind: 'column', demo: columnLast},
	{id: 'COLUMNS_WITHOUT_DESCRIPTION', rule: 'column-comment', kind: 'column', demo: columnLast},
	{id: 'COLUMNS_WITH_BLOB_TYPE', rule: 'large-object-column', kind: 'column', demo: columnLast},
	{id: 'COLUMNS_WITH_CHAR_TYPE', rule: 'prefer-text-over-char', kind: 'column', demo: columnLast},
	{
		id: 'COLUMNS_WITH_FIXED_LENGTH_VARCHAR',
		rule: 'prefer-text-field',
		kind: 'column',
		// prefer-text-field also reports varchar without a length, which is text by another name.
		accepts: (finding, design) => columnOf(design, finding.target)?.type.length !== undefined,
		demo: columnLast,
	},
	{id: 'COLUMNS_WITH_INCONSISTENT_TYPES', rule: 'consistent-column-types', kind: 'column', demo: columnLast},
	{id: 'COLUMNS_WITH_JSON_TYPE', rule: 'prefer-jsonb', kind: 'column', demo: columnLast},
	{id: 'COLUMNS_WITH_MONEY_TYPE', rule: 'prefer-numeric-money', kind: 'column', accepts: (finding, design) => columnOf(design, finding.target)?.type.raw === 'money', demo: columnLast},
	{
		id: 'COLUMNS_WITH_SERIAL_TYPES',
		rule: 'prefer-identity',
		kind: 'column',
		// Serial columns (a nextval default on a sequence the column owns; prefer-identity also reports other nextval defaults) other than
		// a single-column primary key, which counts here only when it is a single-column foreign key as well.
		accepts: (finding, design) => {
			const found = targetColumn(design, finding.target);
			if (!found || serialSequence(design, found.table, found.column) === undefined) return false;
			const {table, column} = found;
			const isLonePrimaryKey = table.primaryKey.columns.length === 1 && table.primaryKey.columns[0] === column.name;
			return !isLonePrimaryKey || table.foreignKeys.some((fk) => fk.columns.length === 1 && fk.columns[0] === column.name);
		},
		demo: columnSecond,
	},
	{id: 'COLUMNS_WITH_TIMESTAMP_OR_TIMETZ_TYPE', rule: 'prefer-timestamptz', kind: 'column', demo: columnLast},
	{id: 'DUPLICATED_FOREIGN_KEYS', rule: 'duplicate-foreign-key', kind: 'constraint-group', demo: constraintPair},
	{id: 'DUPLICATED_INDEXES', rule: 'duplicate-index', kind: 'index-group', demo: indexGroup},
	{id: 'FOREIGN_KEYS_WITHOUT_INDEX', rule: 'foreign-key-index', kind: 'constraint', demo: constraint},
	{id: 'FOREIGN_KEYS_WITH_NULL_VALUES', rule: 'nullable-composite-foreign-key', kind: 'constraint', demo: constraint},
	{id: 'FOREIGN_KEYS_WITH_UNMATCHED_COLUMN_TYPE', rule: 'foreign-key-type-mismatch', kind: 'constraint', demo: constraint},
	{id: 'FUNCTIONS_WITHOUT_DESCRIPTION', rule: 'function-comment', kind: 'function', demo: (fields) => `F:${demoName(fields[0]!)}(${fields[1] ?? ''})`},
	{id: 'INDEXES_WITH_BOOLEAN', rule: 'boolean-index', kind: 'index', demo: index},
	{id: 'INDEXES_WITH_NULL_VALUES', rule: 'nullable-index', kind: 'index', demo: index},
	{id: 'INDEXES_WITH_TIMESTAMP_IN_THE_MIDDLE', rule: 'timestamp-mid-index', kind: 'index', demo: index},
	{id: 'INDEXES_WITH_UNNECESSARY_WHERE_CLAUSE', rule: 'redundant-index-predicate', kind: 'index', demo: index},
	{id: 'INTERSECTED_FOREIGN_KEYS', rule: 'overlapping-foreign-keys', kind: 'constraint-group', demo: constraintPair},
	{id: 'INTERSECTED_INDEXES', rule: 'overlapping-indexes', kind: 'index-group', demo: indexGroup},
	{id: 'INVALID_INDEXES', rule: 'invalid-index', kind: 'index', demo: index},
	{id: 'NOT_VALID_CONSTRAINTS', rule: 'not-valid-constraint', kind: 'constraint', demo: (fields) => `K:${demoName(fields[2]!)}`},
	{id: 'OBJECTS_NOT_FOLLOWING_NAMING_CONVENTION', rule: 'quoted-object-name', kind: 'object', demo: object},
	{id: 'POSSIBLE_OBJECT_NAME_OVERFLOW', rule: 'name-length-limit', kind: 'object', demo: object},
	{id: 'PRIMARY_KEYS_THAT_MOST_LIKELY_NATURAL_KEYS', rule: 'natural-primary-key', kind: 'index', demo: index},
	{
		id: 'PRIMARY_KEYS_WITH_SERIAL_TYPES',
		rule: 'prefer-identity',
		kind: 'column',
		// Primary key columns that are serial (a nextval default on a sequence the column owns).
		accepts: (finding, design) => {
			const found = targetColumn(design, finding.target);
			return found !== undefined && found.table.primaryKey.columns.includes(found.column.name) && serialSequence(design, found.table, found.column) !== undefined;
		},
		demo: columnSecond,
	},
	{id: 'PRIMARY_KEYS_WITH_VARCHAR', rule: 'varchar-primary-key', kind: 'index', demo: index},
	{id: 'SELF_REFERENCED_FOREIGN_KEYS', rule: 'self-referencing-foreign-key', kind: 'constraint', demo: constraint},
	{id: 'SEQUENCE_OVERFLOW', rule: 'sequence-overflow', kind: 'sequence', demo: (fields) => `S:${demoName(fields[0]!)}`},
	{id: 'TABLES_NOT_LINKED_TO_OTHERS', rule: 'unlinked-table', kind: 'table', demo: table},
	{id: 'TABLES_WHERE_ALL_COLUMNS_NULLABLE_EXCEPT_PK', rule: 'all-columns-nullable', kind: 'table', demo: table},
	{id: 'TABLES_WHERE_PRIMARY_KEY_COLUMNS_NOT_FIRST', rule: 'primary-key-first', kind: 'table', demo: table},
	{id: 'TABLES_WITHOUT_DESCRIPTION', rule: 'table-comment', kind: 'table', demo: table},
	{id: 'TABLES_WITHOUT_PRIMARY_KEY', rule: 'require-primary-key', kind: 'table', demo: table},
	{id: 'TABLES_WITH_INCREMENTING_COLUMNS', rule: 'numbered-columns', kind: 'table', demo: table},
	{id: 'TABLES_WITH_INHERITANCE', rule: 'table-inheritance', kind: 'table', demo: table},
	{
		id: 'TABLES_WITH_MISSING_INDEXES',
		reason: `${RUNTIME}. On a live database pg-designer's [sequential-scans](rules/sequential-scans.md) rule reports the same kind of table from pg_stat_user_tables, only above 10,000 rows (the fixture's table is smaller), and \`analyze\` proposes the missing index`,
		kind: 'table',
	},
	{id: 'TABLES_WITH_NO_DATA', reason: RUNTIME, kind: 'table'},
	{id: 'TABLES_WITH_ZERO_OR_ONE_COLUMN', rule: 'too-few-columns', kind: 'table', demo: table},
	{
		id: 'UNUSED_INDEXES',
		reason: `${RUNTIME}. On a live database pg-designer's [unused-index](rules/unused-index.md) rule reports indexes with no scans since the statistics were reset; what it finds depends on the workload, so it is not measured against these fixtures`,
		kind: 'index',
	},
];

/** The table and column a `table.column` target names. */
function targetColumn(design: Design, target: string): {table: Table; column: Column} | undefined {
	const dot = target.lastIndexOf('.');
	const table = design.tables.find((candidate) => candidate.name === target.slice(0, dot));
	const column = table?.columns.find((candidate) => candidate.name === target.slice(dot + 1));
	return table && column ? {table, column} : undefined;
}

/** The column a `table.column` target names. */
function columnOf(design: Design, target: string): Column | undefined {
	return targetColumn(design, target)?.column;
}
