/**
 * The wizard's session folder (.pg-designer/ by default): one file per design, sessions/<project>.json,
 * saved atomically after every answer, listed for resuming.
 */
import {lstat, mkdir, readdir, readFile, readlink, rm} from 'node:fs/promises';
import path from 'node:path';
import {findStep} from '../../flows/index.js';
import {PHASES} from '../../flows/step.js';
import type {Session} from '../model/session.js';
import type {SavedSession} from '../app/services.js';
import {parseSession, saveSession} from './session-file.js';
import {lockSession, type SessionLock} from './session-lock.js';

/** The file a session is saved to. */
export function sessionFile(folder: string, session: Session): string {
	return path.join(folder, 'sessions', `${session.project.name}.json`);
}

/** What one wizard run does with its session files. */
export interface SessionKeeper {
	/** Takes the session's lock; rejects with a UserError when another wizard holds it. */
	claim(session: Session): Promise<void>;
	/**
	 * Saves the session atomically, in the order saves were asked for (a slow save never lands
	 * after a later one); a renamed project moves its file, and its lock, instead of leaving a copy.
	 */
	save(session: Session): Promise<string>;
	/** Gives the lock up (the wizard ends). */
	release(): Promise<void>;
}

/** The session keeper of one wizard run on a session folder. */
export function sessionKeeper(folder: string): SessionKeeper {
	let lock: SessionLock | undefined;
	let previous: string | undefined;
	let queue: Promise<unknown> = Promise.resolve();
	const claim = async (session: Session) => {
		const file = sessionFile(folder, session);
		if (lock?.file === file) return;
		const next = await lockSession(file);
		await lock?.release();
		lock = next;
	};
	const write = async (session: Session) => {
		const file = sessionFile(folder, session);
		await claim(session);
		await mkdir(path.dirname(file), {recursive: true});
		await saveSession(file, session);
		if (previous && previous !== file) await rm(previous, {force: true});
		previous = file;
		return file;
	};
	return {
		claim: (session) => {
			const claimed = queue.then(() => claim(session));
			queue = claimed.catch(() => undefined);
			return claimed;
		},
		save: (session) => {
			const saved = queue.then(() => write(session));
			queue = saved.catch(() => undefined);
			return saved;
		},
		release: async () => {
			await queue;
			await lock?.release();
			lock = undefined;
		},
	};
}

/** Where a session stands, as the resume list says it: "3 Indexes, step 1". */
export function whereItStands(session: Session): string {
	const step = findStep(session, session.wizard?.step);
	const phase = PHASES.find((candidate) => candidate.number === step.phase)!;
	return `${phase.number} ${phase.name}${session.wizard?.written ? `, written to ${session.wizard.written}` : ''}`;
}

/** Every session file of the folder, newest first; one that cannot be read says why. */
export async function listSessions(folder: string): Promise<SavedSession[]> {
	const directory = path.join(folder, 'sessions');
	const names = await readdir(directory).catch(() => [] as string[]);
	const entries: SavedSession[] = [];
	for (const name of names.filter((entry) => entry.endsWith('.json'))) {
		const file = path.join(directory, name);
		const info = await lstat(file).catch(() => undefined);
		if (info?.isSymbolicLink()) {
			entries.push({file, name: name.replace(/\.json$/, ''), summary: '', problem: `a symbolic link to ${await readlink(file).catch(() => '?')}, not opened`});
			continue;
		}
		try {
			const session = parseSession(await readFile(file, 'utf8'), file);
			entries.push({file, name: session.project.name, summary: whereItStands(session), session, ...(info ? {savedAt: info.mtime} : {})});
		} catch (error) {
			const [first, ...more] = (error as Error).message.replace(`store: reading ${file}: `, '').split('\n');
			// One line in the list: "3 problems:" says nothing, its first problem does.
			const problem = /^\d+ problems:$/.test(first!) && more.length > 0 ? `${more[0]!.trim()} (and ${more.length - 1} more)` : first!;
			entries.push({file, name: name.replace(/\.json$/, ''), summary: '', problem, ...(info ? {savedAt: info.mtime} : {})});
		}
	}
	return entries.sort((a, b) => (b.savedAt?.getTime() ?? 0) - (a.savedAt?.getTime() ?? 0));
}
