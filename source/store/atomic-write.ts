/**
 * Atomic file writes: the text goes to a temporary file in the same folder, is flushed, then
 * renamed over the target, so a reader (or a crash) sees the old file or the new one, never half.
 */
import {randomBytes} from 'node:crypto';
import {open, rename, rm} from 'node:fs/promises';
import path from 'node:path';

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
		await rename(temporary, file);
	} catch (error) {
		await rm(temporary, {force: true});
		throw error;
	}
}
