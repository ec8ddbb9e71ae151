/**
 * check: re-run the validation on an artifact folder as it is on disk (edited or not), with the
 * design of its session.json.
 */
import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {deriveDesign} from '../engine/derive.js';
import {orderColumnsLike} from '../engine/diff.js';
import type {Design} from '../model/design.js';
import {readManifest, recoverArtifactFolder} from '../export/write-folder.js';
import {UserError} from '../engine/errors.js';
import type {ValidationReport} from '../model/validation.js';
import {loadSession} from '../store/session-file.js';
import {renderArtifacts} from '../../templates/index.js';
import type {DatabaseProvider} from './database.js';
import {validate, type ValidationProgress} from './validate.js';

export interface CheckResult {
	readonly report: ValidationReport;
	/** Files that differ from what session.json renders today (edited by hand, or made by another version). */
	readonly drifted: readonly string[];
}

/** Validates the folder's files on a throwaway database. */
export async function checkFolder(
	folder: string,
	options: {provider: DatabaseProvider; sampleRows?: number; onProgress?: (progress: ValidationProgress) => void},
): Promise<CheckResult> {
	// An export killed half-way may have left the folder moved aside: put it back first.
	await recoverArtifactFolder(path.resolve(folder));
	const entries = await readdir(folder).catch((error: NodeJS.ErrnoException) => {
		throw new UserError(`check: reading ${folder}: ${error.code === 'ENOENT' ? 'no such folder' : error.code === 'ENOTDIR' ? 'not a folder' : error.message}`);
	});
	if (!entries.includes('session.json')) {
		throw new UserError(`check: ${folder} has no session.json: is it an artifact folder written by pg-designer export?`);
	}
	const session = await loadSession(path.join(folder, 'session.json'));
	// The manifest keeps the design as written: its column order is the one the migrations made.
	const written = (await readManifest(folder))?.design as Design | undefined;
	const design = written ? orderColumnsLike(deriveDesign(session), written) : deriveDesign(session);
	const files = new Map<string, string>();
	for (const name of entries.filter((entry) => /\.(sql|md|py|json)$/.test(entry))) files.set(name, await readFile(path.join(folder, name), 'utf8'));
	const migrations = await readdir(path.join(folder, 'migrations')).catch(() => [] as string[]);
	for (const name of migrations.filter((entry) => entry.endsWith('.sql'))) files.set(`migrations/${name}`, await readFile(path.join(folder, 'migrations', name), 'utf8'));
	// Migrations are history: each was right for the design of its day, not for today's.
	const migrationFiles = [...files].filter(([name]) => name.startsWith('migrations/')).map(([name, text]) => ({path: name, text}));
	const expected = renderArtifacts(session, design, undefined, migrationFiles.length > 0 ? migrationFiles : undefined);
	const drifted = [...expected.keys()].filter((name) => name !== 'plans.md' && files.has(name) && files.get(name) !== expected.get(name));
	const report = await validate(design, files, {
		provider: options.provider,
		...(options.sampleRows !== undefined ? {sampleRows: options.sampleRows} : {}),
		...(options.onProgress ? {onProgress: options.onProgress} : {}),
	});
	return {report, drifted};
}
