/**
 * A step of the wizard, as data: what to ask, the choices with their trade-offs, the current
 * answer, how to check a new one and which part of the session it writes. Screens render steps;
 * adding a question is adding a step to a phase module, not a component.
 */
import {deriveDesign} from '../source/engine/derive.js';
import {DesignError} from '../source/engine/errors.js';
import type {Design} from '../source/model/design.js';
import {derivedName, singular} from '../source/engine/naming.js';
import {Session, type Relationship, type SessionInput} from '../source/model/session.js';
import type {PhaseNumber} from './phases.js';

export {PHASES, type PhaseNumber} from './phases.js';

/** One option of a select step. */
export interface Choice {
	readonly value: string;
	readonly label: string;
	/** A short hint after the label, in the list. */
	readonly hint?: string;
	/** The consequence of picking it, one line: shown for the highlighted option. */
	readonly tradeoff: string;
	readonly recommended?: boolean;
	/** Extra lines for the highlighted option (a cascade chain, a warning). */
	readonly detail?: readonly string[];
}

interface StepBase {
	/** Stable id: the session remembers it to resume. */
	readonly id: string;
	readonly phase: PhaseNumber;
	/** Where the step sits, as in "Relationships > tasks.user_id -> users.id". */
	readonly breadcrumb: string;
	readonly prompt: string;
	/** Help lines under the step. */
	readonly help?: readonly string[];
	/** The session field the answer writes, for documentation and tests (e.g. `workload.p95Ms`). */
	readonly writes: string;
	/** The step to go to after this one, when not simply the next in order. */
	readonly next?: string;
}

/** Pick one. */
export interface SelectStep extends StepBase {
	readonly kind: 'select';
	readonly choices: readonly Choice[];
	readonly value: string;
	apply(session: Session, value: string): SessionInput;
}

/** Tick several. */
export interface MultiSelectStep extends StepBase {
	readonly kind: 'multi-select';
	readonly choices: readonly Choice[];
	readonly value: readonly string[];
	apply(session: Session, values: readonly string[]): SessionInput;
}

/** One line of text or a number. */
export interface TextStep extends StepBase {
	readonly kind: 'text' | 'number';
	readonly value: string;
	/** A message when the text cannot be taken. */
	validate(text: string): string | undefined;
	apply(session: Session, text: string): SessionInput;
}

/** Several lines, each checked as it is typed (fields, entity names, links). */
export interface LinesStep extends StepBase {
	readonly kind: 'lines';
	readonly value: readonly string[];
	/** What a line becomes, or why it cannot be taken. */
	parse(line: string): {readonly ok: true; readonly preview: string} | {readonly ok: false; readonly error: string};
	/** Tab completion of a partly typed line. */
	complete?(line: string): string | undefined;
	/** Explains the syntax, under the editor. */
	readonly syntax: readonly string[];
	apply(session: Session, lines: readonly string[]): SessionInput;
}

/** A screen that shows what the engine made, and takes actions on it. */
export interface ViewStep extends StepBase {
	readonly kind: 'review-schema' | 'review-indexes' | 'preview' | 'validate' | 'write' | 'pool';
}

export type Step = SelectStep | MultiSelectStep | TextStep | LinesStep | ViewStep;

/** The design of a session, or undefined while the answers do not make one yet. */
export function designOf(session: Session): Design | undefined {
	try {
		return deriveDesign(session);
	} catch {
		return undefined;
	}
}

/** The answer a step takes: one value, several, or lines. */
export type Answer = string | readonly string[];

/**
 * Applies an answer to a step. The new session must still be valid, and must not bring a design
 * problem the session did not have before (a pattern on a field just removed); otherwise the
 * message says why and the session stays as it was.
 */
export function applyAnswer(step: Step, session: Session, answer: Answer): {readonly ok: true; readonly session: Session} | {readonly ok: false; readonly error: string} {
	let next: SessionInput;
	switch (step.kind) {
		case 'select':
		case 'text':
		case 'number':
			next = step.apply(session, String(answer));
			break;
		case 'multi-select':
		case 'lines':
			next = step.apply(session, typeof answer === 'string' ? [answer] : answer);
			break;
		default:
			return {ok: true, session};
	}
	const parsed = Session.safeParse(next);
	if (!parsed.success) return {ok: false, error: parsed.error.issues[0]!.message};
	const before = new Set(designProblems(session));
	const introduced = designProblems(parsed.data).find((problem) => !before.has(problem));
	if (introduced) return {ok: false, error: introduced};
	return {ok: true, session: parsed.data};
}

/** The design problems of a session, as messages (none when it derives). */
export function designProblems(session: Session): string[] {
	try {
		deriveDesign(session);
		return [];
	} catch (error) {
		if (error instanceof DesignError) return error.problems.map((problem) => problem.message);
		throw error;
	}
}

/** Replaces one entity of a session by name. */
export function withEntity(session: Session, name: string, change: (entity: Session['entities'][number]) => Session['entities'][number]): Session {
	return {...session, entities: session.entities.map((entity) => (entity.name === name ? change(entity) : entity))};
}

/** A one-to-many or one-to-one relationship: the child holds the foreign key. */
export type ParentChild = Extract<Relationship, {kind: 'one-to-many' | 'one-to-one'}>;

/** The FK column of a relationship, as the engine names it. */
export function relationshipColumn(relationship: ParentChild): string {
	return relationship.column ?? (relationship.parent === relationship.child ? 'parent_id' : derivedName([singular(relationship.parent)], 'id'));
}
