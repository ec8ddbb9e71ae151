/**
 * ../shared/real-schemas: schemas nobody here wrote, with their catalog facts and a peer linter's
 * expected findings. Tests read them where they are; they are never copied into the project.
 */
import {execFile} from 'node:child_process';
import {existsSync} from 'node:fs';
import path from 'node:path';
import {promisify} from 'node:util';

const run = promisify(execFile);

/** The folder, or undefined when this machine has none (set PGD_REAL_SCHEMAS to point at it). */
export const REAL_SCHEMAS: string | undefined = [
	process.env.PGD_REAL_SCHEMAS,
	path.resolve(new URL('../../..', import.meta.url).pathname, 'shared/real-schemas'),
	'/work/shared/real-schemas',
].find((candidate): candidate is string => candidate !== undefined && existsSync(path.join(candidate, 'facts.sh')));

/** The folder, or a clear failure saying how to provide it. */
export function realSchemas(): string {
	if (!REAL_SCHEMAS) throw new Error('../shared/real-schemas not found: set PGD_REAL_SCHEMAS to its folder');
	return REAL_SCHEMAS;
}

/** Runs psql on a database; with `stopOnError: false` a failing statement (an expected one) does not stop the file. */
export async function psqlFile(url: string, file: string, options: {singleTransaction?: boolean; stopOnError?: boolean} = {}): Promise<string> {
	const args = ['-X', '-q', ...(options.stopOnError === false ? [] : ['-v', 'ON_ERROR_STOP=1']), ...(options.singleTransaction ? ['-1'] : []), '-d', url, '-f', file];
	const {stdout} = await run('psql', args, {maxBuffer: 64 * 1024 * 1024}).catch((error: {stderr?: string; stdout?: string}) => {
		if (options.stopOnError === false) return {stdout: error.stdout ?? ''};
		throw error;
	});
	return stdout;
}

/** facts.sh of a database: the counts (facts.txt), or one line per object with `detail`. */
export async function facts(url: string, mode: 'counts' | 'detail' = 'counts'): Promise<string> {
	const {stdout} = await run('bash', [path.join(realSchemas(), 'facts.sh'), url, ...(mode === 'detail' ? ['detail'] : [])], {maxBuffer: 64 * 1024 * 1024});
	return stdout;
}
