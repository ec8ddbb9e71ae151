/**
 * cascade-chain: shows what one DELETE takes with it when ON DELETE CASCADE links chain — a row of
 * a deletes rows of b, which delete rows of c — with the rows each level holds per deleted row
 * (estimated from the expected row counts as child rows / parent rows along the chain). Reported:
 *
 * - chains at least two levels deep (a -> b -> c), and self-references with CASCADE, which chain
 *   to any depth (a reply's replies);
 * - a single level whose child table holds at least 1,000,000 rows, more than 1,000 per parent:
 *   one DELETE then removes that many rows in one transaction, holding their locks and writing
 *   their WAL at once.
 *
 * Under isolation, chains that start at the owner table are how a user or tenant and all its data
 * are erased — the purpose of the cascade. They are shown as information, with the numbers and,
 * for a large level, the advice to delete in batches: a per-owner table of millions of rows is the
 * normal shape of such a design, not a mistake in it.
 *
 * A schema read from a file (or a database never analyzed) holds no row counts: the chain is then
 * shown without estimates rather than with made-up ones.
 */
import type {Design, Table} from '../../../model/design.js';
import {MILLIONS} from '../../volume.js';
import {approximately} from '../design-facts.js';
import type {Rule, Violation} from '../rule.js';

const LARGE_PER_PARENT = 1000;

/** Levels named in a message; a longer chain is counted. */
const MAX_LEVELS = 12;

/** A table reached from the root, with the rows it loses per root row, by its longest chain. */
interface Reached {
	readonly table: Table;
	readonly perRoot: number;
	/** Tables on its chain from the root, the root and itself included. */
	readonly length: number;
	/** The entry it was reached from (undefined: straight from the root). */
	readonly via?: Reached;
}

/** The chain of tables from the root to an entry. */
function pathOf(root: Table, entry: Reached): string[] {
	const names: string[] = [];
	for (let step: Reached | undefined = entry; step; step = step.via) names.push(step.table.name);
	return [root.name, ...names.reverse()];
}

/** One CASCADE link on the way, with the child rows per parent row. */
interface Link {
	readonly parent: string;
	readonly child: string;
	readonly childRows: number;
	readonly perParent: number;
}

/** Chains of ON DELETE CASCADE two or more levels deep, or one large level, with estimated rows per level. */
export const rule: Rule = {
	id: 'cascade-chain',
	summary: 'Chains of ON DELETE CASCADE (two levels or more, or one large level) are shown with the rows one DELETE removes.',
	defaultSeverity: 'warning',
	check(design) {
		const violations: Violation[] = [];
		const children = cascadeChildren(design);
		for (const root of design.tables) {
			const {reached, large} = walk(root, children);
			const isRecursive = root.foreignKeys.some((fk) => fk.onDelete === 'cascade' && fk.refTable === root.name);
			if (reached.length === 0 && !isRecursive) continue;
			const depth = Math.max(0, ...reached.map((entry) => entry.length - 1));
			if (depth < 2 && !isRecursive && large.length === 0) continue;
			const isOwnerRoot = design.isolation.mode !== 'none' && design.isolation.ownerTable === root.name;
			const deepest = reached.filter((entry) => entry.length - 1 === depth).slice(0, 3);
			const isCounted = root.rows > 0 || reached.some((entry) => entry.table.rows > 0);
			const named = reached.slice(0, MAX_LEVELS).map((entry) => (isCounted ? `${approximately(Math.max(1, entry.perRoot))} ${entry.table.name}` : `its ${entry.table.name} rows`));
			const levels = reached.length > MAX_LEVELS ? [...named, `and the rows of ${reached.length - MAX_LEVELS} more tables`] : named;
			violations.push({
				target: root.name,
				message:
					`Deleting one ${root.name} row deletes ${[...levels, ...(isRecursive ? [`its child ${root.name} rows, and theirs, to any depth`] : [])].join(', ')}` +
					(depth >= 2 ? ` (${deepest.map((entry) => chain(pathOf(root, entry))).join('; ')})` : '') +
					(large.length > 0 ? `; ${large.map((link) => `${approximately(link.perParent)} ${link.child} per ${link.parent} row go in one transaction`).join('; ')}` : '') +
					'.',
				action: isOwnerRoot
					? `This is how a ${design.isolation.mode} and all its data are removed, as intended.${large.length > 0 ? ` ${BATCHES}` : ''}`
					: `Make sure deleting a ${root.name} row should take all of that with it. Where it should not, make the link RESTRICT (refuse while rows exist) or soft-delete ${root.name}. ` +
						(large.length > 0 ? BATCHES : 'Where it should, delete large trees in batches, children first, so one DELETE does not lock them all at once.'),
				...(isOwnerRoot ? {severity: 'info' as const} : {}),
			});
		}
		return violations;
	},
};

/** A path of tables, its middle left out when it is long. */
function chain(path: readonly string[]): string {
	return path.length > MAX_LEVELS ? [...path.slice(0, 3), `... (${path.length - 5} more)`, ...path.slice(-2)].join(' -> ') : path.join(' -> ');
}

const BATCHES =
	'Delete the rows of the large levels in batches before the parent (DELETE ... WHERE id IN (SELECT id ... LIMIT 10000), repeated), or partition those tables so whole partitions can be dropped.';

/**
 * Tables reached through CASCADE links from the root, each once (by its longest chain, then the
 * largest estimate), shallowest first; and the links on the way that put more than LARGE_PER_PARENT
 * rows of a table of millions under each parent row.
 */
function walk(root: Table, children: ReadonlyMap<string, readonly Table[]>): {reached: Reached[]; large: Link[]} {
	const best = new Map<string, Reached>();
	// The links that put many rows of a large table under each parent row, each once.
	const large = new Map<string, Link>();
	// The tables on the chain being walked: a cycle of cascades stops where it began.
	const onChain = new Set([root.name]);
	const visit = (parent: Table, from: Reached | undefined) => {
		const perRoot = from?.perRoot ?? 1;
		for (const child of children.get(parent.name) ?? []) {
			if (onChain.has(child.name)) continue;
			const perParent = parent.rows > 0 ? child.rows / parent.rows : child.rows;
			if (child.rows >= MILLIONS && perParent > LARGE_PER_PARENT) large.set(`${parent.name}->${child.name}`, {parent: parent.name, child: child.name, childRows: child.rows, perParent});
			const entry: Reached = {table: child, perRoot: perRoot * perParent, length: (from?.length ?? 1) + 1, ...(from ? {via: from} : {})};
			const known = best.get(child.name);
			const isBetter = !known || entry.length > known.length || (entry.length === known.length && entry.perRoot > known.perRoot);
			// Only a longer (or larger) way to a table can change what lies below it: the walk stays polynomial.
			if (!isBetter) continue;
			best.set(child.name, entry);
			onChain.add(child.name);
			visit(child, entry);
			onChain.delete(child.name);
		}
	};
	visit(root, undefined);
	return {
		reached: [...best.values()].sort((a, b) => a.length - b.length || a.table.name.localeCompare(b.table.name)),
		large: [...large.values()],
	};
}

/** The tables each table's rows cascade to: children by ON DELETE CASCADE, self-references aside. */
function cascadeChildren(design: Design): Map<string, Table[]> {
	const children = new Map<string, Table[]>();
	for (const child of design.tables) {
		for (const parent of new Set(child.foreignKeys.filter((fk) => fk.onDelete === 'cascade' && fk.refTable !== child.name).map((fk) => fk.refTable))) {
			if (!children.has(parent)) children.set(parent, []);
			children.get(parent)!.push(child);
		}
	}
	return children;
}
