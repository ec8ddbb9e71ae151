/**
 * A one-line text input: the key handler (useLineInput) and the view (LineInputView) apart.
 */
import {Text, useInput} from 'ink';
import React, {useReducer, useRef} from 'react';
import {lineInput, lineInputReducer, type LineInputAction, type LineInputState} from './use-line-input-state.js';

export interface LineInputHandlers {
	readonly isActive: boolean;
	readonly onSubmit: (value: string) => void;
	readonly onChange?: (value: string) => void;
	readonly onTab?: (value: string) => string | undefined;
	readonly onUp?: () => void;
	readonly onEscape?: () => void;
}

/** Keeps a line's state and handles its keys. */
export function useLineInput(initial: string, handlers: LineInputHandlers): {state: LineInputState; dispatch: (action: LineInputAction) => void} {
	// The latest state lives in a ref as well: keys that arrive before the next render see it.
	const latest = useRef(lineInput(initial));
	const [, render] = useReducer((count: number) => count + 1, 0);
	const dispatch = (action: LineInputAction) => {
		const previous = latest.current;
		latest.current = lineInputReducer(previous, action);
		render();
		if (latest.current.value !== previous.value) handlers.onChange?.(latest.current.value);
	};
	useInput(
		(input, key) => {
			const state = latest.current;
			if (key.ctrl && input === 'c') return;
			if (key.return) handlers.onSubmit(state.value);
			else if (key.escape) handlers.onEscape?.();
			else if (key.tab) {
				const completed = handlers.onTab?.(state.value);
				if (completed !== undefined) dispatch({type: 'set', value: completed});
			} else if (key.upArrow) handlers.onUp?.();
			// Most terminals send DEL for Backspace, which Ink reports as delete: both erase to the left.
			else if (key.backspace || key.delete) dispatch({type: 'backspace'});
			else if (key.leftArrow) dispatch({type: 'left'});
			else if (key.rightArrow) dispatch({type: 'right'});
			else if (key.ctrl && input === 'a') dispatch({type: 'home'});
			else if (key.ctrl && input === 'e') dispatch({type: 'end'});
			else if (key.ctrl && input === 'u') dispatch({type: 'set', value: ''});
			else if (!key.ctrl && !key.meta && input) dispatch({type: 'insert', text: input});
		},
		{isActive: handlers.isActive},
	);
	return {state: latest.current, dispatch};
}

/** The line with its cursor (an inverse character, or _ at the end). */
export function LineInputView({state, isFocused = true}: {state: LineInputState; isFocused?: boolean}): React.JSX.Element {
	const {value, cursor} = state;
	if (!isFocused) return <Text>{value}</Text>;
	const under = value[cursor];
	return (
		<Text>
			{value.slice(0, cursor)}
			{under === undefined ? <Text>_</Text> : <Text inverse>{under}</Text>}
			{under === undefined ? '' : value.slice(cursor + 1)}
		</Text>
	);
}
