/**
 * `pg-designer import (FILE.sql | --database-url URL) --out SESSION.json`: an existing schema as a
 * session the wizard can resume. The report names every statement the design does not model.
 */
import {access, readFile} from 'node:fs/promises';
import {UserError} from '../engine/errors.js';
import {providerFor, serverTarget} from '../db/connection.js';
import type {SortedStatement} from '../db/import-plan.js';
import type {Database} from '../db/database.js';
import {dumpSchema, importSchema, projectNameFrom, type ImportResult} from '../db/importer.js';
import {saveSession} from '../store/session-file.js';
import type {Output} from './headless.js';

export interface ImportCommandOptions {
	readonly file?: string;
	readonly databaseUrl?: string;
	readonly out: string;
	readonly force: boolean;
}

export async function runImport(output: Output, options: ImportCommandOptions): Promise<number> {
	if (!options.force && (await exists(options.out))) {
		throw new UserError(`import: ${options.out} already exists; nothing was written`, {hint: 'Name another --out file, or add --force to replace it.'});
	}
	const {sql, source} = await readSource(options);
	const projectName = projectNameFrom(options.file ?? 'database');
	let result: ImportResult;
	if (options.file) {
		const provider = await providerFor(options.databaseUrl);
		output.progress(`Importing ${source} on ${provider.description}...`);
		result = await importSchema(sql, provider, {source, projectName});
	} else {
		// The live database is read as it is (read-only): its catalog, and what its dump cannot hold (INVALID indexes, sequence positions).
		output.progress(`Importing ${source}...`);
		const db = await connectLive(options.databaseUrl);
		try {
			result = await importSchema(sql, {live: db}, {source, projectName});
		} finally {
			await db.close();
		}
	}
	await saveSession(options.out, result.session);
	report(output, result.statements, options.out, options.file ? `read and run on ${result.engine}` : 'read from pg_dump -s (the catalog read from the database itself)');
	if (result.live && (result.live.invalidIndexes.length > 0 || result.live.sequencePositions > 0)) {
		const {invalidIndexes, sequencePositions} = result.live;
		output.out(
			`From the live database (a dump cannot show them): ${sequencePositions} sequence position${sequencePositions === 1 ? '' : 's'}` +
				(invalidIndexes.length > 0 ? `; ${invalidIndexes.length} INVALID index${invalidIndexes.length === 1 ? '' : 'es'}, kept in the design but not built: ${invalidIndexes.join(', ')}` : '') +
				'. lint reports them.',
		);
	}
	return 0;
}

async function connectLive(databaseUrl: string | undefined): Promise<Database> {
	const target = serverTarget(databaseUrl, process.env)!;
	const {connectTo} = await import('../db/pg-server.js');
	return connectTo(target);
}

async function readSource(options: ImportCommandOptions): Promise<{sql: string; source: string}> {
	if (options.file) {
		try {
			return {sql: await readFile(options.file, 'utf8'), source: options.file};
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			throw new UserError(`import: reading ${options.file}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
		}
	}
	const target = serverTarget(options.databaseUrl, process.env);
	if (!target) throw new UserError('import takes a FILE.sql or --database-url URL', {hint: 'pg-designer import schema.sql --out session.json'});
	return {sql: await dumpSchema(target.connectionString, target.shown), source: target.shown};
}

function report(output: Output, statements: readonly SortedStatement[], out: string, how: string): void {
	const count = (placement: SortedStatement['placement']) => statements.filter((statement) => statement.placement === placement);
	const modelled = count('model').length;
	const kept = statements.filter((statement) => ['before', 'after', 'after-indexes'].includes(statement.placement));
	const ignored = count('ignored');
	output.out(`Wrote ${out}: ${statements.length} statements ${how}; ${modelled} are now part of the design.`);
	if (kept.length > 0) {
		output.out(`Kept as written (the design does not model them; they are exported verbatim): ${kept.length}`);
		const kinds = new Map<string, SortedStatement[]>();
		for (const statement of kept) {
			if (!kinds.has(statement.kind)) kinds.set(statement.kind, []);
			kinds.get(statement.kind)!.push(statement);
		}
		for (const [kind, group] of kinds) {
			output.out(group.length === 1 ? `  ${kind}, line ${group[0]!.line}: ${summary(group[0]!.text)}` : `  ${group.length} × ${kind}: ${lineList(group)}`);
		}
	}
	const reasons = new Map<string, SortedStatement[]>();
	for (const statement of ignored) {
		const reason = statement.reason ?? '';
		if (!reasons.has(reason)) reasons.set(reason, []);
		reasons.get(reason)!.push(statement);
	}
	for (const [reason, group] of reasons) {
		output.out(`Left out: ${group.length} (${reason}): ${lineList(group)}`);
	}
	output.out(`Next: pg-designer resume ${out} to review it, or pg-designer lint ${out}.`);
}

function lineList(group: readonly SortedStatement[]): string {
	const lines = group.map((statement) => statement.line);
	return `line${lines.length === 1 ? '' : 's'} ${lines.slice(0, 12).join(', ')}${lines.length > 12 ? `, ... (${lines.length - 12} more)` : ''}`;
}

function summary(text: string): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > 70 ? `${flat.slice(0, 67)}...` : flat;
}

async function exists(file: string): Promise<boolean> {
	try {
		await access(file);
		return true;
	} catch {
		return false;
	}
}
