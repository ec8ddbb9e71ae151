/**
 * Phase 4, Implementation: preview every artifact, validate them on PostgreSQL, choose the folder
 * and write it.
 */
import {folderProblem, type Session} from '../source/model/session.js';
import type {Step} from './step.js';

/** The folder the wizard writes unless told otherwise. */
export const DEFAULT_OUT = './db';

/** The steps of phase 4. */
export function implementationSteps(session: Session): Step[] {
	return [
		{id: 'preview', phase: 4, kind: 'preview', breadcrumb: 'Implementation > preview', prompt: 'Every file of the folder, as it will be written.', writes: '(nothing)'},
		{
			id: 'validate',
			phase: 4,
			kind: 'validate',
			breadcrumb: 'Validate > embedded PostgreSQL (PGlite), throwaway database',
			prompt: 'Running every file on PostgreSQL before anything is written.',
			writes: '(nothing)',
		},
		{
			id: 'out',
			phase: 4,
			kind: 'text',
			breadcrumb: 'Implementation > folder',
			prompt: 'Write the folder where?',
			help: ['Written atomically; files you edited are not overwritten without asking.'],
			writes: 'wizard.out',
			value: session.wizard?.out ?? DEFAULT_OUT,
			validate: folderProblem,
			apply: (current, text) => ({...current, wizard: {...current.wizard, out: text.trim()}}),
		},
		{id: 'write', phase: 4, kind: 'write', breadcrumb: 'Implementation > write', prompt: 'Writing the folder.', writes: 'wizard.written'},
	];
}
