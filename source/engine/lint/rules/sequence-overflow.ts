/**
 * sequence-overflow: no sequence is within 10% of the end of its range. When a sequence reaches its
 * MAXVALUE (MINVALUE for a descending one), every nextval fails — "reached maximum value of
 * sequence" — and with it every INSERT that takes an id from it: the table stops taking rows.
 *
 * The position is the last value handed out, read from a live database (lint --database-url); a
 * sequence never used, or read from a schema file (which holds no positions), stands at its START
 * value, so only a sequence that starts near its end is found there. The range ends at the
 * sequence's MAXVALUE, or earlier at the largest value of the narrowest column that takes its
 * values (a bigint sequence behind an integer column fails at 2147483647, in the INSERT). Cycling
 * sequences start over instead of failing and are not judged here.
 *
 * The fix widens to bigint whatever is narrower — the columns that draw from the sequence, then
 * the sequence — and lifts an explicit MAXVALUE (MINVALUE) set below the type's. Widening a column
 * rewrites its table under an ACCESS EXCLUSIVE lock: schedule it, or migrate online (a new bigint
 * column filled in batches). A bigint sequence near its end has no fix in place.
 */
import type {CatalogSequence, Column, Design, Table} from '../../../model/design.js';
import {quoteTable, relationKey} from '../../sql.js';
import {alterColumnTypeSql, typeChangeBlocker} from '../design-facts.js';
import type {Rule, Violation} from '../rule.js';

/** Findings below this share of the range left, in hundredths of a percent (upstream's 10%). */
const THRESHOLD = 1000n;

type IntegerType = 'smallint' | 'integer' | 'bigint';

const LIMITS: Readonly<Record<IntegerType, {readonly min: bigint; readonly max: bigint}>> = {
	smallint: {min: -32768n, max: 32767n},
	integer: {min: -2147483648n, max: 2147483647n},
	bigint: {min: -9223372036854775808n, max: 9223372036854775807n},
};

/** A column that takes its values from the sequence. */
interface Consumer {
	readonly table: Table;
	readonly column: Column;
	readonly type: IntegerType;
}

/** Sequences keep a tenth of their range. */
export const rule: Rule = {
	id: 'sequence-overflow',
	summary: 'No sequence has used 90% of its range (nextval fails at the end, and every INSERT that needs an id with it).',
	defaultSeverity: 'warning',
	check(design) {
		const violations: Violation[] = [];
		for (const sequence of design.catalog?.sequences ?? []) {
			if (sequence.cycle) continue;
			const position = sequence.lastValue ?? sequence.start;
			if (position === undefined) continue;
			const increment = BigInt(sequence.increment);
			const ascending = increment > 0n;
			const consumers = consumersOf(design, sequence);
			const narrowest = consumers.reduce<Consumer | undefined>((found, consumer) => (!found || LIMITS[consumer.type].max < LIMITS[found.type].max ? consumer : found), undefined);
			const sequenceMin = BigInt(sequence.min);
			const sequenceMax = BigInt(sequence.max);
			// The column's bound cuts the range short when it is narrower than the sequence's.
			const byColumn = narrowest && (ascending ? LIMITS[narrowest.type].max < sequenceMax : LIMITS[narrowest.type].min > sequenceMin) ? narrowest : undefined;
			const max = byColumn && ascending ? LIMITS[byColumn.type].max : sequenceMax;
			const min = byColumn && !ascending ? LIMITS[byColumn.type].min : sequenceMin;
			if (max <= min) continue;
			const at = BigInt(position);
			const left = ascending ? max - at : at - min;
			const remaining = rounded(left * 10000n, max - min);
			if (remaining > THRESHOLD) continue;
			const end = ascending ? max : min;
			const bound = ascending ? 'MAXVALUE' : 'MINVALUE';
			const percent = `${remaining / 100n}.${String(remaining % 100n).padStart(2, '0')}%`;
			const steps = left / (increment < 0n ? -increment : increment);
			const where = sequence.lastValue !== undefined ? `its last value is ${position}` : `it starts at ${position}${design.catalog?.live ? ' and was never used' : ''}`;
			const limit = byColumn
				? `${byColumn.table.name}.${byColumn.column.name} is ${byColumn.type}, so the INSERT fails at ${end} although the ${sequence.dataType} sequence goes on`
				: `${bound} is ${end}${isTypeBound(sequence, ascending) ? ` (the largest ${sequence.dataType})` : ''}`;
			const {sql: fixSql, blocker} = fixFor(design, sequence, consumers, ascending);
			violations.push({
				target: sequence.name,
				...(sequence.ownedBy ? {table: sequence.ownedBy.table} : {}),
				message:
					`The sequence ${sequence.name} has ${percent} of its range left: ${where} and ${limit}, ${steps} more values away. ` +
					`When it gets there nextval fails, and so does every INSERT that takes an id from it${consumers.length > 0 ? ` (${consumers.map((consumer) => `${consumer.table.name}.${consumer.column.name}`).join(', ')})` : ''}.`,
				action: fixSql
					? `Widen it to bigint before it runs out.${widening(fixSql, bound)}`
					: blocker
						? `Widen the columns and the sequence to bigint before it runs out. ${blocker}`
						: `A bigint sequence cannot be widened: find out why it counts this fast (a large INCREMENT, values lost to rollbacks and caching), and plan new keys before it runs out (restart it in a range no row uses, or move to uuid).`,
				...(fixSql ? {fixSql} : {}),
			});
		}
		return violations;
	},
};

function widening(sql: string, bound: string): string {
	const parts = [];
	if (sql.includes('ALTER TABLE')) parts.push('Changing a column to bigint rewrites its table under an ACCESS EXCLUSIVE lock: run it in a maintenance window, or add a bigint column, fill it in batches and swap.');
	if (sql.includes(`NO ${bound}`)) parts.push(`The SQL also lifts the ${bound} set below the type's limit: keep that one only if the limit is a rule of the business.`);
	return parts.map((part) => ` ${part}`).join('');
}

/** n / d rounded half up, as numeric(5, 2) rounds the percentage (both non-negative). */
function rounded(n: bigint, d: bigint): bigint {
	return (2n * n + d) / (2n * d);
}

function isTypeBound(sequence: CatalogSequence, ascending: boolean): boolean {
	const limits = LIMITS[sequence.dataType];
	return ascending ? BigInt(sequence.max) === limits.max : BigInt(sequence.min) === limits.min;
}

/** The key of the sequence a nextval default names. */
function defaultSequence(column: Column): string | undefined {
	if (column.default?.kind !== 'nextval') return undefined;
	return relationKey(column.default.schema ?? 'public', column.default.sequence);
}

function integerType(column: Column): IntegerType | undefined {
	if (column.type.isArray) return undefined;
	return column.type.name === 'smallint' || column.type.name === 'integer' || column.type.name === 'bigint' ? column.type.name : undefined;
}

/** The columns drawing from the sequence: its identity column, and those whose default is its nextval. */
function consumersOf(design: Design, sequence: CatalogSequence): Consumer[] {
	const consumers: Consumer[] = [];
	for (const table of design.tables) {
		// A partition's (or inheritance child's) copy of the parent's default is the parent's column.
		if (table.partitionOf !== undefined) continue;
		for (const column of table.columns) {
			const owned = sequence.ownedBy?.identity === true && sequence.ownedBy.table === table.name && sequence.ownedBy.column === column.name;
			if (!owned && defaultSequence(column) !== sequence.name) continue;
			const type = integerType(column);
			if (type) consumers.push({table, column, type});
		}
	}
	return consumers.filter((consumer) => !(consumer.table.inherits ?? []).some((parent) => consumers.some((other) => other.table.name === parent && other.column.name === consumer.column.name)));
}

/** Widening statements; none when all is bigint already, or a blocker when a column cannot change type. */
function fixFor(design: Design, sequence: CatalogSequence, consumers: readonly Consumer[], ascending: boolean): {readonly sql?: string; readonly blocker?: string} {
	const statements: string[] = [];
	for (const consumer of consumers) {
		if (consumer.type === 'bigint') continue;
		const blocker = typeChangeBlocker(design, consumer.table, consumer.column.name);
		const sql = alterColumnTypeSql(design, consumer.table, consumer.column.name, {name: 'bigint'});
		if (blocker || !sql) return {blocker: blocker ?? `${consumer.table.name}.${consumer.column.name} cannot change its type in place.`};
		statements.push(...sql);
	}
	const changes: string[] = [];
	// An identity column's sequence takes the column's new type with it; any other is widened by hand.
	const follows = sequence.ownedBy?.identity === true && statements.length > 0;
	if (sequence.dataType !== 'bigint' && !follows) changes.push('AS bigint');
	// A bound at its type's limit moves with the type; one set below it stays unless lifted.
	if (!isTypeBound(sequence, ascending)) changes.push(ascending ? 'NO MAXVALUE' : 'NO MINVALUE');
	if (changes.length > 0) statements.push(`ALTER SEQUENCE ${quoteTable({name: sequence.name, ...(sequence.schema === 'public' ? {} : {schema: sequence.schema})})} ${changes.join(' ')};`);
	return statements.length > 0 ? {sql: statements.join('\n')} : {};
}
