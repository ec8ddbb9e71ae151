/**
 * The migration history of an artifact folder: the migrations already written (kept byte for
 * byte, never rewritten) and the design they built, from the folder's manifest, so the next
 * export adds one migration for what changed since.
 */
import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {deriveDesign} from '../engine/derive.js';
import {diffDesigns, type Resolvers} from '../engine/diff.js';
import {UserError} from '../engine/errors.js';
import {backfillLiteral} from '../engine/sql.js';
import type {Design} from '../model/design.js';
import {loadSession} from '../store/session-file.js';
import {renderInitialMigration, type MigrationFile} from '../../templates/migrations.js';
import {renderChangeMigration} from '../../templates/migration-change.js';
import {readManifest} from './write-folder.js';

export interface History {
	/** path → text of every migration already in the folder, in order. */
	readonly migrations: ReadonlyMap<string, string>;
	/** The design those migrations build. */
	readonly design: Design;
}

const MIGRATION = /^(\d{4})_[a-z0-9_]+\.(up|down)\.sql$/;

/** Reads a folder's history, or undefined when it holds no migrations yet. */
export async function readHistory(folder: string): Promise<History | undefined> {
	const names = await readdir(path.join(folder, 'migrations')).catch(() => [] as string[]);
	const migrations = names.filter((name) => MIGRATION.test(name)).sort();
	if (migrations.length === 0) return undefined;
	const texts = new Map<string, string>();
	for (const name of migrations) texts.set(`migrations/${name}`, await readFile(path.join(folder, 'migrations', name), 'utf8'));
	const manifest = await readManifest(folder);
	if (manifest?.design) return {migrations: texts, design: manifest.design as Design};
	// A folder from before the manifest kept the design: its session.json says what it built.
	try {
		return {migrations: texts, design: deriveDesign(await loadSession(path.join(folder, 'session.json')))};
	} catch (error) {
		throw new UserError(`export: ${folder} has migrations, but neither its manifest nor its session.json says what design they built`, {
			hint: 'Export to a new folder, or restore session.json of the last export.',
			cause: error,
		});
	}
}

/**
 * The migrations of the next export: the first export's 0001_init; after that, the folder's
 * migrations as they are plus one new pair for what changed (none when nothing did). With them,
 * the design to render everything else from: columns in the order the migrations leave them.
 */
export function nextMigrations(history: History | undefined, design: Design, resolvers: Resolvers): {migrations: MigrationFile[]; design: Design} {
	if (!history) return {migrations: renderInitialMigration(design), design};
	const kept = [...history.migrations].map(([path, text]) => ({path, text}));
	const {changes, problems, design: ordered} = diffDesigns(history.design, design, resolvers);
	if (problems.length > 0) {
		throw new UserError(`export: the design changed in ways that need an answer before a migration can be written:\n${problems.map((problem) => `  - ${problem.message}\n    ${problem.hint}`).join('\n')}`, {
			hint: 'Nothing was written.',
		});
	}
	if (changes.length === 0) return {migrations: kept, design: ordered};
	const last = Math.max(...[...history.migrations.keys()].map((file) => Number(MIGRATION.exec(path.basename(file))?.[1] ?? 0)));
	return {migrations: [...kept, ...renderChangeMigration(last + 1, changes, history.design, ordered)], design: ordered};
}

/** Answers from a fixed list: `--rename a.b=a.c`, `--backfill t.c=VALUE`, `--allow-drop t` or `t.c`. */
export function fixedResolvers(answers: {readonly renames?: readonly string[]; readonly backfills?: readonly string[]; readonly allowDrops?: readonly string[]}): Resolvers {
	const renames = new Map<string, string>();
	for (const entry of answers.renames ?? []) {
		const [from, to] = entry.split('=');
		if (!from || !to) throw new UserError(`--rename ${entry}: write it as table.old=table.new (a column) or old=new (a table)`);
		renames.set(from, to);
	}
	const backfills = new Map<string, string>();
	for (const entry of answers.backfills ?? []) {
		const at = entry.indexOf('=');
		if (at <= 0) throw new UserError(`--backfill ${entry}: write it as table.column=VALUE, as in tasks.priority=3`);
		backfills.set(entry.slice(0, at), entry.slice(at + 1));
	}
	const drops = new Set(answers.allowDrops ?? []);
	return {
		isRename: (question) =>
			question.kind === 'table'
				? renames.get(question.from) === question.to
				: renames.get(`${question.table}.${question.from}`) === `${question.table}.${question.to}` || renames.get(`${question.from}`) === question.to,
		backfill: (table, column) => {
			const value = backfills.get(`${table}.${column.name}`);
			return value === undefined ? undefined : backfillLiteral(value, column.type);
		},
		confirmDrop: (question) => drops.has(question.column ? `${question.table}.${question.column}` : question.table),
	};
}
