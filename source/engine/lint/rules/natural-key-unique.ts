/**
 * natural-key-unique: an entity table with a surrogate key (identity, sequence or random uuid)
 * keeps its natural key unique too — email, slug, username, handle, code, sku, isbn. The surrogate
 * key only tells rows apart; it does not stop the same person or product being stored twice.
 *
 * A unique constraint or unique index led by the column counts, as does one scoped to the owner
 * under isolation (owner column first, then this one) and a partial one over live rows. In an
 * existing database, where the rule does not know the owner, a unique key that holds the column
 * next to others counts too (`(organization_id, code)`, `(plan_id, code)`: unique per parent).
 *
 * Not reported:
 *
 * - a table that already has a natural key (a unique constraint or index besides the primary key):
 *   the same row cannot be stored twice, and an email or code beside that key is an attribute — a
 *   customer's contact address next to its unique external id;
 * - in an existing database, `email` and `code` of a table that belongs to a parent (a NOT NULL
 *   foreign key): a key there would be unique per parent, which the rule cannot know, and such a
 *   column is as often a copy or an address (the code of a section copied onto an invoice, the
 *   address a payment request goes to). The unambiguous names (slug, username, sku ...) still are.
 */
import type {Column, Design, IndexKey, Table} from '../../../model/design.js';
import {createIndexSql, findColumn, fixIndex, freeName, nameWords, tableIndexes} from '../design-facts.js';
import {localName} from '../../sql.js';
import type {Rule, Violation} from '../rule.js';

/** Names that are the natural key wherever they end a column name. */
const KEY_WORDS: ReadonlySet<string> = new Set(['sku', 'isbn', 'isbn10', 'isbn13', 'slug', 'username', 'handle']);
/** Names that are a natural key only on their own (postal_code and contact_email are not keys). */
const KEY_NAMES: ReadonlySet<string> = new Set(['email', 'code', 'user_name']);

/** Entity tables with a surrogate key keep email, slug, username, code, sku or isbn unique. */
export const rule: Rule = {
	id: 'natural-key-unique',
	summary: 'Entity tables with a surrogate key keep natural keys (email, slug, username, code, sku, isbn) unique.',
	defaultSeverity: 'info',
	check(design) {
		const violations: Violation[] = [];
		for (const table of design.tables) {
			if (table.kind !== 'entity' || !hasSurrogateKey(table) || table.partitionOf !== undefined) continue;
			for (const column of table.columns) {
				if (!looksLikeNaturalKey(column) || isUnique(design, table, column.name) || hasOtherKey(design, table, column.name)) continue;
				if (design.catalog && KEY_NAMES.has(column.name) && belongsToParent(table)) continue;
				const scope = table.ownerColumn && table.ownerColumn !== column.name ? ` per ${design.isolation.mode === 'none' ? 'owner' : design.isolation.mode}` : '';
				const fixSql = uniqueSql(design, table, column);
				violations.push({
					target: `${table.name}.${column.name}`,
					message: `${table.name}.${column.name} looks like a natural key but nothing keeps it unique: two ${table.name} rows can share a ${column.name}, and lookups by it scan the table.`,
					action:
						`If no two ${table.name} share a ${column.name}${scope}, add a unique index` +
						(column.role === 'email' ? ' on lower(email), so case does not matter.' : '.') +
						` If duplicates are allowed, suppress this with the reason.`,
					...(fixSql ? {fixSql} : {}),
				});
			}
		}
		return violations;
	},
};

function hasSurrogateKey(table: Table): boolean {
	if (table.primaryKey.columns.length !== 1) return false;
	const key = findColumn(table, table.primaryKey.columns[0]!);
	if (!key) return false;
	return key.identity !== undefined || key.default?.kind === 'gen-random-uuid' || key.default?.kind === 'nextval' || key.origin === 'primary-key';
}

function looksLikeNaturalKey(column: Column): boolean {
	if (column.type.isArray || !['text', 'varchar', 'citext', 'bigint', 'integer'].includes(column.type.name)) return false;
	const words = nameWords(column.name);
	return KEY_NAMES.has(column.name) || KEY_WORDS.has(words.at(-1) ?? '');
}

function isUnique(design: Design, table: Table, column: string): boolean {
	return tableIndexes(design, table).some(
		(index) =>
			index.unique &&
			(index.keys[0]?.column === column ||
				(index.keys[0]?.column === table.ownerColumn && index.keys[1]?.column === column) ||
				(design.catalog !== undefined && isScopedKey(table, index.keys, column))),
	);
}

/** A unique key that holds the column as a plain key beside others, not the whole primary key (which would make any key unique). */
function isScopedKey(table: Table, keys: readonly IndexKey[], column: string): boolean {
	const plain = keys.filter((key) => !('expression' in key)).map((key) => key.column);
	return plain.includes(column) && !table.primaryKey.columns.every((name) => plain.includes(name));
}

/** Whether another unique key than the primary key (one without this column) already tells the table's rows apart. */
function hasOtherKey(design: Design, table: Table, column: string): boolean {
	return tableIndexes(design, table).some((index) => index.kind !== 'primary-key' && index.unique && !index.keys.some((key) => key.column === column));
}

/** Whether the table's rows belong to a parent: a foreign key of NOT NULL columns (other than its primary key). */
function belongsToParent(table: Table): boolean {
	return table.foreignKeys.some(
		(fk) => !fk.columns.every((name) => table.primaryKey.columns.includes(name)) && fk.columns.every((name) => findColumn(table, name)?.nullable === false),
	);
}

function uniqueSql(design: Design, table: Table, column: Column): string | undefined {
	const owner = table.ownerColumn && table.ownerColumn !== column.name ? [table.ownerColumn] : [];
	const keys: IndexKey[] = [...owner.map((name) => ({column: name})), column.role === 'email' ? {expression: 'lower', column: column.name} : {column: column.name}];
	// A unique index of a partitioned table must hold the partition key as a plain column.
	if (table.partitioning && !keys.some((key) => !('expression' in key) && key.column === table.partitioning!.column)) return undefined;
	const name = freeName(design, [localName(table), ...owner, column.role === 'email' ? `lower_${column.name}` : column.name], 'key');
	const where = table.softDelete && findColumn(table, 'deleted_at') ? [{column: 'deleted_at', op: 'is-null'} as const] : [];
	return createIndexSql(design, fixIndex({name, table: table.name, keys, where, unique: true}));
}
