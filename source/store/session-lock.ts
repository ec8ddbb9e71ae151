/**
 * One wizard per session: a lock file beside the session file (<project>.json.lock) holds the
 * owner's process id, host and start time. A second wizard on the same session is refused with
 * who holds it; a lock left by a process that no longer runs (killed, crashed) is taken over.
 */
import {randomBytes} from 'node:crypto';
import {link, mkdir, readFile, rename, rm, writeFile} from 'node:fs/promises';
import {hostname} from 'node:os';
import path from 'node:path';
import {UserError} from '../engine/errors.js';
import {fileErrorReason} from './file-errors.js';
import {isRunning} from './processes.js';

interface LockOwner {
	readonly pid: number;
	readonly host: string;
	readonly since: string;
}

export interface SessionLock {
	/** The session file the lock guards. */
	readonly file: string;
	release(): Promise<void>;
}

/** The lock file of a session file. */
export function lockFile(sessionFile: string): string {
	return `${sessionFile}.lock`;
}

async function readOwner(lock: string): Promise<LockOwner | undefined> {
	try {
		const data = JSON.parse(await readFile(lock, 'utf8')) as Partial<LockOwner>;
		return typeof data.pid === 'number' && typeof data.host === 'string' ? {pid: data.pid, host: data.host, since: String(data.since ?? '')} : undefined;
	} catch {
		return undefined;
	}
}

/** Whether the owner is gone for sure: a process of this host that no longer runs. */
function isStale(owner: LockOwner | undefined): boolean {
	return owner === undefined || (owner.host === hostname() && owner.pid !== process.pid && !isRunning(owner.pid));
}

/**
 * Takes the lock of a session file, or throws a UserError naming the wizard that holds it. A lock
 * this process already holds is taken again.
 */
export async function lockSession(sessionFile: string): Promise<SessionLock> {
	const lock = lockFile(sessionFile);
	await mkdir(path.dirname(lock), {recursive: true});
	const me: LockOwner = {pid: process.pid, host: hostname(), since: new Date().toISOString()};
	for (let attempt = 0; attempt < 3; attempt++) {
		if (await create(lock, me, sessionFile)) return held(sessionFile, lock);
		const owner = await readOwner(lock);
		if (owner && owner.pid === process.pid && owner.host === me.host) return held(sessionFile, lock);
		if (owner && !isStale(owner)) {
			const since = owner.since ? `, since ${owner.since.slice(11, 19)} UTC` : '';
			throw new UserError(`${sessionFile} is open in another pg-designer (process ${owner.pid} on ${owner.host}${since})`, {
				hint: `Finish or quit that one first. If it is not running any more, delete ${lock}.`,
			});
		}
		// Stale (or unreadable): move it aside, so
		// of two wizards taking it over at once only one succeeds, then try again.
		const aside = `${lock}.${randomBytes(4).toString('hex')}.stale`;
		await rename(lock, aside).catch(() => undefined);
		const moved = await readOwner(aside);
		if (moved && !isStale(moved) && !(moved.pid === process.pid && moved.host === me.host)) {
			// Another wizard took it over in between: put its lock back.
			await rename(aside, lock).catch(() => undefined);
			continue;
		}
		await rm(aside, {force: true});
	}
	throw new UserError(`could not take the lock ${lock}: other pg-designer processes keep taking it`, {hint: 'Close the other wizards on this session and try again.'});
}

/**
 * Creates the lock file whole or not at all: written to a temporary file, then hard-linked to the
 * lock's name, which fails when the lock exists. False when it exists.
 */
async function create(lock: string, me: LockOwner, sessionFile: string): Promise<boolean> {
	const temporary = `${lock}.${randomBytes(4).toString('hex')}.tmp`;
	try {
		await writeFile(temporary, `${JSON.stringify(me)}\n`, {encoding: 'utf8', flag: 'wx', mode: 0o644});
		await link(temporary, lock);
		return true;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
		throw lockError(sessionFile, error);
	} finally {
		await rm(temporary, {force: true});
	}
}

function held(file: string, lock: string): SessionLock {
	let released = false;
	return {
		file,
		async release() {
			if (released) return;
			released = true;
			const owner = await readOwner(lock);
			if (owner?.pid === process.pid && owner.host === hostname()) await rm(lock, {force: true});
		},
	};
}

function lockError(file: string, error: unknown): UserError {
	return new UserError(`store: locking ${file}: ${fileErrorReason(error)}`, {cause: error});
}
