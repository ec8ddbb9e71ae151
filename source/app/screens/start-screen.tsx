/**
 * The first screen: start from a preset or blank, or continue a saved design.
 */
import {Box, Text} from 'ink';
import React from 'react';
import {PRESETS, presetSummary} from '../../../flows/presets.js';
import type {Session} from '../../model/session.js';
import {ChoiceListView, useChoiceList} from '../components/choice-list.js';
import type {SavedSession} from '../services.js';
import type {Theme} from '../theme.js';

export interface StartProps {
	readonly theme: Theme;
	readonly saved: readonly SavedSession[];
	readonly sessionFolder: string;
	readonly isActive: boolean;
	readonly rows: number;
	readonly onOpen: (session: Session) => void;
	readonly onHelp: () => void;
	readonly onProblem: (message: string) => void;
}

/** "2 h ago" within a week, then "12 Mar". */
export function ago(date: Date, now = new Date()): string {
	const minutes = Math.round((now.getTime() - date.getTime()) / 60_000);
	if (minutes < 1) return 'just now';
	if (minutes < 60) return `${minutes} min ago`;
	if (minutes < 60 * 24) return `${Math.round(minutes / 60)} h ago`;
	if (minutes < 60 * 24 * 7) return `${Math.round(minutes / (60 * 24))} d ago`;
	return date.toLocaleDateString('en-GB', {day: 'numeric', month: 'short'});
}

export function StartScreen({theme, saved, sessionFolder, isActive, rows, onOpen, onHelp, onProblem}: StartProps): React.JSX.Element {
	const items = [
		...PRESETS.map((preset) => ({label: preset.label, hint: preset.hint})),
		...saved.map((entry) => ({label: entry.name, hint: entry.problem ? `x ${entry.problem}` : `${entry.summary}${entry.savedAt ? `, saved ${ago(entry.savedAt)}` : ''}`})),
	];
	const list = useChoiceList(items.length, 0, Math.max(5, Math.min(items.length, rows - 8)), new Set(), {
		isActive,
		onSubmit: (state) => {
			const preset = PRESETS[state.highlighted];
			if (preset) {
				onOpen(preset.session);
				return;
			}
			const entry = saved[state.highlighted - PRESETS.length];
			if (entry?.session) onOpen(entry.session);
			else if (entry) onProblem(`${entry.file}: ${entry.problem ?? 'cannot be opened'}`);
		},
		onKey: (input) => {
			if (input === '?') onHelp();
		},
	});
	const preset = PRESETS[list.highlighted];
	return (
		<Box flexDirection="column">
			<Text bold>What do you want to do?</Text>
			<Text> </Text>
			<Text color={theme.color('muted')}>New design, from a preset{saved.length > 0 ? '; below it, designs to continue' : ''}</Text>
			<ChoiceListView items={items} state={list} theme={theme} />
			<Text> </Text>
			<Text color={theme.color('muted')}>{preset ? presetSummary(preset) : 'Continues exactly where it was left.'}</Text>
			<Text color={theme.color('muted')}>Answers are saved to {sessionFolder}/ as you give them (--session-dir).</Text>
		</Box>
	);
}
