/**
 * pg-index-health's 45 checks and what pg-designer has for each: the rule that covers it (with the
 * part of its findings that corresponds, and how a finding names its object), or why not. The
 * conformance test measures every covered check against the peer's own expectations, and
 * docs/conformance.md is rendered from its results.
 */
import type {Design} from '../../source/model/design.js';
import type {Finding} from '../../source/engine/lint/index.js';
import {serialSequence} from '../../source/engine/lint/rules/prefer-identity.js';
import {demoName, group, type DemoRowReader} from './expectations.js';

/** How a finding of the covering rule names the object the upstream check reports. */
export type ObjectKind = 'table' | 'column' | 'index' | 'constraint' | 'sequence' | 'function' | 'object' | 'index-group' | 'constraint-group';

export interface CheckMapping {
	/** The upstream diagnostic. */
	readonly id: string;
	/** Runtime checks read statistics (bloat, scans, row counts), not the schema. */
	readonly runtime: boolean;
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
	{id: 'BLOATED_INDEXES', runtime: true, reason: RUNTIME, kind: 'index'},
	{id: 'BLOATED_TABLES', runtime: true, reason: RUNTIME, kind: 'table'},
	{id: 'BTREE_INDEXES_ON_ARRAY_COLUMNS', runtime: false, rule: 'btree-array-index', kind: 'index', demo: index},
	{id: 'COLUMNS_NOT_FOLLOWING_NAMING_CONVENTION', runtime: false, rule: 'quoted-column-name', kind: 'column', demo: columnLast},
	{id: 'COLUMNS_WITHOUT_DESCRIPTION', runtime: false, rule: 'column-comment', kind: 'column', demo: columnLast},
	{id: 'COLUMNS_WITH_BLOB_TYPE', runtime: false, rule: 'large-object-column', kind: 'column', demo: columnLast},
	{id: 'COLUMNS_WITH_CHAR_TYPE', runtime: false, rule: 'prefer-text-over-char', kind: 'column', demo: columnLast},
	{
		id: 'COLUMNS_WITH_FIXED_LENGTH_VARCHAR',
		runtime: false,
		rule: 'prefer-text-field',
		kind: 'column',
		// prefer-text-field also reports varchar without a length, which is text by another name.
		accepts: (finding, design) => columnOf(design, finding.target)?.type.length !== undefined,
		demo: columnLast,
	},
	{id: 'COLUMNS_WITH_INCONSISTENT_TYPES', runtime: false, rule: 'consistent-column-types', kind: 'column', demo: columnLast},
	{id: 'COLUMNS_WITH_JSON_TYPE', runtime: false, rule: 'prefer-jsonb', kind: 'column', demo: columnLast},
	{id: 'COLUMNS_WITH_MONEY_TYPE', runtime: false, rule: 'prefer-numeric-money', kind: 'column', accepts: (finding, design) => columnOf(design, finding.target)?.type.raw === 'money', demo: columnLast},
	{
		id: 'COLUMNS_WITH_SERIAL_TYPES',
		runtime: false,
		rule: 'prefer-identity',
		kind: 'column',
		// Serial columns (a nextval default on a sequence the column owns; prefer-identity also reports other nextval defaults) other than
		// a single-column primary key, which counts here only when it is a single-column foreign key as well.
		accepts: (finding, design) =>
			design.tables.some((table) =>
				table.columns.some(
					(column) =>
						`${table.name}.${column.name}` === finding.target &&
						serialSequence(design, table, column) !== undefined &&
						!(table.primaryKey.columns.length === 1 && table.primaryKey.columns[0] === column.name && !table.foreignKeys.some((fk) => fk.columns.length === 1 && fk.columns[0] === column.name)),
				),
			),
		demo: columnSecond,
	},
	{id: 'COLUMNS_WITH_TIMESTAMP_OR_TIMETZ_TYPE', runtime: false, rule: 'prefer-timestamptz', kind: 'column', demo: columnLast},
	{id: 'DUPLICATED_FOREIGN_KEYS', runtime: false, rule: 'duplicate-foreign-key', kind: 'constraint-group', demo: constraintPair},
	{id: 'DUPLICATED_INDEXES', runtime: false, rule: 'duplicate-index', kind: 'index-group', demo: indexGroup},
	{id: 'FOREIGN_KEYS_WITHOUT_INDEX', runtime: false, rule: 'foreign-key-index', kind: 'constraint', demo: constraint},
	{id: 'FOREIGN_KEYS_WITH_NULL_VALUES', runtime: false, rule: 'nullable-composite-foreign-key', kind: 'constraint', demo: constraint},
	{id: 'FOREIGN_KEYS_WITH_UNMATCHED_COLUMN_TYPE', runtime: false, rule: 'foreign-key-type-mismatch', kind: 'constraint', demo: constraint},
	{id: 'FUNCTIONS_WITHOUT_DESCRIPTION', runtime: false, rule: 'function-comment', kind: 'function', demo: (fields) => `F:${demoName(fields[0]!)}(${fields[1] ?? ''})`},
	{id: 'INDEXES_WITH_BOOLEAN', runtime: false, rule: 'boolean-index', kind: 'index', demo: index},
	{id: 'INDEXES_WITH_NULL_VALUES', runtime: false, rule: 'nullable-index', kind: 'index', demo: index},
	{id: 'INDEXES_WITH_TIMESTAMP_IN_THE_MIDDLE', runtime: false, rule: 'timestamp-mid-index', kind: 'index', demo: index},
	{id: 'INDEXES_WITH_UNNECESSARY_WHERE_CLAUSE', runtime: false, rule: 'redundant-index-predicate', kind: 'index', demo: index},
	{id: 'INTERSECTED_FOREIGN_KEYS', runtime: false, rule: 'overlapping-foreign-keys', kind: 'constraint-group', demo: constraintPair},
	{id: 'INTERSECTED_INDEXES', runtime: false, rule: 'overlapping-indexes', kind: 'index-group', demo: indexGroup},
	{id: 'INVALID_INDEXES', runtime: false, rule: 'invalid-index', kind: 'index', demo: index},
	{id: 'NOT_VALID_CONSTRAINTS', runtime: false, rule: 'not-valid-constraint', kind: 'constraint', demo: (fields) => `K:${demoName(fields[2]!)}`},
	{id: 'OBJECTS_NOT_FOLLOWING_NAMING_CONVENTION', runtime: false, rule: 'quoted-object-name', kind: 'object', demo: object},
	{id: 'POSSIBLE_OBJECT_NAME_OVERFLOW', runtime: false, rule: 'name-length-limit', kind: 'object', demo: object},
	{id: 'PRIMARY_KEYS_THAT_MOST_LIKELY_NATURAL_KEYS', runtime: false, rule: 'natural-primary-key', kind: 'index', demo: index},
	{
		id: 'PRIMARY_KEYS_WITH_SERIAL_TYPES',
		runtime: false,
		rule: 'prefer-identity',
		kind: 'column',
		// Primary key columns that are serial (a nextval default on a sequence the column owns).
		accepts: (finding, design) =>
			isPrimaryKeyColumn(design, finding.target) &&
			design.tables.some((table) => table.columns.some((column) => `${table.name}.${column.name}` === finding.target && serialSequence(design, table, column) !== undefined)),
		demo: columnSecond,
	},
	{id: 'PRIMARY_KEYS_WITH_VARCHAR', runtime: false, rule: 'varchar-primary-key', kind: 'index', demo: index},
	{id: 'SELF_REFERENCED_FOREIGN_KEYS', runtime: false, rule: 'self-referencing-foreign-key', kind: 'constraint', demo: constraint},
	{id: 'SEQUENCE_OVERFLOW', runtime: false, rule: 'sequence-overflow', kind: 'sequence', demo: (fields) => `S:${demoName(fields[0]!)}`},
	{id: 'TABLES_NOT_LINKED_TO_OTHERS', runtime: false, rule: 'unlinked-table', kind: 'table', demo: table},
	{id: 'TABLES_WHERE_ALL_COLUMNS_NULLABLE_EXCEPT_PK', runtime: false, rule: 'all-columns-nullable', kind: 'table', demo: table},
	{id: 'TABLES_WHERE_PRIMARY_KEY_COLUMNS_NOT_FIRST', runtime: false, rule: 'primary-key-first', kind: 'table', demo: table},
	{id: 'TABLES_WITHOUT_DESCRIPTION', runtime: false, rule: 'table-comment', kind: 'table', demo: table},
	{id: 'TABLES_WITHOUT_PRIMARY_KEY', runtime: false, rule: 'require-primary-key', kind: 'table', demo: table},
	{id: 'TABLES_WITH_INCREMENTING_COLUMNS', runtime: false, rule: 'numbered-columns', kind: 'table', demo: table},
	{id: 'TABLES_WITH_INHERITANCE', runtime: false, rule: 'table-inheritance', kind: 'table', demo: table},
	{
		id: 'TABLES_WITH_MISSING_INDEXES',
		runtime: true,
		reason: `${RUNTIME}. On a live database pg-designer's [sequential-scans](rules/sequential-scans.md) rule reports the same kind of table from pg_stat_user_tables, only above 10,000 rows (the fixture's table is smaller), and \`analyze\` proposes the missing index`,
		kind: 'table',
	},
	{id: 'TABLES_WITH_NO_DATA', runtime: true, reason: RUNTIME, kind: 'table'},
	{id: 'TABLES_WITH_ZERO_OR_ONE_COLUMN', runtime: false, rule: 'too-few-columns', kind: 'table', demo: table},
	{
		id: 'UNUSED_INDEXES',
		runtime: true,
		reason: `${RUNTIME}. On a live database pg-designer's [unused-index](rules/unused-index.md) rule reports indexes with no scans since the statistics were reset; what it finds depends on the workload, so it is not measured against these fixtures`,
		kind: 'index',
	},
];

/** The column a `table.column` target names. */
export function columnOf(design: Design, target: string) {
	const dot = target.lastIndexOf('.');
	const found = design.tables.find((candidate) => candidate.name === target.slice(0, dot));
	return found?.columns.find((column) => column.name === target.slice(dot + 1));
}

function isPrimaryKeyColumn(design: Design, target: string): boolean {
	const dot = target.lastIndexOf('.');
	const found = design.tables.find((candidate) => candidate.name === target.slice(0, dot));
	return found?.primaryKey.columns.includes(target.slice(dot + 1)) ?? false;
}
