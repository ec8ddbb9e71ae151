/**
 * The decisions behind a design and their trade-offs, in the user's terms: the README's
 * "decisions" section and PERFORMANCE.md's growth notes are written from these.
 */
import type {Design, DesignNote} from '../model/design.js';
import {formatCount, MILLIONS} from './volume.js';

/** Notes for a derived design; `extra` carries per-table notes the engine made on the way. */
export function designNotes(design: Design, extra: readonly {table: string; text: string}[]): DesignNote[] {
	const notes: DesignNote[] = [];
	const columns = design.tables.flatMap((table) => table.columns.map((column) => ({table, column})));
	const largest = Math.max(0, ...design.tables.map((table) => table.rows));

	notes.push(
		design.keyStrategy === 'uuid'
			? {
					topic: 'Primary keys',
					decision: 'uuid keys from gen_random_uuid()',
					tradeoff:
						largest >= MILLIONS
							? `Ids can be made by clients and do not reveal counts; at ${formatCount(largest)} rows random UUIDs land all over the index: more page splits, WAL and cache misses than ordered keys. On PostgreSQL 18, uuidv7() keeps them time-ordered.`
							: 'Ids can be made by clients and do not reveal counts; 16 bytes instead of 8, and random order costs index writes once tables reach millions of rows.',
				}
			: {
					topic: 'Primary keys',
					decision: 'bigint GENERATED ALWAYS AS IDENTITY',
					tradeoff: 'Compact (8 bytes), ordered inserts keep indexes dense, no extension; ids are guessable and sequential, so never expose them as secrets.',
				},
		{
			topic: 'Text',
			decision: 'text, with limits as CHECK rules; varchar(n) only where you stated a limit',
			tradeoff: 'Same storage as varchar; changing a CHECK is a quick constraint swap, while widening varchar(n) can lock and rewrite on old versions.',
		},
		{
			topic: 'Time',
			decision: 'timestamptz for instants, date for calendar days',
			tradeoff: 'timestamptz stores UTC and converts on display; timestamp without time zone silently depends on the writer\'s zone.',
		},
	);
	if (columns.some(({column}) => column.role === 'money')) {
		notes.push({
			topic: 'Money',
			decision: 'numeric(p,s) with CHECK (>= 0)',
			tradeoff: 'Exact decimal arithmetic; slower than integers of cents, far safer than float, and independent of lc_monetary unlike the money type.',
		});
	}
	if (columns.some(({column}) => column.role === 'email')) {
		notes.push({
			topic: 'E-mail addresses',
			decision: 'text with a unique index on lower(email)',
			tradeoff: 'Case-insensitive uniqueness without the citext extension; queries must compare lower(email) = lower($1) to use the index (queries.sql does).',
		});
	}
	if (columns.some(({column}) => column.role === 'password-hash')) {
		notes.push({
			topic: 'Passwords',
			decision: 'only a password hash column',
			tradeoff: 'Hash with argon2id (or bcrypt) in the application; the database never sees a password, so a leaked dump holds none.',
		});
	}
	const {isolation} = design;
	if (isolation.mode !== 'none') {
		notes.push({
			topic: 'Isolation',
			decision: `per ${isolation.mode}, enforced by ${isolation.enforcement === 'rls' ? 'Row-Level Security' : 'the application'}; the owner column leads every index; composite foreign keys stop cross-${isolation.mode} references`,
			tradeoff:
				isolation.enforcement === 'rls'
					? `A forgotten WHERE cannot leak rows: the database filters by ${isolation.setting}, set per transaction with set_config('${isolation.setting}', $1, true). Superusers and the table owner bypass it unless forced (the design forces it); every query pays a small predicate.`
					: `Every query in queries.sql filters by the owner; a hand-written query that forgets it can read other ${isolation.mode}s' rows. Choose RLS to have the database enforce it.`,
		});
	}
	const softDeleted = design.tables.filter((table) => table.softDelete).map((table) => table.name);
	if (softDeleted.length > 0) {
		notes.push({
			topic: 'Soft delete',
			decision: `${softDeleted.join(', ')}: deleted_at instead of DELETE; unique keys and indexes cover live rows only`,
			tradeoff: 'Deleted rows can be restored and audited; they still take space, ON DELETE actions do not fire on a soft delete, and every query must filter deleted_at IS NULL (queries.sql does).',
		});
	}
	const cascades = design.tables.flatMap((table) => table.foreignKeys.filter((fk) => fk.onDelete === 'cascade').map((fk) => `${fk.refTable} -> ${table.name}`));
	if (cascades.length > 0) {
		notes.push({
			topic: 'Deletes',
			decision: `ON DELETE CASCADE on ${cascades.join(', ')}`,
			tradeoff: 'Deleting a parent is one statement and leaves no orphans; a mistaken delete takes every child row with it, and only a backup brings them back.',
		});
	}
	for (const table of design.tables) {
		if (table.partitioning) notes.push({topic: `Volume: ${table.name}`, decision: partitionDecision(table.partitioning), tradeoff: table.partitioning.reason});
	}
	for (const note of extra) notes.push({topic: `Volume: ${note.table}`, decision: 'not partitioned', tradeoff: note.text});
	const timeSeries = design.indexes.filter((index) => index.method === 'brin');
	for (const index of timeSeries) notes.push({topic: `Volume: ${index.table}`, decision: `BRIN index ${index.name}`, tradeoff: index.rationale});
	if (design.tables.some((table) => table.columns.some((column) => column.type.name === 'tsvector'))) {
		notes.push({
			topic: 'Full-text search',
			decision: 'a generated tsvector column with a GIN index',
			tradeoff: 'Always in step with the text, no trigger; GIN makes writes to searched columns slower (fastupdate batches them) and the column takes space.',
		});
	}
	return notes;
}

function partitionDecision(partitioning: NonNullable<Design['tables'][number]['partitioning']>): string {
	return partitioning.kind === 'hash'
		? `PARTITION BY HASH (${partitioning.column}) into ${partitioning.partitions} partitions`
		: `PARTITION BY RANGE (${partitioning.column}), one partition per month plus a DEFAULT partition`;
}
