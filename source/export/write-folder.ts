/**
 * Writing the artifact folder safely: everything is written to a temporary folder next to the
 * target, then swapped in by rename, so the folder is the old one or the new one, never a mix.
 * A manifest of content hashes remembers what was written; a file the user edited since (or a
 * file pg-designer never wrote) is not overwritten unless forced. Files that are not artifacts
 * (the user's own notes, a .gitkeep) are carried over.
 */
import {createHash, randomBytes} from 'node:crypto';
import {cp, lstat, mkdir, readdir, readFile, rename, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {UserError} from '../engine/errors.js';
import {fileErrorReason} from '../store/file-errors.js';
import {isRunning} from '../store/processes.js';

/** The manifest's file name inside the artifact folder. */
export const MANIFEST = '.pg-designer-manifest.json';

export interface Manifest {
	readonly generator: 'pg-designer';
	readonly version: 1;
	readonly files: Record<string, string>;
	/** The design as this export wrote it: the next export diffs against it for a new migration. */
	readonly design?: unknown;
}

/** SHA-256 of a file's text, as stored in the manifest. */
export function contentHash(text: string | Buffer): string {
	return createHash('sha256').update(text).digest('hex');
}

/** Reads the manifest of a folder, or undefined when there is none (or it is unreadable). */
export async function readManifest(folder: string): Promise<Manifest | undefined> {
	try {
		const data = JSON.parse(await readFile(path.join(folder, MANIFEST), 'utf8')) as Manifest;
		return data.generator === 'pg-designer' && typeof data.files === 'object' ? data : undefined;
	} catch {
		return undefined;
	}
}

/** Files of the folder the user changed since the last export, or that pg-designer did not write. */
export async function conflictingFiles(folder: string, files: ReadonlyMap<string, string>): Promise<{edited: string[]; foreign: string[]}> {
	const manifest = await readManifest(folder);
	const edited: string[] = [];
	const foreign: string[] = [];
	for (const relative of files.keys()) {
		let current: Buffer;
		try {
			current = await readFile(path.join(folder, relative));
		} catch {
			continue;
		}
		const recorded = manifest?.files[relative];
		if (recorded === undefined) {
			if (contentHash(current) !== contentHash(files.get(relative)!)) foreign.push(relative);
		} else if (recorded !== contentHash(current) && contentHash(current) !== contentHash(files.get(relative)!)) {
			edited.push(relative);
		}
	}
	return {edited, foreign};
}

export interface WriteOptions {
	/** Overwrite files edited since the last export, or not written by pg-designer. */
	readonly force?: boolean;
	/** The design this export wrote, kept in the manifest. */
	readonly design?: unknown;
}

/**
 * Writes the artifact folder. Refuses (and writes nothing) when the target holds edited or foreign
 * files, unless forced; the previous folder is left intact on any failure.
 */
export async function writeArtifactFolder(folder: string, files: ReadonlyMap<string, string>, options: WriteOptions = {}): Promise<void> {
	const target = path.resolve(folder);
	await recoverArtifactFolder(target);
	const existing = await lstat(target).catch(() => undefined);
	if (existing && !existing.isDirectory()) {
		throw new UserError(`export: ${folder} is ${existing.isSymbolicLink() ? 'a symbolic link' : 'a file'}, not a folder`, {hint: 'Choose another --out, or move it away.'});
	}
	if (existing && !options.force) {
		const {edited, foreign} = await conflictingFiles(target, files);
		if (edited.length > 0 || foreign.length > 0) {
			const parts = [
				...(edited.length > 0 ? [`edited since the last export: ${edited.join(', ')}`] : []),
				...(foreign.length > 0 ? [`not written by pg-designer: ${foreign.join(', ')}`] : []),
			];
			throw new UserError(`export: ${folder} holds files that would be overwritten (${parts.join('; ')})`, {
				hint: 'Nothing was written. Move your changes into the session, or pass --force to overwrite them.',
			});
		}
	}
	const parent = path.dirname(target);
	const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
	const staging = path.join(parent, `.${path.basename(target)}.new-${suffix}`);
	const retired = path.join(parent, `.${path.basename(target)}.old-${suffix}`);
	try {
		await mkdir(parent, {recursive: true});
		await mkdir(staging);
		if (existing) await carryOver(target, staging, files);
		const manifest: Manifest = {generator: 'pg-designer', version: 1, files: {}, ...(options.design ? {design: options.design} : {})};
		for (const [relative, text] of files) {
			const file = path.join(staging, relative);
			await mkdir(path.dirname(file), {recursive: true});
			await writeFile(file, text, 'utf8');
			manifest.files[relative] = contentHash(text);
		}
		await writeFile(path.join(staging, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
		if (existing) await rename(target, retired);
		try {
			await rename(staging, target);
		} catch (error) {
			if (existing) await rename(retired, target);
			throw error;
		}
	} catch (error) {
		await rm(staging, {recursive: true, force: true});
		if (error instanceof UserError) throw error;
		throw new UserError(`export: writing ${folder}: ${fileErrorReason(error)}`, {hint: 'Nothing was changed in the folder.', cause: error});
	}
	await rm(retired, {recursive: true, force: true});
}

/** The temporary folders of an export into `target`: `.name.new-<pid>-<hex>` and `.name.old-<pid>-<hex>`. */
async function exportLeftovers(target: string): Promise<{path: string; kind: 'new' | 'old'; pid: number}[]> {
	const parent = path.dirname(target);
	const prefix = `.${path.basename(target)}.`;
	const names = await readdir(parent).catch(() => [] as string[]);
	return names.flatMap((name) => {
		const match = name.startsWith(prefix) ? /^(new|old)-(\d+)-[0-9a-f]+$/.exec(name.slice(prefix.length)) : null;
		return match ? [{path: path.join(parent, name), kind: match[1] as 'new' | 'old', pid: Number(match[2])}] : [];
	});
}

/**
 * Puts an artifact folder back after an export was killed: between moving the old folder aside and
 * moving the new one in, the folder is briefly missing, and a kill then leaves only `.name.old-*`;
 * that one is moved back. Temporary folders of exports that no longer run are removed.
 */
export async function recoverArtifactFolder(target: string): Promise<void> {
	const leftovers = (await exportLeftovers(target)).filter((leftover) => leftover.pid === process.pid || !isRunning(leftover.pid));
	if (leftovers.length === 0) return;
	const present = await lstat(target).then(
		() => true,
		() => false,
	);
	if (!present) {
		const old = leftovers.find((leftover) => leftover.kind === 'old');
		if (old) await rename(old.path, target);
	}
	for (const leftover of leftovers) await rm(leftover.path, {recursive: true, force: true});
}

/** Copies the files of the old folder that are not artifacts into the new one. */
async function carryOver(from: string, to: string, files: ReadonlyMap<string, string>): Promise<void> {
	const manifest = await readManifest(from);
	const written = new Set(Object.keys(manifest?.files ?? {}));
	const walk = async (relative: string): Promise<void> => {
		for (const entry of await readdir(path.join(from, relative), {withFileTypes: true})) {
			const child = relative ? `${relative}/${entry.name}` : entry.name;
			if (child === MANIFEST) continue;
			if (entry.isDirectory()) {
				await walk(child);
			} else if (!files.has(child) && !written.has(child)) {
				await mkdir(path.join(to, relative), {recursive: true});
				await cp(path.join(from, child), path.join(to, child), {preserveTimestamps: true});
			}
		}
	};
	await walk('');
}
