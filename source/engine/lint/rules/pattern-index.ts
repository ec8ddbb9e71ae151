/**
 * pattern-index: every access pattern has an index that serves it, and every index made for a
 * pattern (or added by hand) serves one.
 *
 * A pattern without an index reads the whole table on every run. An index that serves no pattern
 * and covers no foreign key costs a write on every INSERT (and on updates of its columns), space,
 * and cache, and answers nothing the design asks. Indexes the user added by hand are reported as
 * information only: the user gave a reason, which may be a query the design does not list yet.
 */
import type {Design, Index, QueryPattern} from '../../../model/design.js';
import {planIndexes} from '../../index-planner.js';
import {renderPredicate} from '../../sql.js';
import {approximately, createIndexSql, describeKeys, dropIndexSql, fixIndex, freeName, leadsWith, tableIndexes, takenNames} from '../design-facts.js';
import {findTable} from '../../lookup.js';
import type {Rule, Violation} from '../rule.js';

/** Access patterns have an index, and pattern or hand-made indexes serve a pattern or a foreign key. */
export const rule: Rule = {
	id: 'pattern-index',
	summary: 'Every access pattern has an index, and every pattern or hand-made index serves something.',
	defaultSeverity: 'warning',
	check(design) {
		return [...unservedPatterns(design), ...idleIndexes(design)];
	},
};

function unservedPatterns(design: Design): Violation[] {
	const violations: Violation[] = [];
	for (const pattern of design.patterns) {
		const table = findTable(design, pattern.table);
		if (!table) continue;
		if (pattern.index && tableIndexes(design, table).some((index) => index.name === pattern.index)) continue;
		const planned = plannedIndex(design, pattern);
		if (planned === 'constraint') continue;
		violations.push({
			target: pattern.name,
			message: `${pattern.name} (${pattern.description}, ~${pattern.perSecond}/s) has no index: every run reads all of ${table.name} (${approximately(table.rows)} rows).`,
			action: planned
				? `Create the index the planner would choose: ${table.name} ${describeKeys(planned)}${planned.method === 'btree' ? '' : ` using ${planned.method}`}.`
				: `Give ${table.name} an index for it, or remove the pattern if the application no longer runs it.`,
			...(planned ? {fixSql: createIndexSql(design, planned)} : {}),
		});
	}
	return violations;
}

/** The index the planner makes for one pattern, 'constraint' when a key already serves it. */
function plannedIndex(design: Design, pattern: QueryPattern): Index | 'constraint' | undefined {
	const table = findTable(design, pattern.table)!;
	if (pattern.kind === 'search') {
		const vector = table.columns.find((column) => column.type.name === 'tsvector' && !column.type.isArray);
		if (!vector) return undefined;
		return fixIndex({name: freeName(design, [table.name, vector.name], 'idx'), table: table.name, method: 'gin', keys: [{column: vector.name}]});
	}
	const plan = planIndexes({tables: [table], patterns: [pattern], uniqueIndexes: [], additions: [], drops: [], readWrite: design.readWrite});
	const index = plan.indexes.find((candidate) => candidate.serves.includes(pattern.name));
	if (!index) return plan.patterns[0]?.index ? 'constraint' : undefined;
	return takenNames(design).has(index.name) ? {...index, name: freeName(design, [index.name.replace(/_idx$/, '')], 'idx')} : index;
}

function idleIndexes(design: Design): Violation[] {
	const violations: Violation[] = [];
	for (const index of design.indexes) {
		if (index.unique || (index.origin !== 'access-pattern' && index.origin !== 'override')) continue;
		if (index.serves.length > 0 || design.patterns.some((pattern) => pattern.index === index.name)) continue;
		const table = findTable(design, index.table);
		if (!table) continue;
		const coversForeignKey = table.foreignKeys.some((fk) => index.method === 'btree' && index.where.length === 0 && leadsWith(index.keys, fk.columns));
		if (coversForeignKey) continue;
		const isOverride = index.origin === 'override';
		if (isOverride && design.patterns.some((pattern) => couldServe(index, pattern))) continue;
		violations.push({
			target: index.name,
			message:
				`${index.name} on ${index.table} ${describeKeys(index)} serves no access pattern and covers no foreign key: ` +
				`it costs a write on every insert into ${index.table} (${approximately(table.rows)} rows) and serves nothing this design asks for.`,
			action: isOverride
				? `If it serves a query the design does not list, add that query as an access pattern; otherwise drop it.`
				: `Drop it, or add the query it was made for back to the access patterns.`,
			fixSql: dropIndexSql(design, index),
			...(isOverride ? {severity: 'info' as const} : {}),
		});
	}
	return violations;
}

/** Whether a hand-made index can serve a pattern: same table, its predicate implied, led by a column the pattern filters or sorts by. */
function couldServe(index: Index, pattern: QueryPattern): boolean {
	if (pattern.table !== index.table) return false;
	if (pattern.kind === 'search') return index.method === 'gin';
	const conditions = new Set(pattern.conditions.map((predicate) => renderPredicate(predicate)));
	if (!index.where.every((predicate) => conditions.has(renderPredicate(predicate)))) return false;
	const first = index.keys[0]?.column;
	const used = [...pattern.equals, ...pattern.sort.map((key) => key.column), ...pattern.ranges];
	return first !== undefined && used.includes(first);
}
