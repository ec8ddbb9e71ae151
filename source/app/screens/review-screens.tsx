/**
 * Phase 2 and 3 reviews: the tables with the reason for each column type, the lint findings (keep
 * one with a reason), and the indexes with the pattern each serves (drop one).
 */
import {Box, Text, useInput} from 'ink';
import React, {useState} from 'react';
import {lintDesign} from '../../engine/lint/index.js';
import type {Finding} from '../../engine/lint/rule.js';
import {formatCount} from '../../engine/volume.js';
import type {Design} from '../../model/design.js';
import type {Session} from '../../model/session.js';
import {renderIndexKey, renderPredicates, renderType} from '../../engine/sql.js';
import {INDEX_SYNTAX, parseIndexLine} from '../../../flows/index-strategy.js';
import {ChoiceListView, useChoiceList} from '../components/choice-list.js';
import {LineInputView, useLineInput} from '../components/line-input.js';
import type {Theme} from '../theme.js';

export interface ReviewProps {
	readonly theme: Theme;
	readonly session: Session;
	readonly design: Design;
	readonly isActive: boolean;
	readonly rows: number;
	readonly onUpdate: (session: Session) => void;
	readonly onContinue: () => void;
	readonly onBack: () => void;
	readonly onHelp: () => void;
}

const SEVERITY_WORDS = {error: 'ERROR', warning: 'WARN ', info: 'info '} as const;

/** The findings of a design, with the user's suppressions applied. */
export function findingsOf(session: Session, design: Design): Finding[] {
	return lintDesign(design, {suppressions: session.suppressions, context: {source: 'session'}}).findings;
}

export function SchemaReview({theme, session, design, isActive, rows, onUpdate, onContinue, onBack, onHelp}: ReviewProps): React.JSX.Element {
	const findings = findingsOf(session, design);
	const [reasonFor, setReasonFor] = useState<Finding | undefined>();
	const tableRows = Math.max(4, rows - (findings.length === 0 ? 3 : Math.min(findings.length, 5) + 5));
	const [scroll, setScroll] = useState(0);
	const lines = design.tables.flatMap((table) => [
		{text: `${table.name}`, hint: `~${formatCount(table.rows)} rows  ${table.columns.length} columns`, bold: true},
		...table.columns.map((column) => ({
			text: `  ${column.name.padEnd(14)} ${(renderType(column.type) + (column.nullable ? '' : ' not null')).padEnd(22)}`,
			hint: column.reason,
			bold: false,
		})),
	]);
	const list = useChoiceList(findings.length, 0, Math.min(5, Math.max(1, findings.length)), new Set(), {
		isActive: isActive && reasonFor === undefined,
		onSubmit: onContinue,
		onEscape: onBack,
		onKey: (input, highlighted) => {
			if (input === '?') onHelp();
			else if (input === 's' && findings[highlighted] && !findings[highlighted]!.suppressed) setReasonFor(findings[highlighted]);
			else if (input === 'j') setScroll(Math.min(scroll + 1, Math.max(0, lines.length - tableRows)));
			else if (input === 'k') setScroll(Math.max(0, scroll - 1));
		},
	});
	useInput(
		(_input, key) => {
			if (key.pageDown) setScroll(Math.min(scroll + tableRows, Math.max(0, lines.length - tableRows)));
			if (key.pageUp) setScroll(Math.max(0, scroll - tableRows));
		},
		{isActive: isActive && reasonFor === undefined && findings.length === 0},
	);
	const {state: reason} = useLineInput('', {
		isActive: isActive && reasonFor !== undefined,
		onSubmit: (value) => {
			if (!reasonFor || value.trim() === '') return;
			onUpdate({...session, suppressions: [...session.suppressions, {rule: reasonFor.rule, target: reasonFor.target, reason: value.trim()}]});
			setReasonFor(undefined);
		},
		onEscape: () => setReasonFor(undefined),
	});
	const highlighted = findings[list.highlighted];
	return (
		<Box flexDirection="column">
			<Text color={theme.color('muted')}>
				{design.tables.length} tables, {design.tables.reduce((sum, table) => sum + table.columns.length, 0)} columns, {findings.filter((finding) => !finding.suppressed).length} open findings
			</Text>
			{lines.slice(scroll, scroll + tableRows).map((line, index) => (
				<Text key={index} wrap="truncate-end" bold={line.bold}>
					{line.text}
					<Text color={theme.color('muted')}>{line.bold ? `  ${line.hint}` : line.hint}</Text>
				</Text>
			))}
			{lines.length > tableRows ? <Text color={theme.color('muted')}>{`  rows ${scroll + 1}-${Math.min(lines.length, scroll + tableRows)} of ${lines.length} (j/k or PgUp/PgDn scroll)`}</Text> : null}
			<Text> </Text>
			{findings.length === 0 ? (
				<Text color={theme.color('success')}>{theme.glyphs.done} No findings: the design passes every review rule.</Text>
			) : (
				<>
					<Text bold>Findings</Text>
					<ChoiceListView
						theme={theme}
						state={list}
						items={findings.map((finding) => ({
							label: `${finding.suppressed ? 'kept ' : SEVERITY_WORDS[finding.severity]} ${finding.rule}`,
							hint: `${finding.target}${finding.suppressed ? `: ${finding.suppressed}` : ''}`,
						}))}
					/>
					{highlighted ? (
						<Text color={theme.color(highlighted.severity === 'info' ? 'muted' : 'warning')} wrap="truncate-end">
							{highlighted.message}
						</Text>
					) : null}
				</>
			)}
			{reasonFor ? (
				<Box flexDirection="column">
					<Text>
						Keep {reasonFor.rule} on {reasonFor.target}. Reason, saved with the session:
					</Text>
					<Text>
						{theme.glyphs.pointer} <LineInputView state={reason} />
					</Text>
				</Box>
			) : null}
		</Box>
	);
}

export function IndexReview({theme, session, design, isActive, rows, onUpdate, onContinue, onBack, onHelp}: ReviewProps): React.JSX.Element {
	const [confirming, setConfirming] = useState<string | undefined>();
	const [isAdding, setAdding] = useState(false);
	const [addProblem, setAddProblem] = useState<string | undefined>();
	const {state: addition, dispatch: editAddition} = useLineInput('', {
		isActive: isActive && isAdding,
		onChange: () => setAddProblem(undefined),
		onSubmit: (value) => {
			const parsed = parseIndexLine(value, design);
			if (!parsed.ok) {
				setAddProblem(parsed.error);
				return;
			}
			onUpdate({...session, indexes: {...session.indexes, add: [...session.indexes.add, parsed.addition]}});
			editAddition({type: 'set', value: ''});
			setAdding(false);
		},
		onEscape: () => setAdding(false),
	});
	const drop = (name: string) => onUpdate({...session, indexes: {...session.indexes, drop: [...session.indexes.drop, name]}});
	const items = design.indexes;
	const list = useChoiceList(items.length, 0, Math.max(3, Math.min(items.length, rows - 7 - Math.min(design.folded.length, 2))), new Set(), {
		isActive: isActive && confirming === undefined && !isAdding,
		onSubmit: onContinue,
		onEscape: onBack,
		onKey: (input, highlighted) => {
			const index = items[highlighted];
			if (input === '?') onHelp();
			else if (input === '+') setAdding(true);
			else if (input === 'd' && index) {
				if (index.unique) return;
				if (index.serves.length > 0) setConfirming(index.name);
				else drop(index.name);
			}
		},
	});
	useInput(
		(input, key) => {
			if (input === 'y' && confirming) drop(confirming);
			if (input === 'y' || input === 'n' || key.escape || key.return) setConfirming(undefined);
		},
		{isActive: isActive && confirming !== undefined},
	);
	const highlighted = items[list.highlighted];
	return (
		<Box flexDirection="column">
			<Text color={theme.color('muted')}>
				{items.length} planned, {design.folded.length} folded away, {session.indexes.drop.length} dropped by you
			</Text>
			{items.length === 0 ? (
				<Text>Primary and unique keys serve every access pattern: no secondary index.</Text>
			) : (
				<ChoiceListView
					theme={theme}
					state={list}
					items={items.map((index) => ({
						label: `${index.table} (${index.keys.map(renderIndexKey).join(', ')})${index.where.length > 0 ? ' partial' : ''}`.slice(0, 60),
						hint: index.unique ? 'unique' : index.origin.replace('-', ' '),
					}))}
				/>
			)}
			{highlighted ? (
				<Box flexDirection="column" marginTop={1}>
					<Text wrap="truncate-end">
						<Text color={theme.color('muted')}>name    </Text>
						{highlighted.name}
					</Text>
					{highlighted.where.length > 0 ? (
						<Text wrap="truncate-end">
							<Text color={theme.color('muted')}>where   </Text>
							{renderPredicates(highlighted.where)}
						</Text>
					) : null}
					<Text wrap="truncate-end">
						<Text color={theme.color('muted')}>serves  </Text>
						{highlighted.serves.join(', ') || 'nothing yet'}
					</Text>
					<Text>
						<Text color={theme.color('muted')}>why     </Text>
						{highlighted.rationale}
					</Text>
				</Box>
			) : null}
			{design.folded.map((entry, position) => (
				<Text key={position} color={theme.color('muted')} wrap="truncate-end">
					folded: {entry.table} ({entry.keys.map((key) => key.column).join(', ')}), {entry.into} covers it
				</Text>
			))}
			{design.readWrite === 'write-heavy' ? <Text color={theme.color('warning')}>{theme.glyphs.warning} write-heavy: every index adds a write per row; keep only what plans.md shows in use.</Text> : null}
			{isAdding ? (
				<Box flexDirection="column">
					<Text>Add an index: {INDEX_SYNTAX}</Text>
					<Text>
						{theme.glyphs.pointer} <LineInputView state={addition} />
					</Text>
					{addProblem ? (
						<Text color={theme.color('danger')}>
							{theme.glyphs.error} {addProblem}
						</Text>
					) : null}
				</Box>
			) : null}
			{confirming ? (
				<Text color={theme.color('warning')}>
					{confirming} serves {items.find((index) => index.name === confirming)?.serves.join(', ')}: drop it anyway? (y/N)
				</Text>
			) : null}
		</Box>
	);
}
