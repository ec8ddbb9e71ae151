/**
 * --plain: the same flow steps asked line by line with enquirer (screen readers, simple
 * terminals). Same answers, same session file; nothing is redrawn but the current prompt.
 * Cancelling a prompt (Esc or Ctrl-C) saves and quits with the resume command.
 */
import enquirer from 'enquirer';
import {findStep, nextStep, stepNumber} from '../../flows/index.js';
import {PRESETS} from '../../flows/presets.js';
import {applyAnswer, designOf, PHASES, type Answer, type Step} from '../../flows/step.js';
import {lintDesign} from '../engine/lint/index.js';
import type {WizardServices, Written} from '../app/services.js';
import {questionText, type MigrationAnswers, type MigrationQuestion} from '../engine/migration-questions.js';
import {report} from '../commands/wizard.js';
import type {Output} from '../commands/headless.js';
import type {Session} from '../model/session.js';
import type {ValidationReport} from '../model/validation.js';
import {renderArtifacts} from '../../templates/index.js';

export interface PlainOptions {
	readonly services: WizardServices;
	readonly initial?: Session;
	readonly invocation: string;
	readonly sessionDir: string;
}

class Cancelled extends Error {}

async function prompt<T>(question: Record<string, unknown>): Promise<T> {
	process.stdin.ref();
	try {
		const answers = (await enquirer.prompt({name: 'answer', ...question} as Parameters<typeof enquirer.prompt>[0])) as {answer: T};
		return answers.answer;
	} catch {
		throw new Cancelled();
	}
}

async function ask(step: Step, session: Session, output: Output): Promise<Answer | undefined> {
	const phase = PHASES.find((candidate) => candidate.number === step.phase)!;
	output.out(`\n[${phase.number}/5 ${phase.name}] ${stepNumber(session, step)}  ${step.breadcrumb}`);
	for (const line of step.help ?? []) output.out(`  ${line}`);
	switch (step.kind) {
		case 'select':
			for (const choice of step.choices) output.out(`  ${choice.label}${choice.recommended ? ' (recommended)' : ''}: ${choice.tradeoff}`);
			return prompt<string>({
				type: 'select',
				message: step.prompt,
				initial: Math.max(0, step.choices.findIndex((choice) => choice.value === step.value)),
				choices: step.choices.map((choice) => ({name: choice.value, message: choice.label, hint: choice.hint ?? ''})),
			});
		case 'multi-select':
			if (step.choices.length === 0) return [];
			return prompt<string[]>({
				type: 'multiselect',
				message: step.prompt,
				initial: step.choices.flatMap((choice, index) => (step.value.includes(choice.value) ? [index] : [])),
				choices: step.choices.map((choice) => ({name: choice.value, message: choice.label, hint: choice.tradeoff})),
			});
		case 'text':
		case 'number':
			return prompt<string>({type: 'input', message: step.prompt, initial: step.value, validate: (text: string) => step.validate(text.trim()) ?? true});
		case 'lines': {
			const lines = [...step.value];
			for (const line of step.syntax) output.out(`  ${line}`);
			for (;;) {
				output.out(lines.length > 0 ? lines.map((line, index) => `  ${index + 1}. ${line}`).join('\n') : '  (none yet)');
				const text = (
					await prompt<string>({
						type: 'input',
						message: `${step.prompt} (a new line; -N removes line N; empty goes on)`,
						validate: (value: string) => {
							const trimmed = value.trim();
							if (trimmed === '' || /^-\d+$/.test(trimmed)) return true;
							const parsed = step.parse(trimmed);
							return parsed.ok ? true : parsed.error;
						},
					})
				).trim();
				if (text === '') return lines;
				if (/^-\d+$/.test(text)) lines.splice(Number(text.slice(1)) - 1, 1);
				else lines.push(text);
			}
		}
		default:
			return undefined;
	}
}

/** Runs the wizard line by line; the exit code as the Ink wizard gives it. */
export async function runPlain(output: Output, options: PlainOptions): Promise<number> {
	const {services} = options;
	let session: Session | undefined = options.initial;
	let file: string | undefined;
	let step: Step | undefined;
	let validation: ValidationReport | undefined;
	try {
		if (!session) {
			const saved = await services.listSessions();
			const choice = await prompt<string>({
				type: 'select',
				message: 'What do you want to do?',
				choices: [
					...PRESETS.map((preset) => ({name: `preset:${preset.id}`, message: preset.label, hint: preset.hint})),
					...saved.filter((entry) => entry.session).map((entry) => ({name: `saved:${entry.file}`, message: `Continue ${entry.name}`, hint: entry.summary})),
				],
			});
			session = choice.startsWith('preset:') ? PRESETS.find((preset) => `preset:${preset.id}` === choice)!.session : saved.find((entry) => `saved:${entry.file}` === choice)!.session!;
		}
		await services.claim(session);
		step = findStep(session, session.wizard?.step);
		while (step) {
			session = {...session, wizard: {...session.wizard, step: step.id}};
			file = await services.save(session);
			const answer = await ask(step, session, output);
			if (answer !== undefined) {
				const result = applyAnswer(step, session, answer);
				if (!result.ok) {
					output.out(`  x ${result.error}`);
					continue;
				}
				session = result.session;
			} else {
				const outcome = await view(step, session, output, services, validation);
				if (outcome === 'stop') return 1;
				if (typeof outcome === 'object') validation = outcome;
				if (step.kind === 'write' || step.kind === 'pool') session = {...session, wizard: {...session.wizard, written: session.wizard?.out ?? './db'}};
			}
			step = nextStep(session, step);
		}
		file = await services.save(session);
		return report(output, {kind: 'done', session, file, ...(session.wizard?.written ? {out: session.wizard.written} : {})}, options);
	} catch (error) {
		if (!(error instanceof Cancelled)) throw error;
		if (session) file = await services.save(session).catch(() => file);
		return report(output, {kind: 'quit', ...(session ? {session} : {}), ...(file ? {file} : {}), ...(step ? {step, stepNumber: session ? stepNumber(session, step) : ''} : {})}, options);
	}
}

/** What the user said about the new migration, kept for the rest of the run. */
const MIGRATION_ANSWERS: MigrationAnswers = new Map();

/** Asks a question of a new migration on the line. */
function askMigration(output: Output): (question: MigrationQuestion) => Promise<boolean | string> {
	return async (question) => {
		output.out(`  The folder holds an earlier write: what changed since becomes a new migration.`);
		if (question.kind === 'backfill') return prompt<string>({type: 'input', message: questionText(question), validate: (value: string) => value.trim() !== '' || 'a value for the existing rows'});
		return prompt<boolean>({type: 'confirm', message: questionText(question), initial: false});
	};
}

async function view(step: Step, session: Session, output: Output, services: WizardServices, validation: ValidationReport | undefined): Promise<ValidationReport | 'stop' | undefined> {
	const design = designOf(session);
	if (!design) {
		output.out('  The answers do not make a design yet: add an entity with its fields.');
		return 'stop';
	}
	const files = renderArtifacts(session, design, validation);
	switch (step.kind) {
		case 'review-schema':
			for (const table of design.tables) output.out(`  ${table.name}: ${table.columns.map((column) => column.name).join(', ')}`);
			for (const finding of lintDesign(design, {suppressions: session.suppressions, context: {source: 'session'}}).findings) output.out(`  ${finding.severity} ${finding.rule} ${finding.target}: ${finding.message}`);
			break;
		case 'review-indexes':
			for (const index of design.indexes) output.out(`  ${index.name}: ${index.rationale}`);
			break;
		case 'preview':
			for (const [name, text] of files) output.out(`  ${name.padEnd(32)} ${text.split('\n').length} lines`);
			break;
		case 'validate': {
			output.out('  Validating on the embedded PostgreSQL:');
			try {
				const result = await services.validate(design, files, (progress) => {
					if (progress.kind === 'done') output.out(`  * ${progress.result.name}: ${progress.result.detail}`);
				});
				for (const plan of result.plans) output.out(`  ${plan.pattern}: ${plan.executionMs.toFixed(2)} ms, ${plan.verdict === 'planned-index' ? plan.intendedIndex : plan.verdict}`);
				return result;
			} catch (error) {
				output.out(`  x ${(error as Error).message}`);
				return 'stop';
			}
		}
		case 'write':
		case 'pool': {
			if (step.kind === 'pool') for (const line of design.pool.reasoning) output.out(`  - ${line}`);
			const out = session.wizard?.out ?? './db';
			const request = {out, session, design, ...(validation ? {report: validation} : {}), answers: MIGRATION_ANSWERS, ask: askMigration(output)};
			let written: Written;
			try {
				written = await services.write({...request, force: step.kind === 'pool'});
			} catch (error) {
				output.out(`  ${(error as Error).message}`);
				if (!/edited since the last export|not written by pg-designer/.test((error as Error).message)) return 'stop';
				const force = await prompt<boolean>({type: 'confirm', message: 'Overwrite them?', initial: false});
				if (!force) return 'stop';
				written = await services.write({...request, force: true});
			}
			output.out(`  Wrote ${out}: ${written.files.size} files${written.migration ? `, with the new ${written.migration}` : ''}.`);
			break;
		}
		default:
			break;
	}
	await prompt<boolean>({type: 'confirm', message: 'Go on?', initial: true});
	return undefined;
}
