/**
 * too-many-indexes: a table under a write-heavy workload carries at most 5 indexes, counting the
 * primary key and unique constraints (information at a balanced workload from 9). Every INSERT
 * writes every index, every UPDATE that changes an indexed column (or cannot stay on the same page)
 * writes them all again, and each one competes for cache. Read-heavy designs are not checked.
 *
 * An existing database says neither its workload (it is taken as balanced) nor which queries use
 * which index: there the finding names the indexes that enforce nothing (not unique) and points to
 * the statistics of the live database, instead of ranking them by a use nobody recorded.
 */
import type {Design, Index} from '../../../model/design.js';
import {tableIndexes} from '../design-facts.js';
import {indexesOf} from '../../lookup.js';
import type {Rule, Violation} from '../rule.js';

const LIMITS = {'write-heavy': 5, balanced: 8} as const;

/** Write-heavy tables carry few indexes. */
export const rule: Rule = {
	id: 'too-many-indexes',
	summary: 'Write-heavy tables carry at most 5 indexes, balanced ones at most 8 (PK and unique keys included).',
	defaultSeverity: 'warning',
	check(design) {
		if (design.readWrite === 'read-heavy') return [];
		const limit = LIMITS[design.readWrite];
		const violations: Violation[] = [];
		for (const table of design.tables) {
			const indexes = tableIndexes(design, table);
			if (indexes.length <= limit) continue;
			const secondary = indexesOf(design, table.name).filter((index) => !index.unique);
			if (design.catalog) {
				violations.push({
					target: table.name,
					message:
						`${table.name} carries ${indexes.length} indexes (${indexes.map((index) => index.name).join(', ')}): ` +
						`every insert writes all ${indexes.length}, and so does every update that changes an indexed column.`,
					action:
						`Keep those that enforce a rule (primary key, unique) and those the queries use. ` +
						(secondary.length > 0 ? `Of the ${secondary.length} that enforce nothing (${secondary.map((index) => index.name).join(', ')}), ` : 'Among the others, ') +
						`look up idx_scan in pg_stat_user_indexes on the live database (since its statistics were last reset) and drop or merge the ones no query uses.`,
					...(design.readWrite === 'balanced' ? {severity: 'info' as const} : {}),
				});
				continue;
			}
			violations.push({
				target: table.name,
				message:
					`${table.name} carries ${indexes.length} indexes (${indexes.map((index) => index.name).join(', ')}) under a ${design.readWrite} workload: ` +
					`every insert writes all ${indexes.length}, and so does every update that changes an indexed column.`,
				action:
					`Keep at most ${limit}: drop or merge the indexes that serve rare queries` +
					(secondary.length > 0 ? ` — least used first: ${byUse(design, secondary).join('; ')}.` : '.'),
				...(design.readWrite === 'balanced' ? {severity: 'info' as const} : {}),
			});
		}
		return violations;
	},
};

/** Secondary indexes with the query rate they serve, least used first. */
function byUse(design: Design, indexes: readonly Index[]): string[] {
	const rate = (index: Index) =>
		design.patterns.filter((pattern) => pattern.index === index.name || index.serves.includes(pattern.name)).reduce((sum, pattern) => sum + pattern.perSecond, 0);
	return [...indexes]
		.sort((a, b) => rate(a) - rate(b) || a.name.localeCompare(b.name))
		.map((index) => {
			const serves = index.serves.length > 0 ? index.serves.join(', ') : 'nothing listed';
			return `${index.name} (${serves}, ~${rate(index)}/s)`;
		});
}
