/**
 * The wizard's root: the lifecycle (save after every answer, Ctrl-C saves and quits, one owner of
 * exit), the frame, and the screen for the current step.
 */
import {Box, Text, useApp, useInput} from 'ink';
import React, {useEffect, useMemo, useReducer, useRef, useState} from 'react';
import {findStep, stepNumber} from '../../flows/index.js';
import {presetSession} from '../../flows/presets.js';
import {designOf, type Step} from '../../flows/step.js';
import type {MigrationAnswers} from '../engine/migration-questions.js';
import type {Session} from '../model/session.js';
import type {ValidationReport} from '../model/validation.js';
import {Frame, useTerminalSize} from './components/frame.js';
import {KEYS, keyBar, type Command} from './keys.js';
import {IndexReview, SchemaReview} from './screens/review-screens.js';
import {Pool, Preview, Validate, Write} from './screens/implementation-screens.js';
import {LinesScreen, MultiSelectScreen, SelectScreen, TextScreen} from './screens/question-screens.js';
import {StartFrame} from './screens/start-screen.js';
import type {SavedSession, WizardServices} from './services.js';
import type {Theme} from './theme.js';
import {initialWizardState, wizardReducer} from './use-wizard-state.js';

/** How the wizard ended, for the CLI to print the way back in. */
export type WizardResult =
	| {readonly kind: 'quit'; readonly session?: Session; readonly file?: string; readonly step?: Step; readonly stepNumber?: string}
	| {readonly kind: 'done'; readonly session: Session; readonly file?: string; readonly out?: string};

export interface AppProps {
	readonly theme: Theme;
	readonly services: WizardServices;
	readonly version: string;
	/** A session to open at once (resume). */
	readonly initial?: Session;
	readonly onExit: (result: WizardResult) => void;
}

const QUESTION_KEYS: Record<string, readonly (Command | readonly [Command, string])[]> = {
	select: ['choose', 'move', 'back', 'help', 'quit'],
	'multi-select': ['toggle', ['choose', 'go on'], 'move', 'back', 'help', 'quit'],
	text: [['choose', 'take'], 'back', 'quit'],
	number: [['choose', 'take'], 'back', 'quit'],
	lines: [['choose', 'add'], ['tab', 'complete'], ['move', 'edit previous'], 'back', 'quit'],
	'review-schema': [['choose', 'continue'], 'move', 'suppress', 'back', 'help', 'quit'],
	'review-indexes': [['choose', 'continue'], 'move', 'drop', 'add', 'back', 'help', 'quit'],
	preview: ['tab', ['move', 'scroll'], ['choose', 'validate'], 'back', 'help', 'quit'],
	validate: [['choose', 'continue'], ['back', 'stop, back'], 'quit'],
	write: [['choose', 'continue'], 'back', 'quit'],
	pool: [['choose', 'write and finish'], 'back', 'help', 'quit'],
};

/** A name no saved session uses yet: a preset opened twice does not overwrite the first design. */
function freeName(session: Session, saved: readonly SavedSession[]): Session {
	const taken = new Set(saved.map((entry) => entry.name));
	if (!taken.has(session.project.name)) return session;
	for (let counter = 2; ; counter++) {
		const name = `${session.project.name.slice(0, 36)}-${counter}`;
		if (!taken.has(name)) return {...session, project: {...session.project, name}};
	}
}

export function App({theme, services, version, initial, onExit}: AppProps): React.JSX.Element {
	const {exit} = useApp();
	const {columns, rows} = useTerminalSize();
	const [state, dispatch] = useReducer(wizardReducer, initialWizardState);
	const [saved, setSaved] = useState<readonly SavedSession[]>([]);
	const [file, setFile] = useState<string | undefined>();
	const [report, setReport] = useState<ValidationReport | undefined>();
	const [notice, setNotice] = useState<string | undefined>();

	useEffect(() => {
		if (initial) {
			services.claim(initial).then(
				() => dispatch({type: 'open', session: initial}),
				(error: Error) => setNotice(error.message),
			);
		}
		services.listSessions().then(setSaved, () => setSaved([]));
	}, [initial, services]);

	const {session} = state;
	// What the last save did, for the session it saved. The status is "saving..." from the frame an
	// answer changes the session until that very session is on disk: "saved" promises it is.
	const [lastSave, setLastSave] = useState<{session: Session; text: string; isError?: boolean} | undefined>();
	useEffect(() => {
		if (!session) return;
		let current = true;
		services.save(session).then(
			(saved) => {
				if (!current) return;
				setFile(saved);
				setLastSave({session, text: `saved ${new Date().toTimeString().slice(0, 8)}`});
			},
			(error: Error) => current && setLastSave({session, text: `not saved: ${error.message}`, isError: true}),
		);
		return () => {
			current = false;
		};
	}, [session, services]);
	const status: {text: string; isError?: boolean} = !session ? {text: 'no session open'} : lastSave?.session === session ? lastSave : {text: 'saving...'};

	const step = session && state.screen === 'step' ? findStep(session, state.stepId) : undefined;
	const design = useMemo(() => (session ? designOf(session) : undefined), [session]);
	const needsFiles = step !== undefined && ['preview', 'validate', 'write', 'pool'].includes(step.kind);
	// The templates (and the sample-data generator they use) load after the first frame.
	const [templates, setTemplates] = useState<typeof import('../../templates/index.js') | undefined>();
	useEffect(() => {
		let current = true;
		void import('../../templates/index.js').then((module) => current && setTemplates(module));
		return () => {
			current = false;
		};
	}, []);
	const files = useMemo(
		() => (needsFiles && session && design && templates ? templates.renderArtifacts(session, design, report) : undefined),
		[needsFiles, session, design, report, templates],
	);
	// What the user said about the new migration (renames, backfills, drops), kept across retries.
	const answers = useRef<MigrationAnswers>(new Map());

	// Ending clears the frame first (an empty render), then exits: only the CLI's closing lines stay.
	const [ended, setEnded] = useState<WizardResult | undefined>();
	const finish = (result: WizardResult) => setEnded(result);
	useEffect(() => {
		if (!ended) return;
		onExit(ended);
		exit();
	}, [ended, exit, onExit]);
	useEffect(() => {
		if (state.screen === 'done' && session && !ended) finish({kind: 'done', session, ...(file ? {file} : {}), ...(session.wizard?.written ? {out: session.wizard.written} : {})});
	});

	useInput((input, key) => {
		if (key.ctrl && input === 'c') {
			if (!session) {
				finish({kind: 'quit'});
				return;
			}
			services.save(session).then(
				(saved) => finish({kind: 'quit', session, file: saved, ...(step ? {step, stepNumber: stepNumber(session, step)} : {})}),
				() => finish({kind: 'quit', session, ...(step ? {step} : {})}),
			);
		} else if (state.isHelpOpen && (key.escape || input === '?')) dispatch({type: 'toggle-help'});
	});

	if (ended) return <Text> </Text>;
	if (columns < 80 || rows < 24) {
		return (
			<Text color={theme.color('warning')}>
				The terminal is {columns}x{rows}; the wizard is drawn for 80x24. Enlarge it, or run pg-designer --plain. (Ctrl-C saves and quits.)
			</Text>
		);
	}

	const onBack = () => dispatch({type: 'back'});
	const onHelp = () => dispatch({type: 'toggle-help'});
	const isActive = !state.isHelpOpen;
	// The frame takes 7 rows (title, phases, gap, breadcrumb, gap, keys) plus the step's help lines.
	const bodyRows = Math.max(3, rows - 8 - (step?.help?.length ?? 0) - (notice ? 1 : 0));

	if (state.isHelpOpen) {
		return (
			<Frame theme={theme} title={session?.project.name ?? `pg-designer ${version}`} status={status} phase={step?.phase} breadcrumb="Keys" keys={keyBar([['back', 'close'], 'quit'])}>
				<Box flexDirection="column">
					{KEYS.map((binding) => (
						<Text key={binding.command}>
							<Text bold>{binding.key.padEnd(11)}</Text>
							{binding.description}
						</Text>
					))}
				</Box>
			</Frame>
		);
	}

	if (state.screen === 'start' || !session || !step) {
		// Opened once its lock is ours: a session another wizard has open stays closed, and says why.
		const open = (opened: Session) => {
			services.claim(opened).then(
				() => {
					setNotice(undefined);
					setReport(undefined);
					dispatch({type: 'open', session: opened});
				},
				(error: Error) => setNotice(error.message),
			);
		};
		return (
			<StartFrame
				theme={theme}
				version={version}
				status={status}
				{...(notice ? {notice} : {})}
				saved={saved}
				sessionFolder={services.sessionFolder}
				isActive={isActive && state.screen === 'start'}
				onOpen={open}
				onOpenPreset={(id) => open(freeName(presetSession(id), saved))}
				onHelp={onHelp}
				onProblem={setNotice}
			/>
		);
	}

	const common = {theme, isActive, rows: bodyRows, onBack, onHelp};
	const question = {...common, error: state.error, onAnswer: (answer: string | readonly string[]) => dispatch({type: 'answer', answer}), onType: () => dispatch({type: 'clear-error'})};
	const advance = () => dispatch({type: 'advance'});
	const update = (next: Session) => dispatch({type: 'update', session: next});
	const body = (() => {
		switch (step.kind) {
			case 'select':
				return <SelectScreen key={step.id} step={step} {...question} />;
			case 'multi-select':
				return <MultiSelectScreen key={step.id} step={step} {...question} />;
			case 'text':
			case 'number':
				return <TextScreen key={step.id} step={step} {...question} />;
			case 'lines':
				return <LinesScreen key={step.id} step={step} {...question} />;
			default:
				break;
		}
		if (!design) {
			return (
				<DesignProblem
					theme={theme}
					message="The answers do not make a design yet: go back (Esc) and add an entity with its fields."
					isActive={isActive}
					onBack={onBack}
				/>
			);
		}
		if (needsFiles && !files) return <Text>Rendering the files ...</Text>;
		switch (step.kind) {
			case 'review-schema':
				return <SchemaReview key={step.id} {...common} session={session} design={design} onUpdate={update} onContinue={advance} />;
			case 'review-indexes':
				return <IndexReview key={step.id} {...common} session={session} design={design} onUpdate={update} onContinue={advance} />;
			case 'preview':
				return <Preview key={step.id} {...common} files={files!} onContinue={advance} />;
			case 'validate':
				return <Validate key={step.id} theme={theme} design={design} files={files!} services={services} isActive={isActive} onDone={setReport} onContinue={advance} onBack={onBack} />;
			case 'write': {
				const out = session.wizard?.out ?? './db';
				return (
					<Write
						key={step.id}
						theme={theme}
						out={out}
						session={session}
						design={design}
						{...(report ? {report} : {})}
						answers={answers.current}
						services={services}
						isActive={isActive}
						onWritten={() => update({...session, wizard: {...session.wizard, written: out}})}
						onContinue={advance}
						onBack={onBack}
					/>
				);
			}
			case 'pool':
				return (
					<Pool
						key={step.id}
						{...common}
						session={session}
						design={design}
						onContinue={() => {
							const out = session.wizard?.out ?? './db';
							const ask = async () => {
								throw new Error('the design changed since it was written: go back to the write step');
							};
							services.write({out, session, design, ...(report ? {report} : {}), force: true, answers: answers.current, ask}).then(
								() => dispatch({type: 'update', session: {...session, wizard: {...session.wizard, written: out}}}),
								(error: Error) => setNotice(error.message),
							).then(advance);
						}}
					/>
				);
		}
	})();
	return (
		<Frame
			theme={theme}
			title={session.project.name}
			status={status}
			phase={step.phase}
			breadcrumb={step.breadcrumb}
			counter={stepNumber(session, step)}
			help={[...(step.help ?? []), ...(notice ? [notice] : [])]}
			keys={keyBar(QUESTION_KEYS[step.kind] ?? ['choose', 'back', 'quit'])}
		>
			{body}
		</Frame>
	);
}

function DesignProblem({theme, message, isActive, onBack}: {theme: Theme; message: string; isActive: boolean; onBack: () => void}): React.JSX.Element {
	useInput((_input, key) => (key.escape || key.return) && onBack(), {isActive});
	return <Text color={theme.color('warning')}>{message}</Text>;
}
