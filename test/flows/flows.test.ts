import {describe, expect, it} from 'vitest';
import {allSteps, findStep, nextStep} from '../../flows/index.js';
import {PRESETS} from '../../flows/presets.js';
import {applyAnswer, type Answer, type Step} from '../../flows/step.js';
import type {Session} from '../../source/model/session.js';

const todo = PRESETS.find((preset) => preset.id === 'todo')!.session;

function currentAnswer(step: Step): Answer | undefined {
	return 'value' in step ? step.value : undefined;
}

describe('the steps of a session', () => {
	it('follow the five phases in order, one ON DELETE and one volume question per relationship and entity', () => {
		const steps = allSteps(todo);
		expect(steps.map((step) => step.phase)).toEqual([...steps.map((step) => step.phase)].sort());
		expect(steps.filter((step) => step.id.startsWith('on-delete:')).map((step) => step.id)).toEqual(['on-delete:tasks.user_id', 'on-delete:tags.user_id']);
		expect(steps.filter((step) => step.id.startsWith('volume:')).map((step) => step.id)).toEqual(['volume:users', 'volume:tasks', 'volume:tags']);
		expect(new Set(steps.map((step) => step.id)).size).toBe(steps.length);
	});

	it.each(PRESETS.filter((preset) => preset.id !== 'blank').map((preset) => [preset.id, preset.session] as const))('take the %s preset\'s answers back without changing it', (_id, preset) => {
		let session: Session = preset;
		let step: Step | undefined = findStep(session, undefined);
		const visited: string[] = [];
		while (step) {
			visited.push(step.id);
			const answer = currentAnswer(step);
			if (answer !== undefined) {
				const result = applyAnswer(step, session, answer);
				if (!result.ok) throw new Error(`${step.id}: ${result.error}`);
				session = result.session;
			}
			step = nextStep(session, step);
		}
		const {wizard, ...answers} = session;
		expect(answers).toEqual(preset);
		expect(wizard).toEqual({out: './db'});
		expect(visited.at(-1)).toBe('pool');
		expect(visited).toContain('review-indexes');
	});

	it('build an access pattern from the fields, then come back to the list', () => {
		const add = (session: Session, id: string, answer: Answer) => {
			const result = applyAnswer(findStep(session, id), session, answer);
			if (!result.ok) throw new Error(result.error);
			return result.session;
		};
		let session = add(todo, 'patterns', '+add');
		expect(nextStep(session, findStep(session, 'patterns'))?.id).toBe('pattern-entity');
		session = add(session, 'pattern-entity', 'tasks');
		session = add(session, 'pattern-kind', 'list');
		const filters = findStep(session, 'pattern-filters');
		expect(filters.kind === 'multi-select' && filters.choices.map((choice) => choice.value)).toContain('due:range');
		session = add(session, 'pattern-filters', ['priority=', 'completed_at:null']);
		session = add(session, 'pattern-sort', 'due asc');
		session = add(session, 'pattern-limit', '20');
		session = add(session, 'pattern-often', '100');
		const name = findStep(session, 'pattern-name');
		expect(name.kind === 'text' && name.value).toBe('ListTasksByPriorityAndCompletedAt');
		session = add(session, 'pattern-name', 'ListUrgentTasks');
		expect(session.wizard?.draft).toBeUndefined();
		expect(session.accessPatterns.at(-1)).toMatchObject({
			name: 'ListUrgentTasks',
			entity: 'tasks',
			equals: ['priority'],
			conditions: [{column: 'completed_at', is: 'null'}],
			sort: [{column: 'due', direction: 'asc'}],
			limit: 20,
			perSecond: 100,
		});
		expect(nextStep(session, name)?.id).toBe('patterns');
	});

	it('refuses an answer that breaks the design, naming what it breaks', () => {
		const fields = findStep(todo, 'fields:tasks');
		const result = applyAnswer(fields, todo, ['user -> users', 'title text 1..500']);
		expect(result).toEqual({ok: false, error: expect.stringMatching(/^ListPendingTasks (filters|sorts) by tasks\.\w+, which is not a column of tasks/)});
	});

	it('rewrites references and keeps the ON DELETE chosen for them', () => {
		const fields = findStep(todo, 'fields:tasks');
		expect(fields.kind === 'lines' && fields.value.slice(0, 2)).toEqual(['user -> users', 'title text 1..500']);
		const result = applyAnswer(fields, todo, [...(fields.kind === 'lines' ? fields.value : []), 'parent -> tasks?']);
		if (!result.ok) throw new Error(result.error);
		expect(result.session.relationships.filter((relationship) => relationship.kind !== 'many-to-many' && relationship.child === 'tasks')).toEqual([
			{kind: 'one-to-many', parent: 'users', child: 'tasks', required: true, onDelete: 'cascade'},
			{kind: 'one-to-many', parent: 'tasks', child: 'tasks', required: false, onDelete: 'set-null'},
		]);
	});

	it('shows what a CASCADE takes along', () => {
		const step = findStep(todo, 'on-delete:tasks.user_id');
		if (step.kind !== 'select') throw new Error('select expected');
		expect(step.choices[0]!.detail).toEqual([
			'With CASCADE, deleting one user also deletes, in the same statement:',
			'  users              1 row',
			'  `- tasks           ~200 rows',
			'     `- task_tags    ~400 rows',
			'  `- tags            ~5 rows',
			'! Data loss: once committed, only a backup brings these rows back.',
		]);
	});
});

describe('the presets of the first screen', () => {
	// The first screen reads the summaries from the raw examples (no session schema loaded yet):
	// they must say what the parsed session holds.
	it.each(PRESETS.map((preset) => [preset.id, preset] as const))('%s: the summary counts what the session holds', (_id, preset) => {
		const {session} = preset;
		if (session.entities.length === 0) {
			expect(preset.summary).toMatch(/^Starts empty/);
			return;
		}
		const fields = session.entities.reduce((sum, entity) => sum + entity.fields.length, 0);
		expect(preset.summary).toContain(`${session.entities.length} tables, ${fields} fields, ${session.relationships.length} relationships and ${session.accessPatterns.length} access patterns`);
	});
});
