/**
 * owner-leads-index: under per-user or per-tenant isolation, every btree index of an isolated
 * table leads with the owner column. Every query of an isolated table filters by its owner, so an
 * index led by another column walks the entries of all owners and throws most away, and grows
 * with everyone's rows instead of one owner's. A unique key not led by the owner is unique across
 * owners: one tenant learns from an error that another already uses a value.
 *
 * Not checked: the primary key (a surrogate id finds one row by itself), and GIN, BRIN and hash
 * indexes — GIN cannot hold a plain bigint key without the btree_gin extension, BRIN summarises
 * physical ranges (the owner would not narrow them), and hash indexes take one column only.
 */
import type {Design, Index, IndexKey, Table} from '../../../model/design.js';
import {createIndexSql, describeKeys, dropIndexSql, freeName, tableIndexes} from '../design-facts.js';
import type {Rule, Violation} from '../rule.js';

/** Indexes of isolated tables lead with the owner column. */
export const rule: Rule = {
	id: 'owner-leads-index',
	summary: 'Under isolation, btree indexes of isolated tables lead with the owner column.',
	defaultSeverity: 'warning',
	check(design) {
		if (design.isolation.mode === 'none') return [];
		const violations: Violation[] = [];
		for (const table of design.tables) {
			const owner = table.ownerColumn;
			if (!owner) continue;
			for (const index of tableIndexes(design, table)) {
				if (index.kind === 'primary-key' || index.method !== 'btree') continue;
				const first = index.keys[0];
				if (!first || (first.column === owner && !('expression' in first))) continue;
				const who = design.isolation.mode;
				const designed = design.indexes.find((candidate) => candidate.name === index.name);
				violations.push({
					target: index.name,
					message:
						`${index.name} on ${table.name} ${describeKeys(index)} does not lead with ${owner}: every query of ${table.name} is for one ${who}, ` +
						`so it walks the entries of all ${who}s and keeps few` +
						(index.unique ? `; and as a unique key it holds across ${who}s, so one ${who} learns from an error that another already uses a value.` : '.'),
					action: index.unique
						? `If the value must be unique per ${who} only, put ${owner} first: (${[owner, ...index.keys.filter((key) => key.column !== owner).map((key) => key.column)].join(', ')}). If it must be unique across all ${who}s, suppress this with the reason.`
						: `Rebuild it with ${owner} first, then drop the old one.`,
					...(designed ? {fixSql: rebuildSql(design, table, designed, owner)} : {}),
				});
			}
		}
		return violations;
	},
};

function rebuildSql(design: Design, table: Table, index: Index, owner: string): string {
	const keys: IndexKey[] = [{column: owner}, ...index.keys.filter((key) => 'expression' in key || key.column !== owner)];
	const parts = keys.map((key) => ('expression' in key ? `lower_${key.column}` : key.column));
	const name = freeName(design, [table.name, ...parts], index.unique ? 'key' : 'idx');
	return [createIndexSql(design, {...index, name, keys}), dropIndexSql(design, index)].join('\n');
}
