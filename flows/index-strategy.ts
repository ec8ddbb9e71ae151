/**
 * Phase 3, Index strategy: the indexes the planner derived, each with the pattern it serves;
 * the user drops, keeps or adds.
 */
import type {Session} from '../source/model/session.js';
import type {Step} from './step.js';

/** The steps of phase 3. */
export function indexSteps(_session: Session): Step[] {
	return [
		{
			id: 'review-indexes',
			phase: 3,
			kind: 'review-indexes',
			breadcrumb: 'Indexes > review',
			prompt: 'The indexes the planner derived from the access patterns and foreign keys.',
			writes: 'indexes.drop',
		},
	];
}
