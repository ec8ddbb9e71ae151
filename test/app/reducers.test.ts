import {describe, expect, it} from 'vitest';
import {PRESETS} from '../../flows/presets.js';
import {choiceList, choiceListReducer} from '../../source/app/components/use-choice-list-state.js';
import {lineInput, lineInputReducer} from '../../source/app/components/use-line-input-state.js';
import {initialWizardState, wizardReducer, type WizardState} from '../../source/app/use-wizard-state.js';
import {keyBar} from '../../source/app/keys.js';
import {phaseLine} from '../../source/app/components/frame.js';

const todo = PRESETS[0]!.session;

describe('the line input', () => {
	it('inserts at the cursor, erases to the left and drops control characters', () => {
		let state = lineInput('due dat');
		state = lineInputReducer(state, {type: 'insert', text: 'e?'});
		expect(state).toEqual({value: 'due date?', cursor: 9});
		state = lineInputReducer(lineInputReducer(state, {type: 'left'}), {type: 'backspace'});
		expect(state).toEqual({value: 'due dat?', cursor: 7});
		expect(lineInputReducer(lineInput(''), {type: 'insert', text: 'a\nb\u0000c'}).value).toBe('abc');
		expect(lineInputReducer(lineInput('x'), {type: 'home'}).cursor).toBe(0);
	});
});

describe('the choice list', () => {
	it('wraps, pages and keeps the highlight in the visible window', () => {
		let state = choiceList(10, 0, 3);
		state = choiceListReducer(state, {type: 'up'});
		expect([state.highlighted, state.offset]).toEqual([9, 7]);
		state = choiceListReducer(state, {type: 'down'});
		expect([state.highlighted, state.offset]).toEqual([0, 0]);
		state = choiceListReducer(state, {type: 'page-down'});
		expect([state.highlighted, state.offset]).toEqual([3, 1]);
		state = choiceListReducer(choiceListReducer(state, {type: 'toggle'}), {type: 'toggle'});
		expect(state.ticked.size).toBe(0);
	});
});

describe('the wizard state', () => {
	const open = (): WizardState => wizardReducer(initialWizardState, {type: 'open', session: todo});

	it('opens a session at its saved step and records where it stands', () => {
		const state = wizardReducer(initialWizardState, {type: 'open', session: {...todo, wizard: {step: 'keys'}}});
		expect(state.stepId).toBe('keys');
		expect(state.session?.wizard?.step).toBe('keys');
	});

	it('takes an answer, moves on and can come back', () => {
		let state = wizardReducer(open(), {type: 'answer', answer: 'my-todo'});
		expect(state.session?.project.name).toBe('my-todo');
		expect(state.stepId).toBe('entities');
		state = wizardReducer(state, {type: 'back'});
		expect(state.stepId).toBe('project');
		state = wizardReducer(state, {type: 'back'});
		expect(state.screen).toBe('start');
	});

	it('keeps the step and says why when an answer cannot be taken', () => {
		const state = wizardReducer(open(), {type: 'answer', answer: 'Not A Name'});
		expect(state.stepId).toBe('project');
		expect(state.error).toBe('must be a short lower-case name such as todo-app');
		expect(wizardReducer(state, {type: 'clear-error'}).error).toBeUndefined();
	});

	it('closes the help overlay before going back', () => {
		const help = wizardReducer(open(), {type: 'toggle-help'});
		expect(help.isHelpOpen).toBe(true);
		const closed = wizardReducer(help, {type: 'back'});
		expect([closed.isHelpOpen, closed.screen]).toEqual([false, 'step']);
	});
});

describe('the frame', () => {
	it('draws the phases as the mockups do', () => {
		const text = (phase?: 1 | 2 | 3 | 4 | 5) => phaseLine(phase, '*').map((piece) => piece.text).join('');
		expect(text()).toBe('  1 Requirements > 2 Schema > 3 Indexes > 4 Implementation > 5 Optimization');
		expect(text(1)).toBe(' [1 Requirements]> 2 Schema > 3 Indexes > 4 Implementation > 5 Optimization');
		expect(text(2)).toBe('  * Requirements >[2 Schema]> 3 Indexes > 4 Implementation > 5 Optimization');
	});

	it('builds the key bar from the table, dropping what does not fit but never help and quit', () => {
		expect(keyBar(['choose', 'move', 'back', 'help', 'quit'])).toBe('Enter choose  Up/Dn move  Esc back  ? help  Ctrl-C quit');
		expect(keyBar(['choose', 'move', 'back', 'help', 'quit'], 40)).toBe('Enter choose  ? help  Ctrl-C quit');
	});
});
