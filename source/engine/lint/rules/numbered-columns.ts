/**
 * numbered-columns: a table does not spread a list over numbered columns (phone1, phone2;
 * address1, address2, address3).
 *
 * Information, because some such columns are fixed by nature (address_line1 and address_line2 of
 * a postal address). Otherwise a list in columns caps it at the number of columns (a third phone
 * needs a schema change), makes every search test each column (`WHERE phone1 = $1 OR phone2 =
 * $1`), needs one index per column, and leaves gaps (phone2 set, phone1 NULL). A child table with
 * a foreign key holds any number, and one index finds them all. Two or more columns that share a
 * name up to a trailing number form a group; partitions are judged with their parent.
 */
import type {Rule, Violation} from '../rule.js';

const NUMBERED = /^(\D+)\d+$/;

/** Lists are rows of a child table, not numbered columns. */
export const rule: Rule = {
	id: 'numbered-columns',
	summary: 'Lists are rows of a child table, not numbered columns (phone1, phone2, ...).',
	defaultSeverity: 'info',
	check(design) {
		const violations: Violation[] = [];
		for (const table of design.tables) {
			if (table.partitionOf !== undefined) continue;
			const groups = new Map<string, string[]>();
			for (const column of table.columns) {
				const base = NUMBERED.exec(column.name)?.[1];
				if (base !== undefined) groups.set(base, [...(groups.get(base) ?? []), column.name]);
			}
			const lists = [...groups.entries()].filter(([, columns]) => columns.length >= 2);
			if (lists.length === 0) continue;
			const [base, columns] = lists[0]!;
			const stem = base.replace(/_+$/, '');
			violations.push({
				target: table.name,
				message:
					`${table.name} keeps ${lists.length === 1 ? 'a list' : 'lists'} in numbered columns (${lists.map(([, names]) => names.join(', ')).join('; ')}): ` +
					`the list cannot grow past the columns without a schema change, a search must test every column (${columns.map((name) => `${name} = $1`).join(' OR ')}), and each needs its own index.`,
				action:
					`Unless the number is fixed by nature (two address lines), move each list to a child table — one row per ${stem}: a foreign key to ${table.name}, a position, the ${stem} — ` +
					`copy the values over, then drop the columns.`,
			});
		}
		return violations;
	},
};
