/**
 * name-length-limit: no object of a database has a name of exactly 63 bytes, PostgreSQL's limit
 * (max_identifier_length, NAMEDATALEN - 1).
 *
 * PostgreSQL cuts a longer name to 63 bytes with only a NOTICE, so a name of exactly that length
 * was most likely written longer and cut. The object then has another name than the migration
 * that made it says, and two long names that start alike become one: the second CREATE fails with
 * "already exists", or with IF NOT EXISTS is silently skipped, and the database lacks an index or
 * constraint the migrations claim. Tools that compare the schema with the migrations (ORMs,
 * schema diffs) see a rename that never happened.
 *
 * It reads the catalog of a database (lint FILE.sql, lint --database-url): relations (partitions
 * and their indexes too), functions and procedures, and constraints other than the copies
 * PostgreSQL makes on partitions and inheritance children (those follow the parent's name). The
 * engine's own names stay one byte under the limit. No fix SQL: only the author knows the name
 * that was meant; the action gives the statement to rename with.
 */
import type {CatalogObject, CatalogRoutine} from '../../../model/design.js';
import {byteLength, MAX_IDENTIFIER_BYTES, quoteIdent} from '../../naming.js';
import {quoteTable, relationKey} from '../../sql.js';
import {ALTER, catalogObjectTable, distinctCatalogObjects, ROUTINE_KEYWORD} from '../design-facts.js';
import type {Rule, Violation} from '../rule.js';

/** Names stay below the length PostgreSQL cuts them to. */
export const rule: Rule = {
	id: 'name-length-limit',
	summary: 'No object name is exactly 63 bytes long, the length PostgreSQL silently cuts longer names to.',
	defaultSeverity: 'info',
	check(design) {
		const catalog = design.catalog;
		if (!catalog) return [];
		return distinctCatalogObjects(catalog, (object) => byteLength(object.name) === MAX_IDENTIFIER_BYTES).map((object): Violation => {
			const target = relationKey(object.schema, object.name);
			const table = catalogObjectTable(catalog, object);
			return {
				target,
				objectType: object.kind,
				...(table ? {table} : {}),
				message:
					`The ${object.kind} ${target} has a name of exactly ${MAX_IDENTIFIER_BYTES} bytes, the most PostgreSQL keeps: it was most likely written longer and cut without an error. ` +
					`The migration that made it names something else, and another long name that starts the same way is cut to the same name: its CREATE fails, or with IF NOT EXISTS is skipped without a word.`,
				action: `Rename it to a name of at most ${MAX_IDENTIFIER_BYTES - 1} bytes (${renameHint(catalog.routines, object)}), and shorten the name in the migration that creates it.`,
			};
		});
	},
};

/** The statement that renames the object, with NEW_NAME for the name to choose. */
function renameHint(routines: readonly CatalogRoutine[], object: CatalogObject): string {
	const qualified = quoteTable({name: relationKey(object.schema, object.name), ...(object.schema === 'public' ? {} : {schema: object.schema})});
	const statement = ALTER[object.kind];
	if (statement) return `${statement} ${qualified} RENAME TO new_name`;
	if (object.kind === 'constraint') {
		// A constraint lives in its table's schema (or its domain's).
		const owner = object.table ? `TABLE ${quoteTable({name: object.table, ...(object.schema === 'public' ? {} : {schema: object.schema})})}` : 'DOMAIN ...';
		return `ALTER ${owner} RENAME CONSTRAINT ${quoteIdent(object.name)} TO new_name`;
	}
	const routine = routines.find((candidate) => candidate.schema === object.schema && candidate.name === relationKey(object.schema, object.name));
	return `ALTER ${routine ? ROUTINE_KEYWORD[routine.kind] : 'FUNCTION'} ${qualified}(${routine?.arguments ?? '...'}) RENAME TO new_name`;
}
