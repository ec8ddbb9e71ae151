/**
 * All the steps of the wizard for a session, in order, and moving between them.
 */
import type {Session} from '../source/model/session.js';
import {implementationSteps} from './implementation.js';
import {indexSteps} from './index-strategy.js';
import {optimizationSteps} from './optimization.js';
import {requirementsSteps} from './requirements.js';
import {schemaSteps} from './schema-design.js';
import type {Step} from './step.js';

/** Every step for the session as it stands, phase by phase. */
export function allSteps(session: Session): Step[] {
	return [...requirementsSteps(session), ...schemaSteps(session), ...indexSteps(session), ...implementationSteps(session), ...optimizationSteps(session)];
}

/** The step with an id, or the first step when the id is gone (its entity was removed). */
export function findStep(session: Session, id: string | undefined): Step {
	const steps = allSteps(session);
	return steps.find((step) => step.id === id) ?? steps[0]!;
}

/**
 * The step after one, in the session as it is after the answer: the step's own `next`, else the
 * following step; undefined after the last one.
 */
export function nextStep(session: Session, answered: Step): Step | undefined {
	const steps = allSteps(session);
	if (answered.next) {
		const target = steps.find((step) => step.id === answered.next);
		if (target) return target;
	}
	const position = steps.findIndex((step) => step.id === answered.id);
	if (position >= 0) return steps[position + 1];
	// The answered step is gone (a draft was committed): go on from the same phase's start.
	return steps.find((step) => step.phase === answered.phase) ?? steps[0];
}

/** "step 3 of 7" within the step's phase. */
export function stepNumber(session: Session, step: Step): string {
	const inPhase = allSteps(session).filter((candidate) => candidate.phase === step.phase);
	return `step ${inPhase.findIndex((candidate) => candidate.id === step.id) + 1} of ${inPhase.length}`;
}
