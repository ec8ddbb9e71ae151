/**
 * The wizard's state: the session being built, the step on screen, the way back, an error at the
 * point of entry, the help overlay. A pure reducer: answers are applied and checked here, through
 * the flows, and tested without a terminal.
 */
import {findStep, nextStep} from '../../flows/index.js';
import {applyAnswer, type Answer} from '../../flows/step.js';
import type {Session} from '../model/session.js';

export interface WizardState {
	readonly screen: 'start' | 'step' | 'done';
	readonly session?: Session;
	readonly stepId?: string;
	/** The steps answered before, most recent last: Esc walks back through them. */
	readonly history: readonly string[];
	/** Why the last answer was not taken; cleared by the next key. */
	readonly error?: string;
	readonly isHelpOpen: boolean;
}

export type WizardAction =
	| {readonly type: 'open'; readonly session: Session}
	| {readonly type: 'answer'; readonly answer: Answer}
	| {readonly type: 'update'; readonly session: Session}
	| {readonly type: 'advance'}
	| {readonly type: 'back'}
	| {readonly type: 'clear-error'}
	| {readonly type: 'toggle-help'};

export const initialWizardState: WizardState = {screen: 'start', history: [], isHelpOpen: false};

function at(session: Session, stepId: string | undefined): Session {
	return {...session, wizard: {...session.wizard, ...(stepId ? {step: stepId} : {})}};
}

export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
	switch (action.type) {
		case 'open': {
			const step = findStep(action.session, action.session.wizard?.step);
			return {screen: 'step', session: at(action.session, step.id), stepId: step.id, history: [], isHelpOpen: false};
		}
		case 'answer':
		case 'advance': {
			if (!state.session) return state;
			const step = findStep(state.session, state.stepId);
			let session = state.session;
			if (action.type === 'answer') {
				const result = applyAnswer(step, session, action.answer);
				if (!result.ok) return {...state, error: result.error};
				session = result.session;
			}
			const next = nextStep(session, step);
			if (!next) return {...state, screen: 'done', session, error: undefined};
			return {...state, session: at(session, next.id), stepId: next.id, history: [...state.history, step.id], error: undefined};
		}
		case 'update':
			return {...state, session: at(action.session, state.stepId), error: undefined};
		case 'back': {
			if (state.isHelpOpen) return {...state, isHelpOpen: false};
			if (!state.session || state.history.length === 0) return {...state, screen: 'start', error: undefined};
			const previous = state.history[state.history.length - 1]!;
			return {...state, session: at(state.session, previous), stepId: previous, history: state.history.slice(0, -1), error: undefined};
		}
		case 'clear-error':
			return state.error ? {...state, error: undefined} : state;
		case 'toggle-help':
			return {...state, isHelpOpen: !state.isHelpOpen};
	}
}
