/**
 * The state of a one-line text input: the text and the cursor. A pure reducer, tested without a
 * terminal.
 */

export interface LineInputState {
	readonly value: string;
	/** Position of the cursor, 0..value.length. */
	readonly cursor: number;
}

export type LineInputAction =
	| {readonly type: 'insert'; readonly text: string}
	| {readonly type: 'backspace'}
	| {readonly type: 'delete'}
	| {readonly type: 'left'}
	| {readonly type: 'right'}
	| {readonly type: 'home'}
	| {readonly type: 'end'}
	| {readonly type: 'set'; readonly value: string};

/** A fresh input holding a value, cursor at the end. */
export function lineInput(value = ''): LineInputState {
	return {value, cursor: value.length};
}

export function lineInputReducer(state: LineInputState, action: LineInputAction): LineInputState {
	const {value, cursor} = state;
	switch (action.type) {
		case 'insert': {
			// Pasted line breaks and other control characters never enter a one-line input.
			const text = action.text.replace(/[\u0000-\u001f\u007f]/g, '');
			return {value: value.slice(0, cursor) + text + value.slice(cursor), cursor: cursor + text.length};
		}
		case 'backspace':
			return cursor === 0 ? state : {value: value.slice(0, cursor - 1) + value.slice(cursor), cursor: cursor - 1};
		case 'delete':
			return cursor === value.length ? state : {value: value.slice(0, cursor) + value.slice(cursor + 1), cursor};
		case 'left':
			return {value, cursor: Math.max(0, cursor - 1)};
		case 'right':
			return {value, cursor: Math.min(value.length, cursor + 1)};
		case 'home':
			return {value, cursor: 0};
		case 'end':
			return {value, cursor: value.length};
		case 'set':
			return lineInput(action.value);
	}
}
