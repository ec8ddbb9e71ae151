/**
 * A list of choices with a highlight, optional ticks, group of visible rows and hints; the
 * highlighted option's trade-off is the caller's to show (onHighlight). Key handler and view apart.
 */
import {Box, Text, useInput} from 'ink';
import React, {useReducer, useRef} from 'react';
import type {Theme} from '../theme.js';
import {choiceList, choiceListReducer, type ChoiceListAction, type ChoiceListState} from './use-choice-list-state.js';

export interface ListItem {
	readonly label: string;
	readonly hint?: string;
	readonly recommended?: boolean;
}

export interface ChoiceListHandlers {
	readonly isActive: boolean;
	readonly isMulti?: boolean;
	readonly onSubmit: (state: ChoiceListState) => void;
	readonly onEscape?: () => void;
	/** Other keys (letters) the screen handles, with the highlighted index. */
	readonly onKey?: (input: string, highlighted: number) => void;
}

/** Keeps a list's state and handles its keys. */
export function useChoiceList(count: number, initial: number, visible: number, ticked: ReadonlySet<number>, handlers: ChoiceListHandlers): ChoiceListState {
	// The latest state lives in a ref: keys that arrive before the next render (a fast Down, Enter) see it.
	const latest = useRef(choiceList(count, initial, visible, ticked));
	const [, render] = useReducer((renders: number) => renders + 1, 0);
	const dispatch = (action: ChoiceListAction) => {
		latest.current = choiceListReducer(latest.current, action);
		render();
	};
	if (latest.current.count !== count || latest.current.visible !== visible) {
		latest.current = choiceListReducer(latest.current, {type: 'reset', count, highlighted: Math.min(latest.current.highlighted, count - 1), visible, ticked: latest.current.ticked});
	}
	useInput(
		(input, key) => {
			const state = latest.current;
			if (key.ctrl && input === 'c') return;
			if (key.upArrow) dispatch({type: 'up'});
			else if (key.downArrow) dispatch({type: 'down'});
			else if (key.pageUp) dispatch({type: 'page-up'});
			else if (key.pageDown) dispatch({type: 'page-down'});
			else if (input === ' ' && handlers.isMulti) dispatch({type: 'toggle'});
			else if (key.return) handlers.onSubmit(state);
			else if (key.escape) handlers.onEscape?.();
			else if (input && !key.ctrl && !key.meta) handlers.onKey?.(input, state.highlighted);
		},
		{isActive: handlers.isActive},
	);
	return latest.current;
}

/** The visible rows of the list. */
export function ChoiceListView({items, state, theme, isMulti = false}: {items: readonly ListItem[]; state: ChoiceListState; theme: Theme; isMulti?: boolean}): React.JSX.Element {
	const width = Math.min(34, Math.max(...items.map((item) => item.label.length)) + 2);
	const rows = items.slice(state.offset, state.offset + state.visible);
	return (
		<Box flexDirection="column">
			{rows.map((item, index) => {
				const position = state.offset + index;
				const isHighlighted = position === state.highlighted;
				const tick = isMulti ? (state.ticked.has(position) ? '[x] ' : '[ ] ') : '';
				return (
					<Text key={position} wrap="truncate-end">
						<Text color={isHighlighted ? theme.color('accent') : undefined}>{isHighlighted ? `${theme.glyphs.pointer} ` : '  '}</Text>
						<Text color={isHighlighted ? theme.color('accent') : undefined}>
							{tick}
							{item.label.length >= width ? `${item.label}  ` : item.label.padEnd(width)}
						</Text>
						<Text color={theme.color('muted')}>{item.hint ?? ''}</Text>
						{item.recommended ? <Text color={theme.color('success')}> (recommended)</Text> : null}
					</Text>
				);
			})}
			{items.length > state.visible ? (
				<Text color={theme.color('muted')}>
					{'  '}
					{state.offset + rows.length} of {items.length}
				</Text>
			) : null}
		</Box>
	);
}
