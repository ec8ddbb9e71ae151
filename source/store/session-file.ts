/**
 * Session files: loaded with errors that name the file and the field, saved atomically.
 */
import {readFile, readlink} from 'node:fs/promises';
import type {z} from 'zod';
import {UserError} from '../engine/errors.js';
import {Session, SESSION_VERSION, type SessionInput} from '../model/session.js';
import {writeFileAtomic} from './atomic-write.js';
import {fileErrorReason} from './file-errors.js';

/** Reads and validates a session file. */
export async function loadSession(file: string): Promise<Session> {
	const link = await readlink(file).catch(() => undefined);
	if (link !== undefined) {
		// Saving would replace the link, or write where it points: neither is the user's intent.
		throw new UserError(`store: reading ${file}: a symbolic link to ${link}, not a session file`, {hint: 'Copy the file it points to into place, or open that file by its own path.'});
	}
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder, not a session file' : fileErrorReason(error);
		throw new UserError(`store: reading ${file}: ${reason}`, {cause: error});
	}
	return parseSession(text, file);
}

/** Parses session JSON text; `source` names it in messages. */
export function parseSession(text: string, source: string): Session {
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (error) {
		throw new UserError(`store: reading ${source}: not valid JSON (${(error as Error).message})`, {
			hint: 'Fix the file by hand, or export a new one from the wizard.',
			cause: error,
		});
	}
	if (typeof data !== 'object' || data === null || Array.isArray(data)) {
		throw new UserError(`store: reading ${source}: not a pg-designer session (expected a JSON object)`);
	}
	const version = (data as Record<string, unknown>).version;
	if (version === undefined) {
		throw new UserError(`store: reading ${source}: not a pg-designer session (it has no "version" field)`);
	}
	if (typeof version !== 'number') {
		throw new UserError(`store: reading ${source}: not a pg-designer session (its "version" is ${JSON.stringify(version)}; a session's is the number ${SESSION_VERSION})`);
	}
	if (version > SESSION_VERSION) {
		throw new UserError(`store: reading ${source}: made by a newer pg-designer (session version ${version}); this one reads version ${SESSION_VERSION}`, {
			hint: 'Upgrade pg-designer to open it.',
		});
	}
	const parsed = Session.safeParse(data);
	if (!parsed.success) {
		throw new UserError(`store: reading ${source}: ${formatIssues(parsed.error.issues)}`);
	}
	return parsed.data;
}

/** Zod issues as `path: message` lines, paths written the way JavaScript would (entities[1].name). */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
	const lines = issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
	return lines.length === 1 ? lines[0]! : `${lines.length} problems:\n${lines.map((line) => `  ${line}`).join('\n')}`;
}

function formatPath(path: readonly PropertyKey[]): string {
	if (path.length === 0) return '(the session)';
	return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index > 0 ? '.' : ''}${String(part)}`)).join('');
}

/** Saves a session atomically, as 2-space JSON. */
export async function saveSession(file: string, session: Session | SessionInput): Promise<void> {
	try {
		await writeFileAtomic(file, `${JSON.stringify(session, null, 2)}\n`);
	} catch (error) {
		if (error instanceof UserError) throw error;
		// The previous file is still there, whole: the atomic write replaces it only when complete.
		throw new UserError(`store: saving ${file}: ${fileErrorReason(error)}`, {hint: 'The last saved version is kept; free the space (or fix the permission) and answer again.', cause: error});
	}
}
