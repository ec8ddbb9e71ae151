/**
 * A canonical text picture of everything a design can create in a database: relations, columns,
 * constraints, indexes, triggers, functions, policies, sequences, types, extensions, comments and
 * grants — one sorted line per fact. Two snapshots are equal exactly when the schemas are.
 * It stands in for comparing pg_dump output, which the embedded database does not have.
 */
import type {Database} from './database.js';

/**
 * The queries, for the objects `scope` admits: the current schema, and with `all` every schema of
 * the user's (an imported design may have tables in several); names outside the current schema are
 * written with theirs.
 */
function queries(all: boolean): string[] {
	const scope = (column: string) => `(${column} = current_schema() OR (${all} AND ${column} NOT IN ('pg_catalog', 'information_schema') AND ${column} !~ '^pg_'))`;
	const prefix = (column: string) => `CASE WHEN ${column} = current_schema() THEN '' ELSE ${column} || '.' END`;
	return [
	`SELECT 'schema ' || n.nspname AS line FROM pg_namespace n WHERE ${all} AND n.nspname <> current_schema() AND ${scope('n.nspname')}`,
	`SELECT 'relation ' || CASE WHEN c.relkind = 'i' AND c.relispartition THEN '(index on ' || (SELECT x.indrelid::regclass::text FROM pg_index x WHERE x.indexrelid = c.oid) || ')' ELSE ${prefix('n.nspname')} || c.relname END
		|| ' kind=' || c.relkind::text || ' persistence=' || c.relpersistence::text
		|| CASE WHEN c.relrowsecurity THEN ' rls' ELSE '' END || CASE WHEN c.relforcerowsecurity THEN ' force-rls' ELSE '' END
		|| coalesce(' bound=' || pg_get_expr(c.relpartbound, c.oid), '')
		|| coalesce(' acl=' || c.relacl::text, '')
		|| coalesce(' comment=' || obj_description(c.oid, 'pg_class'), '') AS line
	FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
	WHERE ${scope('n.nspname')} AND c.relkind <> 'c'`,
	`SELECT 'column ' || ${prefix('n.nspname')} || c.relname || '.' || a.attname || ' #' || row_number() OVER (PARTITION BY c.oid ORDER BY a.attnum) || ' ' || format_type(a.atttypid, a.atttypmod)
		|| CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
		|| coalesce(' default=' || pg_get_expr(d.adbin, d.adrelid), '')
		|| CASE WHEN a.attidentity <> '' THEN ' identity=' || a.attidentity::text ELSE '' END
		|| CASE WHEN a.attgenerated <> '' THEN ' generated=' || a.attgenerated::text ELSE '' END
		|| coalesce(' comment=' || col_description(c.oid, a.attnum), '') AS line
	FROM pg_attribute a
	JOIN pg_class c ON c.oid = a.attrelid
	JOIN pg_namespace n ON n.oid = c.relnamespace
	LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
	WHERE ${scope('n.nspname')} AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND a.attnum > 0 AND NOT a.attisdropped`,
	// Constraints and indexes a partition inherits are named by PostgreSQL when they are made: a
	// rename of the parent's leaves theirs as they were. Their definitions count, not their names.
	`SELECT 'constraint ' || c.conrelid::regclass::text || ' ' || CASE WHEN t.relispartition AND c.conparentid <> 0 THEN '(inherited)' ELSE c.conname END
		|| ' ' || pg_get_constraintdef(c.oid) || coalesce(' comment=' || obj_description(c.oid, 'pg_constraint'), '') AS line
	FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace LEFT JOIN pg_class t ON t.oid = c.conrelid
	WHERE ${scope('n.nspname')}`,
	`SELECT 'index ' || CASE WHEN c.relispartition THEN regexp_replace(pg_get_indexdef(i.indexrelid), '^(CREATE (UNIQUE )?INDEX )\\S+', '\\1(inherited)') ELSE pg_get_indexdef(i.indexrelid) END
		|| CASE WHEN i.indisvalid THEN '' ELSE ' INVALID' END AS line
	FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
	WHERE ${scope('n.nspname')}`,
	`SELECT 'trigger ' || pg_get_triggerdef(t.oid) || coalesce(' comment=' || obj_description(t.oid, 'pg_trigger'), '') AS line
	FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
	WHERE ${scope('n.nspname')} AND NOT t.tgisinternal`,
	`SELECT 'function ' || p.oid::regprocedure::text || ' ' || md5(pg_get_functiondef(p.oid))
		|| coalesce(' comment=' || obj_description(p.oid, 'pg_proc'), '') AS line
	FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
	WHERE ${scope('n.nspname')} AND p.prokind IN ('f', 'p')
		AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')`,
	`SELECT 'policy ' || ${prefix('schemaname')} || tablename || ' ' || policyname || ' ' || cmd || ' ' || permissive || ' roles=' || roles::text
		|| ' using=' || coalesce(qual, '') || ' check=' || coalesce(with_check, '') AS line
	FROM pg_policies WHERE ${scope('schemaname')}`,
	`SELECT 'sequence ' || ${prefix('schemaname')} || sequencename || ' ' || data_type::text || ' start=' || start_value || ' increment=' || increment_by AS line
	FROM pg_sequences WHERE ${scope('schemaname')}`,
	`SELECT 'type ' || ${prefix('n.nspname')} || t.typname || ' ' || t.typtype::text AS line
	FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
	WHERE ${scope('n.nspname')} AND t.typtype IN ('e', 'd', 'r', 'm')`,
	`SELECT 'extension ' || extname AS line FROM pg_extension WHERE extname <> 'plpgsql'`,
];
}

/**
 * Reads the snapshot of a throwaway database: every schema of the user's; in a throwaway schema (a
 * server without CREATEDB) only that schema, the current one.
 */
export async function snapshot(db: Database): Promise<string[]> {
	const lines: string[] = [];
	for (const query of queries(db.scope !== 'schema')) {
		const rows = await db.query<{line: string | null}>(query);
		for (const row of rows) if (row.line !== null) lines.push(row.line);
	}
	return lines.sort();
}

/** Lines in one snapshot and not the other, as `- only before` / `+ only after` (empty when equal). */
export function snapshotDifference(before: readonly string[], after: readonly string[], limit = 12): string[] {
	const beforeSet = new Set(before);
	const afterSet = new Set(after);
	const lines = [
		...before.filter((line) => !afterSet.has(line)).map((line) => `- ${line}`),
		...after.filter((line) => !beforeSet.has(line)).map((line) => `+ ${line}`),
	];
	return lines.length > limit ? [...lines.slice(0, limit), `... and ${lines.length - limit} more`] : lines;
}

/**
 * A snapshot without column positions. A down migration that brings a dropped column back can
 * only append it (PostgreSQL has no ALTER TABLE ... ADD COLUMN ... AFTER), so stepping back
 * compares everything but where the columns sit.
 */
export function withoutColumnPositions(lines: readonly string[]): string[] {
	return lines.map((line) => (line.startsWith('column ') ? line.replace(/ #\d+ /, ' ') : line)).sort();
}
