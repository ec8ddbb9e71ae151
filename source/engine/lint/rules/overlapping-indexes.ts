/**
 * overlapping-indexes: two indexes of a table with the same predicate, where the keys of one are
 * the leading keys of the other — (a) and (a, b), a primary key (id) and an index on (id, phone).
 * The wider one can serve the lookups of the narrower one, so one of the two is often a cost
 * without a use; which one depends on what each enforces and serves:
 *
 * - the narrower is a plain index: the wider one serves its lookups (redundant-index reports the
 *   btree cases that are safe to drop as they are);
 * - the narrower is unique (a key): a lookup by it finds one row, so the wider index's further keys
 *   narrow nothing and only serve index-only scans — INCLUDE on the key, or nothing, does that;
 * - both are unique: the wider one's uniqueness follows from the narrower one's, so it is needed
 *   only as the target of a foreign key on its columns.
 *
 * Keys are compared by column or expression, in order; direction, operator class and INCLUDE
 * columns aside. Both indexes are btree (a btree also serves the equality a hash index does), or of
 * the same other method. Indexes with the same keys are duplicate-index's. Information: only the
 * queries tell which index to keep.
 */
import type {Design, Table} from '../../../model/design.js';
import {keySignature, predicateSignature} from '../../sql.js';
import {describeKeys} from '../design-facts.js';
import {judgedIndexes, type IndexFacts} from '../index-facts.js';
import type {Rule, Violation} from '../rule.js';

/** No two indexes of a table overlap (the keys of one leading the other). */
export const rule: Rule = {
	id: 'overlapping-indexes',
	summary: 'Two indexes whose keys lead one another (a) and (a, b) are reviewed: one of them is often not needed.',
	defaultSeverity: 'info',
	check(design) {
		const violations: Violation[] = [];
		for (const table of design.tables) {
			const indexes = judgedIndexes(design, table);
			for (const [position, first] of indexes.entries()) {
				for (const second of indexes.slice(position + 1)) {
					const pair = ordered(first, second);
					if (pair) violations.push(finding(design, table, ...pair));
				}
			}
		}
		return violations;
	},
};

/** The pair as [narrow, wide] when the narrow one's keys lead the wide one's, else undefined. */
function ordered(a: IndexFacts, b: IndexFacts): [IndexFacts, IndexFacts] | undefined {
	if (!compatible(a.method, b.method) || predicateSignature(a.where) !== predicateSignature(b.where) || a.keys.length === b.keys.length) return undefined;
	const [narrow, wide] = a.keys.length < b.keys.length ? [a, b] : [b, a];
	return narrow.keys.every((key, position) => keySignature(key).replace(/ desc$/, '') === keySignature(wide.keys[position]!).replace(/ desc$/, '')) ? [narrow, wide] : undefined;
}

function compatible(a: IndexFacts['method'], b: IndexFacts['method']): boolean {
	if (a === b) return true;
	const equality = new Set(['btree', 'hash']);
	return equality.has(a) && equality.has(b);
}

function finding(design: Design, table: Table, narrow: IndexFacts, wide: IndexFacts): Violation {
	const shapes = `${narrow.name} ${describeKeys(narrow)} and ${wide.name} ${describeKeys(wide)} on ${table.name}`;
	const extra = wide.keys.slice(narrow.keys.length).map(keySignature);
	if (narrow.unique && wide.unique) {
		const referenced = referencedWith(design, table, wide);
		return {
			target: wide.name,
			table: table.name,
			related: [narrow.name],
			message: `${shapes} are both unique: the uniqueness of ${wide.name} follows from that of ${narrow.name}, so it enforces nothing more while every write maintains both.`,
			action: referenced
				? `${wide.name} is the target of a foreign key on its columns; keep it for that, or point the foreign key at ${narrow.name}'s columns and drop it.`
				: `Drop ${wide.name} unless a foreign key is to reference its columns, or queries need its index-only scans (then INCLUDE (${extra.join(', ')}) on ${narrow.name} serves them).`,
		};
	}
	if (narrow.unique) {
		return {
			target: wide.name,
			table: table.name,
			related: [narrow.name],
			message:
				`${shapes} overlap: ${narrow.name} is unique, so a lookup by ${describeKeys({keys: narrow.keys, where: []})} finds one row, ` +
				`and the further keys of ${wide.name} (${extra.join(', ')}) narrow nothing; they serve only index-only scans.`,
			action: `Drop ${wide.name} unless queries read ${extra.join(', ')} from it alone (index-only scans); an INCLUDE on a unique index serves those too.`,
		};
	}
	const hash = narrow.method === 'hash' ? ` (a hash index serves only =, which the btree serves too)` : '';
	return {
		target: narrow.name,
		table: table.name,
		related: [wide.name],
		message: `${shapes} overlap: the wider one serves every lookup the narrower one does${hash}, and PostgreSQL maintains both on every write.`,
		action: `Drop ${narrow.name} unless its smaller size matters to a hot query${narrow.include.length > 0 ? ` or index-only scans need its INCLUDE (${narrow.include.join(', ')})` : ''}; keep both only when the queries prove it.`,
	};
}

/** Whether some foreign key references exactly this index's columns. */
function referencedWith(design: Design, table: Table, index: IndexFacts): boolean {
	const columns = index.keys.map((key) => key.column).sort().join(',');
	return design.tables.some((other) => other.foreignKeys.some((fk) => fk.refTable === table.name && [...fk.refColumns].sort().join(',') === columns));
}
