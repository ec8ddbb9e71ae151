/**
 * The wizard's session folder (.pg-designer/ by default): one file per design, sessions/<project>.json,
 * saved atomically after every answer, listed for resuming.
 */
import {mkdir, readdir, readFile, rm, stat} from 'node:fs/promises';
import path from 'node:path';
import {findStep} from '../../flows/index.js';
import {PHASES} from '../../flows/step.js';
import type {Session} from '../model/session.js';
import type {SavedSession} from '../app/services.js';
import {parseSession, saveSession} from './session-file.js';

/** The file a session is saved to. */
export function sessionFile(folder: string, session: Session): string {
	return path.join(folder, 'sessions', `${session.project.name}.json`);
}

/** Saves sessions of one wizard run; a renamed project moves its file instead of leaving a copy. */
export function sessionSaver(folder: string): (session: Session) => Promise<string> {
	let previous: string | undefined;
	return async (session) => {
		const file = sessionFile(folder, session);
		await mkdir(path.dirname(file), {recursive: true});
		await saveSession(file, session);
		if (previous && previous !== file) await rm(previous, {force: true});
		previous = file;
		return file;
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
		const info = await stat(file).catch(() => undefined);
		try {
			const session = parseSession(await readFile(file, 'utf8'), file);
			entries.push({file, name: session.project.name, summary: whereItStands(session), session, ...(info ? {savedAt: info.mtime} : {})});
		} catch (error) {
			const message = (error as Error).message.replace(`store: reading ${file}: `, '');
			entries.push({file, name: name.replace(/\.json$/, ''), summary: '', problem: message.split('\n')[0]!, ...(info ? {savedAt: info.mtime} : {})});
		}
	}
	return entries.sort((a, b) => (b.savedAt?.getTime() ?? 0) - (a.savedAt?.getTime() ?? 0));
}
