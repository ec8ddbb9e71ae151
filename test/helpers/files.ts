/**
 * Reading a folder back in tests: every regular file below it, by relative path.
 */
import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';

/** Every regular file below root, relative path (with /) → bytes; symbolic links are not followed. */
export async function filesUnder(root: string): Promise<Map<string, Buffer>> {
	const files = new Map<string, Buffer>();
	const walk = async (relative: string): Promise<void> => {
		for (const entry of await readdir(path.join(root, relative), {withFileTypes: true})) {
			const child = relative ? `${relative}/${entry.name}` : entry.name;
			if (entry.isDirectory()) await walk(child);
			else if (entry.isFile()) files.set(child, await readFile(path.join(root, child)));
		}
	};
	await walk('');
	return files;
}

/** Every regular file below root, relative path → text. */
export async function textsUnder(root: string): Promise<Map<string, string>> {
	return new Map([...(await filesUnder(root))].map(([file, bytes]) => [file, bytes.toString('utf8')]));
}
