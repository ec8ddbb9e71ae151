/**
 * quoted-object-name: the names of a database's objects — tables, partitioned tables, indexes,
 * sequences, views, materialized views, functions, procedures and constraints — can be written
 * without double quotes: lower-case letters, digits and underscores, not starting with a digit,
 * and not a reserved word (the columns are quoted-column-name's).
 *
 * PostgreSQL folds unquoted names to lower case, so an object created as "UpperCaseTable" or
 * "bad-table" must be written in double quotes, exactly, in every query, migration and tool:
 * `SELECT * FROM UpperCaseTable` looks for uppercasetable and fails, `DROP INDEX bad-table_pkey`
 * does not parse.
 *
 * It reads the catalog of a database (lint FILE.sql, lint --database-url); the engine names what it
 * designs in snake_case. Partitions and their indexes are objects of their own and are reported;
 * the constraints PostgreSQL copies onto a partition or an inheritance child from the parent (its
 * key, foreign keys, inherited CHECKs) are renamed through the parent and are not. The fix renames
 * the object to its snake_case form when that name is free: a table or view rename breaks the
 * queries that use the old name, so ship the new name with the application's change; an index
 * behind a primary key or unique constraint is renamed with its constraint.
 */
import type {Catalog, CatalogObject, CatalogObjectKind} from '../../../model/design.js';
import {RESERVED_WORDS, toSnakeCase} from '../../naming.js';
import {quoteIdent, quoteTable, relationKey} from '../../sql.js';
import {ALTER, catalogObjectTable, distinctCatalogObjects, ROUTINE_KEYWORD} from '../design-facts.js';
import type {Rule, Severity, Violation} from '../rule.js';

/** What an unquoted identifier can be: folded to lower case, it must come back unchanged. */
const PLAIN = /^[a-z_][a-z0-9_]*$/;

/** Whether a name only works in double quotes. */
function requiresQuotes(name: string): boolean {
	return !PLAIN.test(name) || RESERVED_WORDS.has(name);
}

const RELATIONS: ReadonlySet<CatalogObjectKind> = new Set(['table', 'partitioned table', 'index', 'partitioned index', 'sequence', 'view', 'materialized view']);


/** Objects only DDL names (not queries): a quoted name there costs less. */
const DDL_ONLY: ReadonlySet<CatalogObjectKind> = new Set(['index', 'partitioned index', 'sequence', 'constraint']);

/** Object names need no double quotes. */
export const rule: Rule = {
	id: 'quoted-object-name',
	summary: 'Names of tables, views, indexes, sequences, functions and constraints are lower-case snake_case and not reserved words, so no statement needs them in double quotes.',
	defaultSeverity: 'warning',
	check(design) {
		const catalog = design.catalog;
		if (!catalog) return [];
		// Overloads of a routine share a name: one finding, one rename per overload.
		const reported = distinctCatalogObjects(catalog, (object) => requiresQuotes(object.name));
		const plans = new Map(reported.map((object) => [object, plan(catalog, object, reported)]));
		const violations: Violation[] = [];
		for (const object of reported) {
			const {suggestion, fixSql, renamedBy} = plans.get(object)!;
			// The CHECK and foreign key renames of a table that is renamed too run first, in its SQL: they name the table.
			const before = [...plans.entries()].filter(([, other]) => other.renamedBy === object && other.statement).map(([, other]) => other.statement!);
			const sql = fixSql ? [...before, fixSql].join('\n') : undefined;
			const queried = !DDL_ONLY.has(object.kind);
			const owner = catalogObjectTable(catalog, object);
			violations.push({
				target: relationKey(object.schema, object.name),
				objectType: object.kind,
				...(owner ? {table: owner} : {}),
				message:
					`The ${object.kind} ${written(object)} ${why(object.name)}: every statement that names it must write ${quoteIdent(object.name)} in double quotes, exactly; ` +
					`written without them it names ${unquotedMeaning(object.name)}.`,
				action:
					renamedBy?.kind === 'constraint'
						? `Rename the constraint ${quoteIdent(renamedBy.name)}: PostgreSQL renames its index with it.`
						: renamedBy
							? `Rename it to ${suggestion}: the SQL of the finding on the ${renamedBy.kind} ${written(renamedBy)} does so before it renames the ${renamedBy.kind}. On its own: ${plans.get(object)!.statement}`
							: suggestion
								? `Rename it to ${suggestion}${queried ? ", and change the application's queries in the same release" : ''}.`
								: `Rename it to a lower-case snake_case name that is not a reserved word${queried ? ", and change the application's queries in the same release" : ''}.`,
				...(sql ? {fixSql: sql} : {}),
				...(queried ? {} : {severity: 'info' as Severity}),
			});
		}
		return violations;
	},
};

/** How an object is renamed: its own SQL, or within another finding's. */
interface Plan {
	readonly suggestion?: string;
	readonly fixSql?: string;
	/** The object whose finding renames this one (a key constraint its index; a renamed table its constraints). */
	readonly renamedBy?: CatalogObject;
	/** For a constraint renamed by its table's finding: the statement. */
	readonly statement?: string;
}

function plan(catalog: Catalog, object: CatalogObject, reported: readonly CatalogObject[]): Plan {
	const suggestion = replacement(catalog, object);
	if (object.kind === 'index' || object.kind === 'partitioned index') {
		// The index of a primary key, unique or exclusion constraint: renamed with it, by the constraint's finding.
		const constraint = reported.find((candidate) => candidate.kind === 'constraint' && candidate.schema === object.schema && candidate.name === object.name && candidate.table === object.table);
		if (constraint) return {renamedBy: constraint, ...(replacement(catalog, constraint) ? {suggestion: replacement(catalog, constraint)!} : {})};
	}
	if (!suggestion) return {};
	if (object.kind === 'constraint') {
		// A key constraint is renamed through its index: ALTER INDEX names no table, so it works before or after a table rename.
		const index = catalog.objects.find((candidate) => (candidate.kind === 'index' || candidate.kind === 'partitioned index') && candidate.schema === object.schema && candidate.name === object.name && candidate.table === object.table);
		if (index) return {suggestion, fixSql: `ALTER INDEX ${qualified(object)} RENAME TO ${suggestion};`};
		const statement = renameSql(catalog, object, suggestion);
		const table = reported.find((candidate) => (candidate.kind === 'table' || candidate.kind === 'partitioned table') && relationKey(candidate.schema, candidate.name) === object.table);
		if (statement && table && replacement(catalog, table)) return {suggestion, renamedBy: table, statement};
		return {suggestion, ...(statement ? {fixSql: statement} : {})};
	}
	const statement = renameSql(catalog, object, suggestion);
	return {suggestion, ...(statement ? {fixSql: statement} : {})};
}

function qualified(object: CatalogObject): string {
	return quoteTable({name: relationKey(object.schema, object.name), ...(object.schema === 'public' ? {} : {schema: object.schema})});
}

function written(object: CatalogObject): string {
	return `${object.schema === 'public' ? '' : `${quoteIdent(object.schema)}.`}${quoteIdent(object.name)}`;
}

function why(name: string): string {
	if (PLAIN.test(name)) return 'is a reserved word';
	if (/[A-Z]/.test(name) && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return 'has upper-case letters';
	if (/^[0-9]/.test(name)) return 'starts with a digit';
	const others = [...new Set(name.replace(/[A-Za-z0-9_]/g, ''))].map((char) => (char === ' ' ? 'spaces' : char));
	return `has characters an unquoted name cannot hold (${others.join(' ')})`;
}

/** The table of an index or constraint, or of the column that owns a sequence. */
function unquotedMeaning(name: string): string {
	if (PLAIN.test(name)) return 'the keyword, and the statement fails to parse';
	if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return `${name.toLowerCase()}, another object, and the statement fails`;
	return 'something else or fails to parse';
}

/** The snake_case form of the name, when it needs no quotes and nothing of its namespace has it. */
function replacement(catalog: Catalog, object: CatalogObject): string | undefined {
	const suggestion = toSnakeCase(object.name);
	if (!suggestion || requiresQuotes(suggestion)) return undefined;
	const taken = catalog.objects.some((other) => {
		if (other.schema !== object.schema || other.name !== suggestion) return false;
		if (RELATIONS.has(object.kind)) return RELATIONS.has(other.kind);
		if (object.kind === 'constraint') return other.kind === 'constraint' && other.table === object.table;
		return other.kind === 'function' || other.kind === 'procedure' || other.kind === 'aggregate';
	});
	// A key constraint's rename also renames its index, which lives in the relations' namespace.
	const indexTaken = object.kind === 'constraint' && catalog.objects.some((other) => other.schema === object.schema && other.name === suggestion && RELATIONS.has(other.kind));
	return taken || indexTaken ? undefined : suggestion;
}

function renameSql(catalog: Catalog, object: CatalogObject, to: string): string | undefined {
	const statement = ALTER[object.kind];
	if (statement) return `${statement} ${qualified(object)} RENAME TO ${to};`;
	if (object.kind === 'constraint') {
		// Domain constraints have no table; a table's constraints live in the table's schema.
		if (!object.table) return undefined;
		const tableSql = quoteTable({name: object.table, ...(object.schema === 'public' ? {} : {schema: object.schema})});
		return `ALTER TABLE ${tableSql} RENAME CONSTRAINT ${quoteIdent(object.name)} TO ${to};`;
	}
	const overloads = catalog.routines.filter((routine) => routine.schema === object.schema && routine.name === relationKey(object.schema, object.name));
	if (overloads.length === 0) return undefined;
	return overloads.map((routine) => `ALTER ${ROUTINE_KEYWORD[routine.kind]} ${qualified(object)}(${routine.arguments}) RENAME TO ${to};`).join('\n');
}
