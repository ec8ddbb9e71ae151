import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {App, type WizardResult} from '../../source/app/app.js';
import type {WizardServices} from '../../source/app/services.js';
import {PLAIN_THEME} from '../../source/app/theme.js';
import type {Session} from '../../source/model/session.js';
import type {ValidationReport} from '../../source/model/validation.js';
import {renderArtifacts} from '../../templates/index.js';
import {KEY, type, waitForFrame, waitForText} from '../helpers/ink.js';
import {TODO_PROMPTS} from '../helpers/todo-prompts.js';

interface Fakes {
	services: WizardServices;
	saved: Session[];
	written: {out: string; files: ReadonlyMap<string, string>; force: boolean}[];
}

function fakes(): Fakes {
	const saved: Session[] = [];
	const written: Fakes['written'] = [];
	const report: ValidationReport = {
		engine: 'PGlite (PostgreSQL 18.6)',
		rowCounts: {users: 10},
		steps: [],
		plans: [],
		verifyChecks: 6,
		warnings: [],
	};
	return {
		saved,
		written,
		services: {
			sessionFolder: '.pg-designer',
			claim: async () => undefined,
			save: async (session) => {
				saved.push(session);
				return `.pg-designer/sessions/${session.project.name}.json`;
			},
			listSessions: async () => [],
			validate: async (_design, _files, onProgress) => {
				onProgress({kind: 'done', result: {name: 'Start database', detail: 'PGlite (PostgreSQL 18.6)', ms: 10}});
				return report;
			},
			write: async ({out, session, design, report: measured, force}) => {
				const files = renderArtifacts(session, design, measured);
				written.push({out, files, force});
				return {files, design};
			},
		},
	};
}

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function start(services: WizardServices, initial?: Session) {
	let result: WizardResult | undefined;
	const instance = render(<App theme={PLAIN_THEME} services={services} version="0.1.0" {...(initial ? {initial} : {})} onExit={(ended) => (result = ended)} />);
	cleanup = instance.unmount;
	return {...instance, result: () => result};
}

describe('the wizard (Ink)', () => {
	it('starts from a preset, saves after every answer and walks back across phases with Esc', async () => {
		const {services, saved} = fakes();
		const {lastFrame, stdin} = start(services);
		await waitForText(lastFrame, 'What do you want to do?');
		expect(lastFrame()).toContain('> Multi-user todo');
		stdin.write(KEY.enter);
		await waitForText(lastFrame, 'What is the project called?');
		expect(lastFrame()).toContain(' [1 Requirements]> 2 Schema');
		stdin.write(KEY.enter);
		await waitForText(lastFrame, 'Which entities does the design hold?');
		expect(saved.at(-1)?.wizard?.step).toBe('entities');
		// Every step of phase 1 as the preset answered it, then the first of phase 2.
		for (const prompt of TODO_PROMPTS.slice(TODO_PROMPTS.indexOf('Fields of users'), TODO_PROMPTS.indexOf('Which primary keys?'))) {
			stdin.write(KEY.enter);
			await waitForText(lastFrame, prompt);
		}
		stdin.write(KEY.enter);
		await waitForText(lastFrame, 'Which primary keys?');
		expect(lastFrame()).toContain('  * Requirements >[2 Schema]>');
		stdin.write(KEY.escape);
		await waitForText(lastFrame, 'Who enforces it?');
		expect(lastFrame()).toContain(' [1 Requirements]>');
	});

	it('checks a field line as it is typed and blocks only that line', async () => {
		const {services} = fakes();
		const {lastFrame, stdin} = start(services);
		await waitForText(lastFrame, 'What do you want to do?');
		stdin.write(KEY.enter);
		await waitForText(lastFrame, 'What is the project called?');
		stdin.write(KEY.enter);
		await waitForText(lastFrame, 'Which entities');
		stdin.write(KEY.enter);
		await waitForText(lastFrame, 'Fields of users');
		await type(stdin, 'notes tex ');
		await waitForText(lastFrame, 'x Unknown type "tex". Did you mean text? Tab completes it.');
		stdin.write(KEY.backspace);
		stdin.write(KEY.tab);
		await waitForText(lastFrame, 'notes text_');
		stdin.write('?');
		await waitForText(lastFrame, 'notes text, may be empty');
		stdin.write(KEY.enter);
		await waitForFrameWith(lastFrame, (frame) => /notes text\?\s+notes text, may be empty/.test(frame));
	});

	it('opens the help overlay from the key table and closes it with Esc', async () => {
		const {services} = fakes();
		const {lastFrame, stdin} = start(services);
		await waitForText(lastFrame, 'What do you want to do?');
		stdin.write('?');
		await waitForText(lastFrame, 'Back a step, across phases; closes an input or overlay first');
		expect(lastFrame()).toContain('Ctrl-C');
		stdin.write(KEY.escape);
		await waitForText(lastFrame, 'What do you want to do?');
	});

	it('saves and quits on Ctrl-C, telling where it stopped', async () => {
		const {services, saved} = fakes();
		const {lastFrame, stdin, result} = start(services);
		await waitForText(lastFrame, 'What do you want to do?');
		stdin.write(KEY.enter);
		await waitForText(lastFrame, 'What is the project called?');
		stdin.write(KEY.ctrlC);
		await waitFor(() => result() !== undefined);
		expect(result()).toMatchObject({kind: 'quit', file: '.pg-designer/sessions/todo-app.json', step: {id: 'project'}, stepNumber: 'step 1 of 15'});
		expect(saved.at(-1)?.project.name).toBe('todo-app');
	});

	it('drops and adds indexes in the review, saving each change in the session', async () => {
		const {services, saved} = fakes();
		const {PRESETS} = await import('../../flows/presets.js');
		const {lastFrame, stdin} = start(services, {...PRESETS[0]!.session, wizard: {step: 'review-indexes'}});
		await waitForText(lastFrame, 'Indexes > review');
		stdin.write(KEY.down);
		await waitForText(lastFrame, 'serves  ListPendingTasks');
		stdin.write('d');
		await waitForText(lastFrame, 'serves ListPendingTasks: drop it anyway? (y/N)');
		stdin.write('y');
		await waitForText(lastFrame, '1 dropped by you');
		expect(saved.at(-1)?.indexes.drop).toEqual(['tasks_user_id_due_id_where_completed_at_null_idx']);
		stdin.write('+');
		await waitForText(lastFrame, 'Add an index:');
		await type(stdin, 'tasks (priority) because triage sorts by it');
		stdin.write(KEY.enter);
		// The typed line shows the same words: wait for the list holding the new index, the prompt gone.
		await waitForFrame(lastFrame, (frame) => frame.includes('tasks (priority)') && !frame.includes('Add an index:'));
		expect(saved.at(-1)?.indexes.add).toMatchObject([{entity: 'tasks', columns: ['priority'], reason: 'triage sorts by it'}]);
	});

	it('resumes a session where it was left, and walks the rest to a written folder', async () => {
		const {services, written} = fakes();
		const {PRESETS} = await import('../../flows/presets.js');
		const initial = {...PRESETS[0]!.session, wizard: {step: 'review-indexes'}};
		const {lastFrame, stdin, result} = start(services, initial);
		await waitForText(lastFrame, 'Indexes > review');
		expect(lastFrame()).toContain('tasks (user_id, due, id) partial');
		stdin.write(KEY.enter);
		await waitForText(lastFrame, '[schema.sql]');
		stdin.write(KEY.tab);
		await waitForText(lastFrame, '[indexes.sql]');
		stdin.write(KEY.enter);
		await waitForText(lastFrame, 'Every file ran on PGlite (PostgreSQL 18.6)');
		stdin.write(KEY.enter);
		await waitForText(lastFrame, 'Write the folder where?');
		stdin.write(KEY.enter);
		await waitForText(lastFrame, 'Wrote ./db: 12 files.');
		expect(written[0]).toMatchObject({out: './db', force: false});
		expect(written[0]!.files.get('plans.md')).toContain('Measured on PGlite (PostgreSQL 18.6)');
		for (const prompt of ['How many application instances', 'How many workers', 'How many CPU cores', 'A connection pooler']) {
			stdin.write(KEY.enter);
			await waitForText(lastFrame, prompt);
		}
		stdin.write(KEY.enter);
		await waitForText(lastFrame, '4 instances x 2 workers: pool 10 per instance');
		stdin.write(KEY.enter);
		await waitFor(() => result() !== undefined);
		expect(result()).toMatchObject({kind: 'done', out: './db'});
		expect(written).toHaveLength(2);
		expect(written[1]!.force).toBe(true);
	});

	it('asks whether a column was renamed when the folder holds an earlier write, and writes the new migration', async () => {
		const {writeDesign} = await import('../../source/export/write-design.js');
		const {PRESETS} = await import('../../flows/presets.js');
		const {designOf} = await import('../../flows/step.js');
		const folder = await mkdtemp(path.join(tmpdir(), 'pgd-wizard-evolve-'));
		try {
			const out = path.join(folder, 'db');
			const v1 = PRESETS[0]!.session;
			const validated: string[] = [];
			const validator = async (_design: unknown, files: ReadonlyMap<string, string>) => {
				validated.push(...[...files.keys()].filter((name) => name.startsWith('migrations/0002')));
			};
			const never = async () => {
				throw new Error('the first write asks nothing');
			};
			await writeDesign({out, session: v1, design: designOf(v1)!, force: false, answers: new Map(), ask: never}, validator);
			const v2 = structuredClone(v1);
			v2.entities.find((entity) => entity.name === 'tasks')!.fields.find((field) => field.name === 'notes')!.name = 'details';
			const {services} = fakes();
			const real: WizardServices = {...services, write: (request) => writeDesign(request, validator)};
			const {lastFrame, stdin} = start(real, {...v2, wizard: {step: 'write', out}});
			await waitForText(lastFrame, 'tasks.notes is gone and tasks.details is new. Was notes renamed to details?');
			expect(lastFrame()).toContain('y  renamed: its values are kept');
			stdin.write('y');
			await waitForText(lastFrame, 'migrations/0002_rename_tasks_notes.up.sql.');
			expect(validated.sort()).toEqual(['migrations/0002_rename_tasks_notes.down.sql', 'migrations/0002_rename_tasks_notes.up.sql']);
			expect(await readFile(path.join(out, 'migrations', '0002_rename_tasks_notes.up.sql'), 'utf8')).toContain('ALTER TABLE tasks RENAME COLUMN notes TO details;');
		} finally {
			await rm(folder, {recursive: true, force: true});
		}
	});
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
	const started = Date.now();
	while (!condition()) {
		if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

async function waitForFrameWith(lastFrame: () => string | undefined, predicate: (frame: string) => boolean): Promise<void> {
	const {waitForFrame} = await import('../helpers/ink.js');
	await waitForFrame(lastFrame, predicate);
}
