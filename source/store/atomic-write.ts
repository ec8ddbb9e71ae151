/**
 * Atomic file writes: the text goes to a temporary file in the same folder, is flushed, then
 * renamed over the target, so a reader (or a crash) sees the old file or the new one, never half.
 */
import {randomBytes} from 'node:crypto';
import {lstat, open, readlink, rename, rm} from 'node:fs/promises';
import path from 'node:path';
import {UserError} from '../engine/errors.js';

/** Writes a file atomically; the temporary file is removed if anything fails. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
	const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
	try {
		const handle = await open(temporary, 'wx', 0o644);
		try {
			await handle.writeFile(text, 'utf8');
			await handle.sync();
		} finally {
			await handle.close();
		}
		// A link in place of the file is not replaced (nor written through): it may point anywhere.
		const existing = await lstat(file).catch(() => undefined);
		if (existing?.isSymbolicLink()) {
			throw new UserError(`${file} is a symbolic link (to ${await readlink(file)}), not a file pg-designer wrote; it was left as it is`, {
				hint: 'Remove the link (or move it away) and save again.',
			});
		}
		await rename(temporary, file);
	} catch (error) {
		await rm(temporary, {force: true});
		throw error;
	}
}
