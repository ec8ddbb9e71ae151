/**
 * Hostile input is harmless. Every hostile string (test/helpers/hostile.ts) goes into every text,
 * number and line field of the wizard, through the same step functions the screens call, and into
 * every free-text position of a hand-written session file. Each is either refused at entry, with a
 * message naming the rule (and, in a file, the path of the field), the session or file left as it
 * was; or taken exactly as typed, and then every artifact of a design holding all of them at once
 * applies with psql on the server and means exactly what was typed (proveHostileArtifacts).
 */
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {allSteps} from '../../flows/index.js';
import {PRESET_LIST} from '../../flows/preset-list.js';
import {presetSession} from '../../flows/presets.js';
import {applyAnswer, type Step} from '../../flows/step.js';
import {Session, type SessionInput} from '../../source/model/session.js';
import {loadSession} from '../../source/store/session-file.js';
import {HOSTILE_NUMBERS, HOSTILE_STRINGS, hostileSession, proveHostileArtifacts} from '../helpers/hostile.js';
import {serverUrl} from '../helpers/pg.js';
import {rejection} from '../helpers/rejection.js';

type Outcome = {readonly taken: true; readonly session: Session} | {readonly taken: false; readonly error: string};

/** What the screen does with one typed answer: the step's own check first, then applyAnswer. */
function answer(step: Step, session: Session, typed: string | readonly string[]): Outcome {
	if (step.kind === 'text' || step.kind === 'number') {
		const error = step.validate(typed as string);
		if (error) return {taken: false, error};
	}
	if (step.kind === 'lines') {
		for (const line of typed as readonly string[]) {
			const parsed = step.parse(line);
			if (!parsed.ok) return {taken: false, error: parsed.error};
		}
	}
	const applied = applyAnswer(step, session, typed);
	return applied.ok ? {taken: true, session: applied.session} : {taken: false, error: applied.error};
}

/** The value at a path such as deployment.appInstances or entities[0].fields[1].default. */
function valueAt(value: unknown, dotted: string): unknown {
	return dotted
		.split(/\.|\[(\d+)\]/)
		.filter(Boolean)
		.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], value);
}

/** A refusal says what is wrong in words, not a code or an empty line. */
function expectClearRefusal(error: string, context: string): void {
	expect(error.trim().length, context).toBeGreaterThan(10);
	expect(error, context).not.toMatch(/^Invalid input$|undefined|\[object/);
}

describe('hostile input through the wizard steps', () => {
	const counts = {taken: 0, refused: 0};

	afterAll(() => {
		// Both outcomes happen: some strings are refused, some taken.
		expect(counts.taken).toBeGreaterThan(20);
		expect(counts.refused).toBeGreaterThan(100);
	});

	for (const {id} of PRESET_LIST) {
		it(`${id}: every text and number step refuses or takes each hostile answer exactly as typed`, () => {
			const session = presetSession(id);
			const steps = allSteps(session).filter((step) => step.kind === 'text' || step.kind === 'number');
			expect(steps.length).toBeGreaterThan(3);
			for (const step of steps) {
				for (const typed of step.kind === 'number' ? HOSTILE_NUMBERS : HOSTILE_STRINGS) {
					const context = `${step.id} given ${JSON.stringify(typed)}`;
					const outcome = answer(step, session, typed);
					if (!outcome.taken) {
						expectClearRefusal(outcome.error, context);
						counts.refused++;
						continue;
					}
					counts.taken++;
					const stored = valueAt(outcome.session, step.writes);
					if (step.kind === 'number') expect(stored, context).toBe(Number(typed.trim()));
					else expect(stored, context).toBe(typed.trim());
				}
			}
		});

		it(`${id}: every line step refuses or takes each hostile line, names and values exactly as typed`, () => {
			const session = presetSession(id);
			const steps = allSteps(session).filter((step): step is Extract<Step, {kind: 'lines'}> => step.kind === 'lines');
			expect(steps.length).toBeGreaterThan(1);
			for (const step of steps) {
				for (const typed of HOSTILE_STRINGS) {
					// The string as a whole line, as a name, as a default and as an allowed value.
					const lines = step.id.startsWith('fields:') ? [typed, `${typed} text`, `label text =${typed}`, `label text ${typed}|plain`] : step.id === 'links' ? [`${step.value[0]?.split(' ')[0] ?? 'a'} <-> ${typed}`] : [typed];
					for (const line of lines) {
						const context = `${step.id} given the line ${JSON.stringify(line)}`;
						const outcome = answer(step, session, [...step.value, line]);
						if (!outcome.taken) {
							expectClearRefusal(outcome.error, context);
							counts.refused++;
							continue;
						}
						counts.taken++;
						if (!step.id.startsWith('fields:')) continue;
						const entity = outcome.session.entities.find((candidate) => `fields:${candidate.name}` === step.id)!;
						const label = entity.fields.find((field) => field.name === 'label');
						// The syntax splits on spaces and strips one pair of quotes around a default.
						if (line.startsWith('label text =')) expect(label?.default, context).toBe(typed.trim().replace(/^'(.*)'$/s, '$1'));
						if (line.startsWith('label text ') && line.endsWith('|plain')) expect(label?.check?.oneOf, context).toEqual([...typed.trim().split('|').filter(Boolean), 'plain']);
					}
				}
			}
		});
	}
});

/**
 * Where a hostile string goes in a session file, and the path its refusal must name. A default
 * and the allowed values of its field go together: a default outside them is refused anyway.
 */
const POSITIONS: readonly {readonly path: string; put(session: SessionInput, text: string): void}[] = [
	{path: 'project.description', put: (session, text) => void (session.project.description = text)},
	{path: 'entities[0].description', put: (session, text) => void (session.entities![0]!.description = text)},
	{path: 'entities[0].fields[0].description', put: (session, text) => void (session.entities![0]!.fields![0]!.description = text)},
	{
		path: 'entities[0].fields[0].default',
		put: (session, text) => {
			const field = session.entities![0]!.fields![0]!;
			field.default = text;
			field.check = {oneOf: ['other', text]};
		},
	},
	{
		path: 'entities[0].fields[0].check.oneOf[1]',
		put: (session, text) => {
			const field = session.entities![0]!.fields![0]!;
			field.default = 'other';
			field.check = {oneOf: ['other', text]};
		},
	},
	{path: 'accessPatterns[0].conditions[0].equals', put: (session, text) => void ((session.accessPatterns![0]!.conditions![0] as {equals: string}).equals = text)},
	{path: 'accessPatterns[0].description', put: (session, text) => void (session.accessPatterns![0]!.description = text)},
	{path: 'indexes.add[0].reason', put: (session, text) => void (session.indexes!.add![0]!.reason = text)},
	{path: 'entities[0].name', put: (session, text) => void (session.entities![0]!.name = text)},
	{path: 'entities[0].fields[0].name', put: (session, text) => void (session.entities![0]!.fields![0]!.name = text)},
	{path: 'accessPatterns[0].name', put: (session, text) => void (session.accessPatterns![0]!.name = text)},
	{path: 'project.name', put: (session, text) => void (session.project.name = text)},
	{path: 'wizard.out', put: (session, text) => void (session.wizard = {out: text})},
];

/** Numbers of a session file, as JSON number tokens, and where they go. */
const NUMBER_POSITIONS: readonly {readonly path: string; put(session: SessionInput, value: number): void}[] = [
	{path: 'entities[0].volume', put: (session, value) => void (session.entities![0]!.volume = value)},
	{path: 'workload.p95Ms', put: (session, value) => void (session.workload = {p95Ms: value})},
	{path: 'deployment.appInstances', put: (session, value) => void (session.deployment = {appInstances: value})},
	{path: 'sampleData.seedRows', put: (session, value) => void (session.sampleData = {seedRows: value})},
	{path: 'accessPatterns[0].limit', put: (session, value) => void (session.accessPatterns![0]!.limit = value)},
	{path: 'entities[0].fields[1].default', put: (session, value) => void (session.entities![0]!.fields![1]!.default = value)},
	{path: 'entities[0].fields[1].check.max', put: (session, value) => void (session.entities![0]!.fields![1]!.check = {max: value})},
	{path: 'entities[0].fields[2].default', put: (session, value) => void (session.entities![0]!.fields![2]!.default = value)},
	{path: 'entities[0].fields[3].check.min', put: (session, value) => void (session.entities![0]!.fields![3]!.check = {min: value})},
];

/** A small session with a text field, an int, a bigint and a numeric(8,2) to put numbers in. */
function numberSession(): SessionInput {
	const session = hostileSession(['plain']);
	session.entities![0]!.fields!.splice(1, 0, {name: 'n_int', type: 'int', required: false}, {name: 'n_big', type: 'bigint', required: false}, {name: 'n_money', type: 'money', required: false});
	return session;
}

describe('hostile input in hand-written session files', () => {
	let folder: string;
	beforeAll(async () => {
		folder = await mkdtemp(path.join(tmpdir(), 'pgd-hostile-files-'));
	});
	afterAll(async () => {
		await rm(folder, {recursive: true, force: true});
	});

	it('each string in each position is refused with the path and the rule, the file left as it was, or read back exactly', async () => {
		let refused = 0;
		for (const position of POSITIONS) {
			for (const [index, text] of HOSTILE_STRINGS.entries()) {
				const session = hostileSession(['plain']);
				position.put(session, text);
				const file = path.join(folder, `s${index}.json`);
				const bytes = JSON.stringify(session, null, 2);
				await writeFile(file, bytes);
				const context = `${position.path} = ${JSON.stringify(text)}`;
				const read = await loadSession(file).then(
					(loaded) => ({loaded}),
					(error: Error) => ({error}),
				);
				if ('error' in read) {
					refused++;
					expect(read.error.message, context).toContain(file);
					expect(read.error.message, context).toContain(`${position.path}: `);
					expectClearRefusal(read.error.message.split(`${position.path}: `)[1]!, context);
					expect(await readFile(file, 'utf8'), context).toBe(bytes);
					continue;
				}
				expect(valueAt((await loadSession(file)) as unknown, position.path), context).toBe(text);
			}
		}
		// NUL, a lone surrogate and every bad name at least.
		expect(refused).toBeGreaterThan(HOSTILE_STRINGS.length * 4);
	});

	it('each number in each position is refused with the path and the rule, or kept exactly', async () => {
		let refused = 0;
		let taken = 0;
		for (const position of NUMBER_POSITIONS) {
			for (const typed of HOSTILE_NUMBERS) {
				// Only what JSON can hold: the rest cannot be in a session file at all.
				if (!/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(typed)) continue;
				const session = numberSession();
				// A placeholder number, then the typed token in its place: JSON.stringify cannot write 1e400.
				position.put(session, 424_242);
				const file = path.join(folder, 'numbers.json');
				const bytes = JSON.stringify(session, null, 2).replace('424242', typed);
				await writeFile(file, bytes);
				const context = `${position.path} = ${typed}`;
				const error = await rejection(loadSession(file)).catch(() => undefined);
				if (error) {
					refused++;
					expect(error.message, context).toContain(`${position.path}: `);
					expectClearRefusal(error.message.split(`${position.path}: `)[1]!, context);
					continue;
				}
				taken++;
				const loaded = await loadSession(file);
				const value = valueAt(loaded, position.path) as number;
				expect(value, context).toBe(JSON.parse(typed));
				// A whole number that is kept is kept exactly: past 2^53, 9007199254740993 reads as ...992.
				if (Number.isInteger(value)) expect(Number.isSafeInteger(value), context).toBe(true);
			}
		}
		expect(refused).toBeGreaterThan(10);
		expect(taken).toBeGreaterThan(10);
	});
});

describe.skipIf(!serverUrl())('hostile strings that are taken, in every artifact on the server', () => {
	it('every artifact applies with psql and means exactly what was typed', async () => {
		const taken = HOSTILE_STRINGS.filter((text) => Session.safeParse(hostileSession([text])).success);
		// Everything but NUL and a lone surrogate is text PostgreSQL can hold.
		expect(HOSTILE_STRINGS.filter((text) => !taken.includes(text))).toEqual(['a\u0000b', '\uD800']);
		await proveHostileArtifacts(Session.parse(hostileSession(taken)), taken, serverUrl()!);
	});
});
