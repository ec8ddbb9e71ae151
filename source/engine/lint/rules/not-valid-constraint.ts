/**
 * not-valid-constraint: no CHECK or foreign key stays NOT VALID.
 *
 * `ADD CONSTRAINT ... NOT VALID` is the right first half of adding a constraint to a busy table:
 * PostgreSQL checks new and changed rows at once, without scanning the old ones under a long
 * lock. The second half, `VALIDATE CONSTRAINT`, scans them under a lock that lets reads and writes
 * go on. Left undone, the rows older than the constraint may break it — a reference to a row that
 * does not exist, an amount the CHECK forbids — and PostgreSQL does not assume it holds (a
 * validated `CHECK (col IS NOT NULL)` lets SET NOT NULL skip its scan; an unvalidated one does not).
 *
 * The fix validates the constraint; the action gives the query that finds the rows that would
 * make validation fail. A CHECK a partition or an inheritance child copies from its parent is
 * reported once, on the parent (validating it there validates the copies); one added to the
 * partition itself is reported on the partition.
 */
import type {CheckConstraint, Design, ForeignKey, Table} from '../../../model/design.js';
import {quoteIdent, quoteTable, renderCheck} from '../../sql.js';
import {findTable} from '../../lookup.js';
import {relationSql} from '../../../../templates/ddl.js';
import {foreignKeySubject, foreignKeyTarget} from '../foreign-key-facts.js';
import type {Rule, Violation} from '../rule.js';

/** CHECK and foreign key constraints are validated. */
export const rule: Rule = {
	id: 'not-valid-constraint',
	summary: 'CHECK and foreign key constraints added NOT VALID are validated, so old rows are known to satisfy them.',
	defaultSeverity: 'warning',
	check(design) {
		const violations: Violation[] = [];
		for (const table of design.tables) {
			const parents = ancestors(design, table);
			for (const check of table.checks) {
				// A partition's or child's copy of its parent's CHECK: validating the parent validates it too.
				if (check.notValid && !parents.some((parent) => parent.checks.some((candidate) => candidate.name === check.name))) violations.push(checkFinding(table, check));
			}
			for (const fk of table.foreignKeys) if (fk.notValid) violations.push(foreignKeyFinding(design, table, fk));
		}
		return violations;
	},
};

/** The tables a table takes its CHECKs from: the partitioned tables above a partition, the tables it inherits from (and theirs). */
function ancestors(design: Design, table: Table): Table[] {
	const found: Table[] = [];
	const visit = (names: readonly string[]) => {
		for (const name of names) {
			const parent = findTable(design, name);
			if (!parent || found.includes(parent)) continue;
			found.push(parent);
			visit([...(parent.partitionOf ? [parent.partitionOf] : []), ...(parent.inherits ?? [])]);
		}
	};
	visit([...(table.partitionOf ? [table.partitionOf] : []), ...(table.inherits ?? [])]);
	return found;
}

function validateSql(table: Table, name: string): string {
	return `ALTER TABLE ${quoteTable(table)} VALIDATE CONSTRAINT ${quoteIdent(name)};`;
}

function checkFinding(table: Table, check: CheckConstraint): Violation {
	const condition = withoutOuterParens(renderCheck(check.rule));
	return {
		target: check.name,
		table: table.name,
		message:
			`The CHECK ${check.name} on ${table.name} (${condition}) was added NOT VALID and never validated: new and changed rows satisfy it, rows older than it may not, ` +
			`and PostgreSQL does not assume it holds (the planner and SET NOT NULL ignore it).`,
		action: `Fix or delete the rows that break it — SELECT * FROM ${quoteTable(table)} WHERE NOT (${condition}); — then validate it: VALIDATE scans the table while reads and writes go on.`,
		fixSql: validateSql(table, check.name),
	};
}

function foreignKeyFinding(design: Design, table: Table, fk: ForeignKey): Violation {
	const child = quoteTable(table);
	const parent = relationSql(design, fk.refTable);
	const set = fk.columns.map((column) => `c.${quoteIdent(column)} IS NOT NULL`).join(' AND ');
	const match = fk.columns.map((column, position) => `p.${quoteIdent(fk.refColumns[position] ?? '')} = c.${quoteIdent(column)}`).join(' AND ');
	const orphans = `SELECT ${fk.columns.map((column) => `c.${quoteIdent(column)}`).join(', ')} FROM ${child} c WHERE ${set} AND NOT EXISTS (SELECT FROM ${parent} p WHERE ${match});`;
	const known = findTable(design, fk.refTable) !== undefined;
	return {
		target: fk.name,
		table: table.name,
		message:
			`${foreignKeySubject(table, fk)} -> ${foreignKeyTarget(fk)} (${fk.name}) was added NOT VALID and never validated: new and changed rows are checked, ` +
			`rows older than the constraint may reference ${fk.refTable} rows that do not exist, so code that trusts the reference (joins that expect a parent row) can meet orphans.`,
		action: `Fix or delete the rows without a parent${known ? ` — ${orphans} —` : ''} then validate it: VALIDATE scans ${table.name} while reads and writes go on.`,
		fixSql: validateSql(table, fk.name),
	};
}

/** A condition without the parentheses around all of it that pg_get_constraintdef prints: `((amount < 100))` gives `amount < 100`. */
function withoutOuterParens(sql: string): string {
	let text = sql.trim();
	while (text.startsWith('(') && closes(text) === text.length - 1) text = text.slice(1, -1).trim();
	return text;
}

/** The position of the parenthesis that closes the first one, quotes skipped. */
function closes(text: string): number {
	let depth = 0;
	for (let position = 0; position < text.length; position++) {
		const char = text[position]!;
		if (char === "'" || char === '"') {
			const end = text.indexOf(char, position + 1);
			position = end < 0 ? text.length : end;
		} else if (char === '(') depth++;
		else if (char === ')' && --depth === 0) return position;
	}
	return -1;
}
