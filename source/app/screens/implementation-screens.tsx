/**
 * Phase 4 and 5 screens: the artifact viewer, validation with progress, writing the folder, and
 * the pool sizing before the final write.
 */
import {Box, Text, useInput} from 'ink';
import React, {useEffect, useState} from 'react';
import type {ValidationProgress} from '../../db/validate.js';
import type {Design} from '../../model/design.js';
import type {Session} from '../../model/session.js';
import type {StepResult, ValidationReport} from '../../model/validation.js';
import type {Theme} from '../theme.js';
import type {WizardServices, Written} from '../services.js';
import {questionText, type MigrationAnswers, type MigrationQuestion} from '../../engine/migration-questions.js';
import {LineInputView, useLineInput} from '../components/line-input.js';

const SQL_KEYWORDS = /\b(CREATE|TABLE|INDEX|UNIQUE|PRIMARY|KEY|FOREIGN|REFERENCES|ON|DELETE|CASCADE|RESTRICT|SET|NULL|NOT|DEFAULT|CHECK|CONSTRAINT|COMMENT|IS|SELECT|FROM|WHERE|AND|ORDER|BY|LIMIT|INSERT|INTO|VALUES|UPDATE|RETURNING|BEGIN|COMMIT|IF|EXISTS|GENERATED|ALWAYS|AS|IDENTITY|ALTER|DROP|POLICY|USING|WITH|TRIGGER|FUNCTION|class|def|import|from)\b/;

/** One line of a file, with SQL keywords and comments coloured (when there is colour). */
function CodeLine({theme, line}: {theme: Theme; line: string}): React.JSX.Element {
	if (/^\s*(--|#)/.test(line)) return <Text color={theme.color('muted')}>{line}</Text>;
	const parts = line.split(SQL_KEYWORDS);
	return (
		<Text>
			{parts.map((part, index) => (index % 2 === 1 ? <Text key={index} color={theme.color('accent')}>{part}</Text> : <Text key={index}>{part}</Text>))}
		</Text>
	);
}

export interface PreviewProps {
	readonly theme: Theme;
	readonly files: ReadonlyMap<string, string>;
	readonly isActive: boolean;
	readonly rows: number;
	readonly onContinue: () => void;
	readonly onBack: () => void;
	readonly onHelp: () => void;
}

/** A scrollable, coloured view of every file; Tab goes to the next. */
export function Preview({theme, files, isActive, rows, onContinue, onBack, onHelp}: PreviewProps): React.JSX.Element {
	const names = [...files.keys()];
	const [current, setCurrent] = useState(Math.max(0, names.indexOf('schema.sql')));
	const [top, setTop] = useState(0);
	const lines = (files.get(names[current]!) ?? '').split('\n');
	const height = Math.max(3, rows - 3);
	const maxTop = Math.max(0, lines.length - height);
	useInput(
		(input, key) => {
			if (key.tab) {
				setCurrent((current + (key.shift ? names.length - 1 : 1)) % names.length);
				setTop(0);
			} else if (key.downArrow) setTop(Math.min(maxTop, top + 1));
			else if (key.upArrow) setTop(Math.max(0, top - 1));
			else if (key.pageDown) setTop(Math.min(maxTop, top + height));
			else if (key.pageUp) setTop(Math.max(0, top - height));
			else if (key.return) onContinue();
			else if (key.escape) onBack();
			else if (input === '?') onHelp();
		},
		{isActive},
	);
	const number = String(lines.length).length;
	return (
		<Box flexDirection="column">
			<Text wrap="truncate-end">
				{names.map((name, index) => (
					<Text key={name} color={index === current ? theme.color('accent') : theme.color('muted')} bold={index === current}>
						{index === current ? `[${name}]` : ` ${name} `}{' '}
					</Text>
				))}
			</Text>
			{lines.slice(top, top + height).map((line, index) => (
				<Text key={top + index} wrap="truncate-end">
					<Text color={theme.color('muted')}>{String(top + index + 1).padStart(number)} </Text>
					<CodeLine theme={theme} line={line} />
				</Text>
			))}
			<Text color={theme.color('muted')}>
				{names[current]} lines {top + 1}-{Math.min(lines.length, top + height)} of {lines.length}; not written yet: validate first (Enter)
			</Text>
		</Box>
	);
}

function seconds(ms: number): string {
	return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export interface ValidateProps {
	readonly theme: Theme;
	readonly design: Design;
	readonly files: ReadonlyMap<string, string>;
	readonly services: WizardServices;
	readonly isActive: boolean;
	readonly onDone: (report: ValidationReport) => void;
	readonly onContinue: () => void;
	readonly onBack: () => void;
}

/** Runs the validation once, showing each step as it finishes and the plans at the end. */
export function Validate({theme, design, files, services, isActive, onDone, onContinue, onBack}: ValidateProps): React.JSX.Element {
	const [done, setDone] = useState<StepResult[]>([]);
	const [running, setRunning] = useState<string | undefined>('Start database');
	const [rows, setRows] = useState<{loaded: number; total: number; rowsPerSecond: number} | undefined>();
	const [report, setReport] = useState<ValidationReport | undefined>();
	const [failure, setFailure] = useState<string | undefined>();
	useEffect(() => {
		let cancelled = false;
		const onProgress = (progress: ValidationProgress) => {
			if (cancelled) return;
			if (progress.kind === 'step') setRunning(progress.step);
			if (progress.kind === 'done') setDone((previous) => [...previous, progress.result]);
			if (progress.kind === 'rows') setRows({loaded: progress.loaded, total: progress.total, rowsPerSecond: progress.rowsPerSecond});
		};
		services.validate(design, files, onProgress).then(
			(result) => {
				if (cancelled) return;
				setRunning(undefined);
				setReport(result);
				onDone(result);
			},
			(error: unknown) => {
				if (!cancelled) setFailure((error as Error).message);
			},
		);
		return () => {
			cancelled = true;
		};
		// Validation runs once per visit to this screen.
	}, []);
	useInput(
		(_input, key) => {
			if (key.return && (report || failure)) (report ? onContinue : onBack)();
			else if (key.escape) onBack();
		},
		{isActive},
	);
	return (
		<Box flexDirection="column">
			{done.map((step) => (
				<Text key={step.name} wrap="truncate-end">
					<Text color={theme.color('success')}>{theme.glyphs.done} </Text>
					{step.name.padEnd(31)}
					<Text color={theme.color('muted')}>
						{seconds(step.ms).padStart(7)}  {step.detail}
					</Text>
				</Text>
			))}
			{running && !failure ? (
				<Text>
					<Text color={theme.color('accent')}>- </Text>
					{running}
					{running === 'Load sample data' && rows ? <Text color={theme.color('muted')}>{`   ${rows.loaded.toLocaleString('en-US')} of ${rows.total.toLocaleString('en-US')} rows  ${Math.round((rows.loaded / rows.total) * 100)}%  ${rows.rowsPerSecond.toLocaleString('en-US')} rows/s`}</Text> : null}
				</Text>
			) : null}
			{report ? (
				<Box flexDirection="column" marginTop={1}>
					{report.plans.map((plan) => (
						<Text key={plan.pattern} wrap="truncate-end">
							{'  '}
							{plan.pattern.padEnd(28)} {plan.executionMs.toFixed(2).padStart(7)} ms{'  '}
							<Text color={plan.verdict === 'planned-index' ? theme.color('success') : theme.color('warning')}>
								{plan.verdict === 'planned-index' ? plan.intendedIndex : plan.verdict === 'other-index' ? plan.usedIndexes.join(', ') : 'sequential scan'}
							</Text>
						</Text>
					))}
					<Text color={theme.color('muted')}>Every file ran on {report.engine}. Enter to choose where to write them.</Text>
				</Box>
			) : null}
			{failure ? (
				<Box flexDirection="column" marginTop={1}>
					<Text color={theme.color('danger')}>
						{theme.glyphs.error} {failure}
					</Text>
					<Text color={theme.color('muted')}>Nothing was written. Enter or Esc goes back to change the design.</Text>
				</Box>
			) : null}
		</Box>
	);
}

export interface WriteProps {
	readonly theme: Theme;
	readonly out: string;
	readonly session: Session;
	readonly design: Design;
	readonly report?: ValidationReport;
	/** Answers about the new migration, kept by the app across visits. */
	readonly answers: MigrationAnswers;
	readonly services: WizardServices;
	readonly isActive: boolean;
	readonly onWritten: () => void;
	readonly onContinue: () => void;
	readonly onBack: () => void;
}

type WriteState =
	| {readonly kind: 'writing'; readonly step?: string}
	| {readonly kind: 'question'; readonly question: MigrationQuestion; readonly answer: (value: boolean | string) => void}
	| {readonly kind: 'written'; readonly written: Written}
	| {readonly kind: 'conflict'; readonly message: string}
	| {readonly kind: 'failed'; readonly message: string};

/**
 * Writes the folder. When it already holds an earlier write, what changed since becomes a new
 * migration: the questions it needs (rename or drop? the value of existing rows? drop this data?)
 * are asked here, one at a time, and the grown history is validated before anything is written.
 * Asks before overwriting files edited since the last export.
 */
export function Write({theme, out, session, design, report, answers, services, isActive, onWritten, onContinue, onBack}: WriteProps): React.JSX.Element {
	const [state, setState] = useState<WriteState>({kind: 'writing'});
	const write = (force: boolean) => {
		setState({kind: 'writing'});
		const ask = (question: MigrationQuestion) => new Promise<boolean | string>((resolve) => setState({kind: 'question', question, answer: resolve}));
		const onProgress = (progress: ValidationProgress) => {
			if (progress.kind === 'step') setState({kind: 'writing', step: progress.step});
		};
		services.write({out, session, design, ...(report ? {report} : {}), force, answers, ask, onProgress}).then(
			(written) => {
				setState({kind: 'written', written});
				onWritten();
			},
			(error: Error) => {
				setState(/edited since the last export|not written by pg-designer/.test(error.message) ? {kind: 'conflict', message: error.message} : {kind: 'failed', message: error.message});
			},
		);
	};
	useEffect(() => {
		write(false);
		// Writes once per visit to this screen.
	}, []);
	const {state: input} = useLineInput('', {
		isActive: isActive && state.kind === 'question' && state.question.kind === 'backfill',
		onSubmit: (value) => {
			if (state.kind === 'question' && value.trim()) state.answer(value.trim());
		},
		onEscape: onBack,
	});
	useInput(
		(key, flags) => {
			if (state.kind === 'question') {
				if (state.question.kind === 'backfill') return;
				if (key === 'y') state.answer(true);
				else if (key === 'n') state.answer(false);
				else if (flags.escape) onBack();
				return;
			}
			if (state.kind === 'conflict') {
				if (key === 'y') write(true);
				else if (key === 'n' || flags.escape || flags.return) onBack();
			} else if (state.kind === 'written' && flags.return) onContinue();
			else if (flags.escape || (state.kind === 'failed' && flags.return)) onBack();
		},
		{isActive},
	);
	return (
		<Box flexDirection="column">
			{state.kind === 'writing' ? <Text>{state.step ? `Validating the migration history: ${state.step} ...` : `Writing ${out} ...`}</Text> : null}
			{state.kind === 'question' ? (
				<Box flexDirection="column">
					<Text color={theme.color('warning')}>{out} holds an earlier write: what changed since becomes a new migration.</Text>
					<Text> </Text>
					<Text>{questionText(state.question)}</Text>
					<Text> </Text>
					{state.question.kind === 'backfill' ? (
						<Text>
							{theme.glyphs.pointer} <LineInputView state={input} />
						</Text>
					) : (
						<Text color={theme.color('muted')}>
							{state.question.kind === 'rename'
								? 'y  renamed: its values are kept    n  dropped and added: its values are lost'
								: 'y  drop it    n  keep it (then go back and put it in the design again)'}
						</Text>
					)}
				</Box>
			) : null}
			{state.kind === 'written' ? (
				<Box flexDirection="column">
					<Text color={theme.color('success')}>
						{theme.glyphs.done} Wrote {out}: {state.written.files.size} files{state.written.migration ? `, with the new ${state.written.migration}` : ''}.
					</Text>
					<Text> </Text>
					<Text>Next:</Text>
					<Text>
						{state.written.migration
							? `  1. psql -v ON_ERROR_STOP=1 -f ${out}/${state.written.migration}    (on the database as it is)`
							: `  1. psql -v ON_ERROR_STOP=1 -1 -f ${out}/schema.sql -f ${out}/indexes.sql`}
					</Text>
					<Text>{`  2. pg-designer check ${out}    (again, on any machine)`}</Text>
					<Text>{'  3. Commit the folder; later changes become new migrations.'}</Text>
					<Text> </Text>
					<Text color={theme.color('muted')}>Enter goes on to phase 5: connection pools and PERFORMANCE.md.</Text>
				</Box>
			) : null}
			{state.kind === 'conflict' ? (
				<Text color={theme.color('warning')}>
					{state.message}. Overwrite them? (y/N)
				</Text>
			) : null}
			{state.kind === 'failed' ? (
				<Text color={theme.color('danger')}>
					{theme.glyphs.error} {state.message}
				</Text>
			) : null}
		</Box>
	);
}

export interface PoolProps {
	readonly theme: Theme;
	readonly session: Session;
	readonly design: Design;
	readonly isActive: boolean;
	readonly onContinue: () => void;
	readonly onBack: () => void;
	readonly onHelp: () => void;
}

/** The pool sizing with its arithmetic; Enter writes the folder a last time. */
export function Pool({theme, design, isActive, onContinue, onBack, onHelp}: PoolProps): React.JSX.Element {
	const {pool} = design;
	useInput(
		(input, key) => {
			if (key.return) onContinue();
			else if (key.escape) onBack();
			else if (input === '?') onHelp();
		},
		{isActive},
	);
	return (
		<Box flexDirection="column">
			<Text bold>
				{pool.appInstances} instances x {pool.workersPerInstance} workers: pool {pool.poolPerInstance} per instance, {pool.clientConnections} clients;{' '}
				{pool.pooler === 'pgbouncer' ? `PgBouncer pool ${pool.serverConnections}` : `${pool.serverConnections} server connections`} for {pool.databaseCores} cores
			</Text>
			<Text> </Text>
			{pool.reasoning.map((line, index) => (
				<Text key={index}>- {line}</Text>
			))}
			<Text> </Text>
			<Text color={theme.color('muted')}>PERFORMANCE.md also holds the transaction advice, monitoring and growth notes. Enter writes the folder with it.</Text>
		</Box>
	);
}
