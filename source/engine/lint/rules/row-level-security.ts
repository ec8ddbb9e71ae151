/**
 * row-level-security: when isolation is enforced by Row-Level Security, every isolated table has
 * RLS enabled (and forced, so the table owner is subject to it too) and a policy that compares
 * its owner column with the current owner. A table left out is exactly where a query that forgets
 * its WHERE owner = ... reads or changes every owner's rows; a table with RLS on but no policy
 * shows the application no rows at all.
 */
import type {Design, Table} from '../../../model/design.js';
import {quoteIdent} from '../../sql.js';
import {createPolicySql, currentOwnerSql, findColumn, freeName} from '../design-facts.js';
import type {Rule, Violation} from '../rule.js';

/** Under RLS enforcement, isolated tables have RLS enabled and a policy. */
export const rule: Rule = {
	id: 'row-level-security',
	summary: 'Under RLS enforcement, every isolated table has Row-Level Security enabled and a policy.',
	defaultSeverity: 'warning',
	check(design) {
		if (design.isolation.mode === 'none' || design.isolation.enforcement !== 'rls') return [];
		const violations: Violation[] = [];
		for (const table of design.tables) {
			const owner = table.ownerColumn;
			if (!owner) continue;
			const hasPolicy = design.policies.some((policy) => policy.table === table.name);
			if (table.rowLevelSecurity && hasPolicy) continue;
			const who = design.isolation.mode;
			violations.push({
				target: table.name,
				message: !table.rowLevelSecurity
					? `${table.name} holds per-${who} rows but Row-Level Security is off: a query that forgets WHERE ${owner} = ... reads and changes every ${who}'s rows.`
					: `${table.name} has Row-Level Security on but no policy: the application sees none of its rows.`,
				action: `Enable and force Row-Level Security on ${table.name}, with a policy that admits only rows whose ${owner} is the current ${who}, for reads and writes.`,
				fixSql: securitySql(design, table, owner, hasPolicy).join('\n'),
			});
		}
		return violations;
	},
};

function securitySql(design: Design, table: Table, owner: string, hasPolicy: boolean): string[] {
	const target = quoteIdent(table.name);
	const {ownerFunction, setting} = design.isolation;
	const current =
		ownerFunction && design.functions.some((fn) => fn.name === ownerFunction)
			? `${quoteIdent(ownerFunction)}()`
			: currentOwnerSql(setting ?? `app.${owner}`, findColumn(table, owner)?.type ?? {name: 'bigint'});
	return [
		...(table.rowLevelSecurity ? [] : [`ALTER TABLE ${target} ENABLE ROW LEVEL SECURITY;`, `ALTER TABLE ${target} FORCE ROW LEVEL SECURITY;`]),
		...(hasPolicy ? [] : [createPolicySql(freeName(design, [table.name], 'isolation'), table.name, owner, current)]),
	];
}
