/**
 * The first screen: start from a preset or blank, or continue a saved design.
 */
import {Box, Text} from 'ink';
import React from 'react';
import {PRESET_LIST, type PresetId} from '../../../flows/preset-list.js';
import type {Session} from '../../model/session.js';
import {ChoiceListView, useChoiceList} from '../components/choice-list.js';
import {Frame, useTerminalSize} from '../components/frame.js';
import {keyBar} from '../keys.js';
import type {SavedSession} from '../services.js';
import type {Theme} from '../theme.js';

export interface StartProps {
	readonly theme: Theme;
	readonly saved: readonly SavedSession[];
	readonly sessionFolder: string;
	readonly isActive: boolean;
	readonly rows: number;
	/** A saved session was chosen. */
	readonly onOpen: (session: Session) => void;
	/** A preset was chosen: the app makes its session (the first frame does not load the schema). */
	readonly onOpenPreset: (id: PresetId) => void;
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

export function StartScreen({theme, saved, sessionFolder, isActive, rows, onOpen, onOpenPreset, onHelp, onProblem}: StartProps): React.JSX.Element {
	const items = [
		...PRESET_LIST.map((preset) => ({label: preset.label, hint: preset.hint})),
		...saved.map((entry) => ({label: entry.name, hint: entry.problem ? `x ${entry.problem}` : `${entry.summary}${entry.savedAt ? `, saved ${ago(entry.savedAt)}` : ''}`})),
	];
	const list = useChoiceList(items.length, 0, Math.max(5, Math.min(items.length, rows - 8)), new Set(), {
		isActive,
		onSubmit: (state) => {
			const preset = PRESET_LIST[state.highlighted];
			if (preset) {
				onOpenPreset(preset.id);
				return;
			}
			const entry = saved[state.highlighted - PRESET_LIST.length];
			if (entry?.session) onOpen(entry.session);
			else if (entry) onProblem(`${entry.file}: ${entry.problem ?? 'cannot be opened'}`);
		},
		onKey: (input) => {
			if (input === '?') onHelp();
		},
	});
	const preset = PRESET_LIST[list.highlighted];
	return (
		<Box flexDirection="column">
			<Text bold>What do you want to do?</Text>
			<Text> </Text>
			<Text color={theme.color('muted')}>New design, from a preset{saved.length > 0 ? '; below it, designs to continue' : ''}</Text>
			<ChoiceListView items={items} state={list} theme={theme} />
			<Text> </Text>
			<Text color={theme.color('muted')}>{preset ? preset.summary : 'Continues exactly where it was left.'}</Text>
			<Text color={theme.color('muted')}>Answers are saved to {sessionFolder}/ as you give them (--session-dir).</Text>
		</Box>
	);
}

export interface StartFrameProps extends Omit<StartProps, 'rows'> {
	readonly version: string;
	readonly status: {readonly text: string; readonly isError?: boolean};
	readonly notice?: string;
}

/** The first screen in its frame: what the app draws, and what start-up draws while the app loads. */
export function StartFrame({version, status, notice, ...start}: StartFrameProps): React.JSX.Element {
	const {rows} = useTerminalSize();
	// The frame takes 7 rows (title, phases, gap, breadcrumb, gap, keys) plus the notice line.
	const bodyRows = Math.max(3, rows - 8 - (notice ? 1 : 0));
	return (
		<Frame theme={start.theme} title={`pg-designer ${version}`} status={status} keys={keyBar(['choose', 'move', 'help', 'quit'])} help={notice ? [notice] : []}>
			<StartScreen {...start} rows={bodyRows} />
		</Frame>
	);
}
