/**
 * The interactive wizard: Ink in a terminal, or line by line with --plain. Opens at the first
 * screen, or resumes a saved session; prints how to resume when quit with Ctrl-C.
 */
import {access} from 'node:fs/promises';
import path from 'node:path';
import type {WizardResult} from '../app/app.js';
import {Boot} from '../app/boot.js';
import type {WizardServices} from '../app/services.js';
import {makeTheme} from '../app/theme.js';
import {PHASES} from '../../flows/phases.js';
import {UserError} from '../engine/errors.js';
import type {ValidationProgress} from '../db/validate.js';
import type {Design} from '../model/design.js';
import type {ValidationReport} from '../model/validation.js';
import type {Session} from '../model/session.js';
import type {SessionKeeper} from '../store/session-folder.js';
import type {Output} from './headless.js';

export interface WizardOptions {
	readonly sessionDir: string;
	readonly plain: boolean;
	/** resume: a file, a project name, or true for the list. */
	readonly resume?: string | true;
	/** How the user started us, for the resume hint (`npx pg-designer`, `pg-designer`). */
	readonly invocation: string;
	readonly version: string;
}

/** The services the wizard uses, on the real file system and the embedded database. */
export function realServices(sessionDir: string): WizardServices & {release(): Promise<void>} {
	// The session folder's module brings the session schema and the flows: loaded after the first frame.
	let keeper: Promise<SessionKeeper> | undefined;
	const kept = () => (keeper ??= import('../store/session-folder.js').then(({sessionKeeper}) => sessionKeeper(sessionDir)));
	return {
		sessionFolder: sessionDir,
		claim: async (session) => (await kept()).claim(session),
		save: async (session) => (await kept()).save(session),
		listSessions: async () => (await import('../store/session-folder.js')).listSessions(sessionDir),
		release: async () => {
			if (keeper) await (await keeper).release();
		},
		// Loaded when first used: validation and writing bring PGlite, the sample-data generator and
		// every template, none of which the first screen needs.
		validate: async (design, files, onProgress) => (await validator())(design, files, onProgress),
		write: async (request) => {
			const [{writeDesign}, check] = await Promise.all([import('../export/write-design.js'), validator()]);
			return writeDesign(request, check);
		},
	};
}

async function validator(): Promise<(design: Design, files: ReadonlyMap<string, string>, onProgress?: (progress: ValidationProgress) => void) => Promise<ValidationReport>> {
	const [{validate}, {pgliteProvider}] = await Promise.all([import('../db/validate.js'), import('../db/pglite.js')]);
	return (design, files, onProgress) => validate(design, files, {provider: pgliteProvider, ...(onProgress ? {onProgress} : {})});
}

async function resolveResume(options: WizardOptions): Promise<Session | undefined> {
	if (options.resume === undefined || options.resume === true) return undefined;
	const byName = path.join(options.sessionDir, 'sessions', `${options.resume}.json`);
	const file = await access(options.resume).then(
		() => options.resume as string,
		() => byName,
	);
	const isFolder = await access(path.join(file, 'session.json')).then(
		() => true,
		() => false,
	);
	const {loadSession} = await import('../store/session-file.js');
	return loadSession(isFolder ? path.join(file, 'session.json') : file);
}

/** Runs the wizard; the exit code is 0 when finished, 130 when quit (after saving). */
export async function runWizard(output: Output, options: WizardOptions): Promise<number> {
	const isInteractive = Boolean(process.stdin.isTTY && process.stdout.isTTY) && !process.env.CI;
	if (!isInteractive) {
		throw new UserError(`the wizard needs a terminal; ${process.stdin.isTTY ? 'stdout' : 'stdin'} is not one.`, {
			hint: `From a session file: pg-designer export ${path.join(options.sessionDir, 'sessions', '<project>.json')} --out db/`,
		});
	}
	const initial = await resolveResume(options);
	const services = realServices(options.sessionDir);
	try {
		// A session another wizard has open is refused before anything is drawn.
		if (initial) await services.claim(initial);
		return await runWizardWith(output, options, services, initial);
	} finally {
		await services.release();
	}
}

async function runWizardWith(output: Output, options: WizardOptions, services: WizardServices, initial: Session | undefined): Promise<number> {
	if (options.plain) {
		const {runPlain} = await import('../plain/plain-wizard.js');
		return runPlain(output, {services, ...(initial ? {initial} : {}), invocation: options.invocation, sessionDir: options.sessionDir});
	}
	const {render} = await import('ink');
	// Keys typed while the first screen waits for the rest of the wizard stay in the terminal's
	// buffer as they were typed (raw, not line-edited and echoed); the app reads them when it takes over.
	process.stdin.setRawMode(true);
	let result: WizardResult = {kind: 'quit'};
	const instance = render(
		<Boot
			theme={makeTheme(process.env, true)}
			services={services}
			version={options.version}
			{...(initial ? {initial} : {})}
			onExit={(ended) => {
				result = ended;
			}}
		/>,
		{exitOnCtrlC: false},
	);
	await instance.waitUntilExit();
	return report(output, result, options);
}

/** The lines printed when the wizard ends, and the exit code. */
export function report(output: Output, result: WizardResult, options: Pick<WizardOptions, 'invocation' | 'sessionDir'>): number {
	const dirFlag = options.sessionDir === '.pg-designer' ? '' : ` --session-dir ${options.sessionDir}`;
	if (result.kind === 'done') {
		output.out(`Finished ${result.session.project.name}${result.out ? `: the folder is ${result.out}` : ''}.`);
		if (result.out) output.out(`Check it any time: ${options.invocation} check ${result.out}`);
		return 0;
	}
	if (!result.session) {
		output.out('Nothing was started; nothing was saved.');
		return 130;
	}
	const phase = result.step ? PHASES.find((candidate) => candidate.number === result.step!.phase) : undefined;
	const written = result.session.wizard?.written;
	output.out(
		`Saved ${result.session.project.name}${phase ? ` at ${phase.number} ${phase.name}${result.stepNumber ? `, ${result.stepNumber}` : ''}` : ''}. ${written ? `The folder ${written} holds the last written version.` : 'Nothing was written to ./db/.'}`,
	);
	if (result.file) output.out(`Session file: ${result.file}`);
	output.out('Resume with:');
	output.out(`  ${options.invocation} resume ${result.session.project.name}${dirFlag}`);
	return 130;
}
