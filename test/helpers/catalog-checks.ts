/**
 * Static checks of a live catalog, the kind an independent schema linter runs on an applied
 * folder (foreign keys without an index, indexes that hold NULLs or put a timestamp in the middle,
 * overlapping indexes, objects without a comment, names at the 63-byte limit, legacy types).
 * Written for the tests from the checks' descriptions; each returns one line per finding.
 */
import type pg from 'pg';

const CHECKS: Record<string, string> = {
	'foreign key without index': `
		SELECT c.conrelid::regclass || ' ' || c.conname AS finding
		FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
		WHERE c.contype = 'f' AND n.nspname = 'public' AND c.conparentid = 0
			AND NOT EXISTS (
				SELECT FROM pg_index i
				WHERE i.indrelid = c.conrelid
					AND (c.conkey::int2[] <@ (i.indkey::int2[])[0:array_length(c.conkey, 1) - 1])
			)`,
	'index whose first column holds NULLs': `
		SELECT x.indexrelid::regclass::text AS finding
		FROM pg_index x
		JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
		JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.indkey[0]
		WHERE n.nspname = 'public' AND NOT x.indisunique AND NOT a.attnotnull AND NOT t.relispartition
			AND (x.indpred IS NULL OR position(lower(a.attname) IN lower(pg_get_expr(x.indpred, x.indrelid))) = 0)`,
	'timestamp before the last index column': `
		SELECT x.indexrelid::regclass::text AS finding
		FROM pg_index x
		JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
		WHERE n.nspname = 'public' AND NOT x.indisunique AND NOT t.relispartition AND x.indnatts > 1
			AND EXISTS (
				SELECT FROM unnest((x.indkey::int2[])[0:x.indnkeyatts - 2]) AS k(attnum)
				JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
				WHERE a.atttypid IN ('timestamp'::regtype, 'timestamptz'::regtype)
			)`,
	'overlapping indexes': `
		WITH info AS (
			SELECT i.indrelid, i.indexrelid, array_to_string(i.indkey, ' ') AS cols, coalesce(pg_get_expr(i.indpred, i.indrelid), '') AS pred
			FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
			JOIN pg_class t ON t.oid = i.indrelid
			WHERE n.nspname = 'public' AND NOT t.relispartition
		)
		SELECT a.indexrelid::regclass || ' and ' || b.indexrelid::regclass AS finding
		FROM info a JOIN info b ON a.indrelid = b.indrelid AND a.indexrelid > b.indexrelid AND a.pred = b.pred
			AND ((a.cols || ' ') LIKE (b.cols || ' %') OR (b.cols || ' ') LIKE (a.cols || ' %') OR a.cols = b.cols)`,
	'table without primary key': `
		SELECT c.oid::regclass::text AS finding FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
			AND NOT EXISTS (SELECT FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p')`,
	'primary key columns not first': `
		SELECT c.oid::regclass::text AS finding FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		JOIN pg_constraint k ON k.conrelid = c.oid AND k.contype = 'p'
		WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
			AND (SELECT min(attnum) FROM pg_attribute WHERE attrelid = c.oid AND attnum > 0 AND NOT attisdropped) <> (SELECT min(x) FROM unnest(k.conkey) AS x)`,
	'table without comment': `
		SELECT c.oid::regclass::text AS finding FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND coalesce(btrim(obj_description(c.oid, 'pg_class')), '') = ''`,
	'column without comment': `
		SELECT c.oid::regclass || '.' || a.attname AS finding FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
		WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND coalesce(btrim(col_description(c.oid, a.attnum)), '') = ''`,
	'function without comment': `
		SELECT p.oid::regprocedure::text AS finding FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
		WHERE n.nspname = 'public' AND coalesce(btrim(obj_description(p.oid, 'pg_proc')), '') = ''`,
	'name at the 63-byte limit': `
		SELECT name AS finding FROM (
			SELECT c.relname::text AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'
			UNION ALL SELECT conname::text FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace WHERE n.nspname = 'public'
			UNION ALL SELECT a.attname::text FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND a.attnum > 0
		) AS names WHERE octet_length(name) >= 63`,
	'legacy column type': `
		SELECT c.oid::regclass || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) AS finding
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
		WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
			AND (a.atttypid IN ('json'::regtype, 'money'::regtype, 'timestamp'::regtype, 'timetz'::regtype, 'bpchar'::regtype)
				OR (a.atttypid = 'varchar'::regtype AND a.atttypmod > 0))`,
	'serial-style default': `
		SELECT c.oid::regclass || '.' || a.attname AS finding FROM pg_attrdef d
		JOIN pg_class c ON c.oid = d.adrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
		WHERE n.nspname = 'public' AND pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%'`,
	'foreign key column type differs from its target': `
		SELECT c.conrelid::regclass || ' ' || c.conname AS finding
		FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
		CROSS JOIN LATERAL unnest(c.conkey, c.confkey) AS k(child, parent)
		JOIN pg_attribute ca ON ca.attrelid = c.conrelid AND ca.attnum = k.child
		JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = k.parent
		WHERE c.contype = 'f' AND n.nspname = 'public' AND (ca.atttypid, ca.atttypmod) IS DISTINCT FROM (pa.atttypid, pa.atttypmod)`,
	'btree index on an array or boolean column': `
		SELECT x.indexrelid::regclass::text AS finding FROM pg_index x
		JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_am am ON am.oid = i.relam JOIN pg_namespace n ON n.oid = i.relnamespace
		JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = ANY (x.indkey)
		WHERE n.nspname = 'public' AND am.amname = 'btree' AND (a.attndims > 0 OR a.atttypid = 'bool'::regtype OR format_type(a.atttypid, NULL) LIKE '%[]')`,
	'invalid index or constraint not validated': `
		SELECT x.indexrelid::regclass::text AS finding FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND NOT x.indisvalid
		UNION ALL SELECT conname::text FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace WHERE n.nspname = 'public' AND NOT k.convalidated`,
	'duplicated foreign keys': `
		SELECT a.conname || ' and ' || b.conname AS finding FROM pg_constraint a JOIN pg_constraint b
			ON a.conrelid = b.conrelid AND a.confrelid = b.confrelid AND a.conkey = b.conkey AND a.oid < b.oid
		JOIN pg_namespace n ON n.oid = a.connamespace
		WHERE a.contype = 'f' AND b.contype = 'f' AND n.nspname = 'public' AND a.conparentid = 0 AND b.conparentid = 0`,
};

/** Every finding of every check, as `check: object`. */
export async function catalogFindings(client: pg.Client): Promise<string[]> {
	const findings: string[] = [];
	for (const [check, sql] of Object.entries(CHECKS)) {
		const {rows} = await client.query<{finding: string}>(sql);
		for (const row of rows) findings.push(`${check}: ${row.finding}`);
	}
	return findings.sort();
}
