/**
 * The screens that ask a question: pick one, tick several, type a line, type several lines.
 * Each renders one flow step; the answer goes back through onAnswer.
 */
import {Box, Text} from 'ink';
import React, {useState} from 'react';
import type {Answer, LinesStep, MultiSelectStep, SelectStep, TextStep} from '../../../flows/step.js';
import {ChoiceListView, useChoiceList} from '../components/choice-list.js';
import {LineInputView, useLineInput} from '../components/line-input.js';
import type {Theme} from '../theme.js';

export interface QuestionProps<S> {
	readonly step: S;
	readonly theme: Theme;
	readonly isActive: boolean;
	readonly error?: string;
	/** Rows the list may use. */
	readonly rows: number;
	readonly onAnswer: (answer: Answer) => void;
	readonly onBack: () => void;
	readonly onHelp: () => void;
	readonly onType: () => void;
}

/** The error of the last answer, in the user's terms. */
export function ErrorLine({theme, error}: {theme: Theme; error?: string}): React.JSX.Element | null {
	if (!error) return null;
	return (
		<Text color={theme.color('danger')}>
			{theme.glyphs.error} {error}
		</Text>
	);
}

export function SelectScreen({step, theme, isActive, error, rows, onAnswer, onBack, onHelp, onType}: QuestionProps<SelectStep>): React.JSX.Element {
	const initial = Math.max(0, step.choices.findIndex((choice) => choice.value === step.value));
	// Room for the prompt, the trade-off and the longest detail under the list.
	const detail = Math.max(0, ...step.choices.map((choice) => choice.detail?.length ?? 0));
	const state = useChoiceList(step.choices.length, initial, Math.max(3, Math.min(rows - 5 - detail, step.choices.length)), new Set(), {
		isActive,
		onSubmit: (list) => onAnswer(step.choices[list.highlighted]!.value),
		onEscape: onBack,
		onKey: (input) => {
			onType();
			if (input === '?') onHelp();
		},
	});
	const choice = step.choices[state.highlighted];
	return (
		<Box flexDirection="column">
			<Text bold>{step.prompt}</Text>
			<Text> </Text>
			<ChoiceListView items={step.choices} state={state} theme={theme} />
			<Text> </Text>
			{choice?.detail?.map((line, index) => (
				<Text key={index} color={line.startsWith('!') ? theme.color('warning') : undefined}>
					{line}
				</Text>
			))}
			{choice ? <Text color={theme.color('muted')}>{choice.tradeoff}</Text> : null}
			<ErrorLine theme={theme} error={error} />
		</Box>
	);
}

export function MultiSelectScreen({step, theme, isActive, error, rows, onAnswer, onBack, onHelp, onType}: QuestionProps<MultiSelectStep>): React.JSX.Element {
	const ticked = new Set(step.choices.flatMap((choice, index) => (step.value.includes(choice.value) ? [index] : [])));
	const state = useChoiceList(step.choices.length, 0, Math.max(3, Math.min(rows - 6, step.choices.length)), ticked, {
		isActive,
		isMulti: true,
		onSubmit: (list) => onAnswer(step.choices.filter((_, index) => list.ticked.has(index)).map((choice) => choice.value)),
		onEscape: onBack,
		onKey: (input) => {
			onType();
			if (input === '?') onHelp();
		},
	});
	const choice = step.choices[state.highlighted];
	return (
		<Box flexDirection="column">
			<Text bold>{step.prompt}</Text>
			<Text> </Text>
			{step.choices.length === 0 ? <Text color={theme.color('muted')}>Nothing to choose here yet.</Text> : <ChoiceListView items={step.choices} state={state} theme={theme} isMulti />}
			<Text> </Text>
			{choice ? <Text color={theme.color('muted')}>{choice.tradeoff}</Text> : null}
			<ErrorLine theme={theme} error={error} />
		</Box>
	);
}

export function TextScreen({step, theme, isActive, error, onAnswer, onBack, onType}: QuestionProps<TextStep>): React.JSX.Element {
	const [problem, setProblem] = useState<string | undefined>();
	const {state} = useLineInput(step.value, {
		isActive,
		onChange: () => {
			setProblem(undefined);
			onType();
		},
		onSubmit: (value) => {
			const message = step.validate(value.trim());
			if (message) setProblem(message);
			else onAnswer(value.trim());
		},
		onEscape: onBack,
	});
	return (
		<Box flexDirection="column">
			<Text bold>{step.prompt}</Text>
			<Text> </Text>
			<Text>
				{theme.glyphs.pointer} <LineInputView state={state} />
			</Text>
			<ErrorLine theme={theme} error={problem ?? error} />
		</Box>
	);
}

/** Several lines, each checked as it is typed: Enter adds a line, Enter on an empty line finishes, Up edits the last one. */
export function LinesScreen({step, theme, isActive, error, rows, onAnswer, onBack, onType}: QuestionProps<LinesStep>): React.JSX.Element {
	const [lines, setLines] = useState<readonly string[]>(step.value);
	const [editing, setEditing] = useState<number | undefined>();
	const [submitted, setSubmitted] = useState(false);
	const {state, dispatch} = useLineInput('', {
		isActive,
		onChange: () => {
			setSubmitted(false);
			onType();
		},
		onSubmit: (value) => {
			const text = value.trim();
			if (text === '') {
				if (editing !== undefined) {
					setLines(lines.filter((_, index) => index !== editing));
					setEditing(undefined);
					return;
				}
				onAnswer(lines);
				return;
			}
			if (!step.parse(text).ok) {
				setSubmitted(true);
				return;
			}
			setLines(editing === undefined ? [...lines, text] : lines.map((line, index) => (index === editing ? text : line)));
			setEditing(undefined);
			dispatch({type: 'set', value: ''});
		},
		onTab: step.complete ? (value) => step.complete!(value) : undefined,
		onUp: () => {
			const target = editing === undefined ? lines.length - 1 : editing - 1;
			if (target < 0) return;
			setEditing(target);
			dispatch({type: 'set', value: lines[target]!});
		},
		onEscape: onBack,
	});
	const current = state.value.trim();
	const feedback = current ? step.parse(current) : undefined;
	// An error shows once the line is submitted or a token is ended by a space.
	const showError = feedback && !feedback.ok && (submitted || state.value.endsWith(' '));
	const shown = lines.slice(Math.max(0, lines.length - Math.max(2, rows - 4 - step.syntax.length - 3)));
	const width = Math.min(40, Math.max(20, ...lines.map((line) => line.length + 2)));
	return (
		<Box flexDirection="column">
			<Text bold>{step.prompt}</Text>
			{shown.map((line, index) => {
				const position = lines.length - shown.length + index;
				const parsed = step.parse(line);
				return (
					<Text key={position} wrap="truncate-end" color={position === editing ? theme.color('accent') : undefined}>
						{'  '}
						{line.padEnd(width)}
						<Text color={theme.color('muted')}>{parsed.ok ? parsed.preview : parsed.error}</Text>
					</Text>
				);
			})}
			<Text wrap="truncate-end">
				<Text color={theme.color('accent')}>{theme.glyphs.pointer} </Text>
				<LineInputView state={state} />
				{feedback?.ok ? <Text color={theme.color('muted')}>{`   ${feedback.preview}`}</Text> : null}
			</Text>
			{showError ? <ErrorLine theme={theme} error={feedback.error} /> : null}
			<ErrorLine theme={theme} error={error} />
			<Text> </Text>
			{step.syntax.map((line, index) => (
				<Text key={index} color={theme.color('muted')} wrap="truncate-end">
					{line}
				</Text>
			))}
			<Text color={theme.color('muted')}>{editing === undefined ? 'Enter on an empty line goes on.' : 'Editing a line: Enter keeps it, an empty line removes it.'}</Text>
		</Box>
	);
}
