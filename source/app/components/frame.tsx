/**
 * The frame of every screen: project and save state, the five phases, where you are, the body,
 * its help lines, and the keys that work here on the last row.
 */
import {Box, Text, useStdout} from 'ink';
import React from 'react';
import {PHASES, type PhaseNumber} from '../../../flows/phases.js';
import type {Theme} from '../theme.js';

export interface FrameProps {
	readonly theme: Theme;
	readonly title: string;
	/** "saved 14:02:11", "not saved: disk full", or "no session open". */
	readonly status: {readonly text: string; readonly isError?: boolean};
	/** The current phase; undefined on the first screen. */
	readonly phase?: PhaseNumber;
	readonly breadcrumb?: string;
	readonly counter?: string;
	readonly help?: readonly string[];
	readonly keys: string;
	readonly children: React.ReactNode;
}

/** The terminal's size, with the 80x24 the wizard is drawn for as the default. */
export function useTerminalSize(): {columns: number; rows: number} {
	const {stdout} = useStdout();
	return {columns: Math.max(40, stdout.columns || 80), rows: Math.max(10, stdout.rows || 24)};
}

export function Frame({theme, title, status, phase, breadcrumb, counter, help = [], keys, children}: FrameProps): React.JSX.Element {
	const {columns, rows} = useTerminalSize();
	const width = Math.min(columns, 100);
	return (
		<Box flexDirection="column" width={width} height={rows}>
			<Box justifyContent="space-between">
				<Text bold>{title}</Text>
				<Text color={status.isError ? theme.color('danger') : theme.color('muted')}>{status.text}</Text>
			</Box>
			<PhaseLine theme={theme} phase={phase} />
			<Text> </Text>
			{breadcrumb ? (
				<Box justifyContent="space-between">
					<Text>{`  ${breadcrumb}`}</Text>
					<Text color={theme.color('muted')}>{counter ?? ''}</Text>
				</Box>
			) : null}
			<Box flexDirection="column" flexGrow={1} paddingLeft={2} paddingTop={1} overflow="hidden">
				{children}
			</Box>
			{help.map((line, index) => (
				<Text key={index} color={theme.color('muted')} wrap="truncate-end">
					{`  ${line}`}
				</Text>
			))}
			<Text color={theme.color('muted')} wrap="truncate-end">
				{keys}
			</Text>
		</Box>
	);
}

/** The pieces of the phase line: ` [1 Requirements]> 2 Schema > ...`, `  * Requirements >[2 Schema]> ...`. */
export function phaseLine(phase: PhaseNumber | undefined, done: string): {readonly text: string; readonly kind: 'done' | 'current' | 'todo' | 'separator'}[] {
	const pieces: {text: string; kind: 'done' | 'current' | 'todo' | 'separator'}[] = [{text: phase === 1 ? ' ' : '  ', kind: 'separator'}];
	for (const {number, name} of PHASES) {
		if (number > 1) pieces.push({text: number === phase ? ' >' : number - 1 === phase ? '> ' : ' > ', kind: 'separator'});
		if (number === phase) pieces.push({text: `[${number} ${name}]`, kind: 'current'});
		else if (phase !== undefined && number < phase) pieces.push({text: `${done} ${name}`, kind: 'done'});
		else pieces.push({text: `${number} ${name}`, kind: 'todo'});
	}
	return pieces;
}

function PhaseLine({theme, phase}: {theme: Theme; phase?: PhaseNumber}): React.JSX.Element {
	return (
		<Text wrap="truncate-end">
			{phaseLine(phase, theme.glyphs.done).map((piece, index) => (
				<Text key={index} bold={piece.kind === 'current'} color={piece.kind === 'current' ? theme.color('accent') : piece.kind === 'done' ? theme.color('success') : undefined}>
					{piece.text}
				</Text>
			))}
		</Text>
	);
}
