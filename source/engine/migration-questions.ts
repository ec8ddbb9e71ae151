/**
 * The questions a new migration may need answered in the wizard — a rename or a drop and an add?
 * what do existing rows hold in a new NOT NULL column? may this data be destroyed? — as data, with
 * resolvers that answer from what the user said so far and note what is still open.
 */
import type {Column} from '../model/design.js';
import type {DropQuestion, RenameQuestion, Resolvers} from './diff.js';
import {backfillLiteral} from './sql.js';

export type MigrationQuestion =
	| {readonly kind: 'rename'; readonly key: string; readonly question: RenameQuestion}
	| {readonly kind: 'backfill'; readonly key: string; readonly table: string; readonly column: Column}
	| {readonly kind: 'drop'; readonly key: string; readonly question: DropQuestion};

/** What the user answered: true/false for renames and drops, the typed value for backfills. */
export type MigrationAnswers = Map<string, boolean | string>;

/** Resolvers that answer from `answers` and push every question still open onto `open`. */
export function askingResolvers(answers: ReadonlyMap<string, boolean | string>, open: MigrationQuestion[]): Resolvers {
	const ask = (question: MigrationQuestion) => {
		if (!open.some((entry) => entry.key === question.key)) open.push(question);
	};
	return {
		isRename: (question) => {
			const key = `rename:${question.table ?? ''}:${question.from}:${question.to}`;
			const answer = answers.get(key);
			if (answer === undefined) ask({kind: 'rename', key, question});
			return answer === true;
		},
		backfill: (table, column) => {
			const key = `backfill:${table}.${column.name}`;
			const answer = answers.get(key);
			if (typeof answer !== 'string') {
				ask({kind: 'backfill', key, table, column});
				return undefined;
			}
			return backfillLiteral(answer, column.type);
		},
		confirmDrop: (question) => {
			const key = `drop:${question.table}${question.column ? `.${question.column}` : ''}`;
			const answer = answers.get(key);
			if (answer === undefined) ask({kind: 'drop', key, question});
			return answer === true;
		},
	};
}

/** The question as the wizard puts it. */
export function questionText(question: MigrationQuestion): string {
	switch (question.kind) {
		case 'rename': {
			const {from, to, table, kind} = question.question;
			return kind === 'table'
				? `Table ${from} is gone and ${to} is new. Was ${from} renamed to ${to}?`
				: `${table}.${from} is gone and ${table}.${to} is new. Was ${from} renamed to ${to}?`;
		}
		case 'backfill':
			return `${question.table}.${question.column.name} is new and NOT NULL without a default. What do the rows already in ${question.table} hold?`;
		case 'drop': {
			const {table, column, rows} = question.question;
			const what = column ? `${table}.${column} and its values in every row` : `table ${table} and ${rows > 0 ? `its ~${rows.toLocaleString('en-US')} rows` : 'every row it holds'}`;
			return `${column ? `${table}.${column}` : table} is gone from the design. Drop ${what}? This cannot be undone by the down migration.`;
		}
	}
}
