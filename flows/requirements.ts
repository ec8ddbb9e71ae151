/**
 * Phase 1, Requirements: the project, its entities and fields, links, access patterns, volumes,
 * the read/write mix, the p95 target and isolation.
 */
import {checkIdentifier, pascalCase} from '../source/engine/naming.js';
import {formatCount, VOLUME_ROWS, volumeRows} from '../source/engine/volume.js';
import type {AccessPattern, Condition, Relationship, Session, SessionInput} from '../source/model/session.js';
import {completeType, fieldToLine, parseFieldLine, referenceColumn, referenceName, referenceToLine} from './field-syntax.js';
import {designOf, relationshipColumn, withEntity, type Choice, type ParentChild, type Step} from './step.js';

/** The steps of phase 1 for the session as it stands. */
export function requirementsSteps(session: Session): Step[] {
	const steps: Step[] = [projectStep(session), entitiesStep(session)];
	for (const entity of session.entities) steps.push(fieldsStep(session, entity.name));
	steps.push(linksStep(session), patternsStep(session));
	if (session.wizard?.draft) steps.push(...draftSteps(session));
	for (const entity of session.entities) steps.push(volumeStep(session, entity.name));
	steps.push(readWriteStep(session), p95Step(session), isolationStep(session));
	if (session.isolation.mode !== 'none') steps.push(ownerStep(session), enforcementStep(session));
	return steps;
}

function projectStep(session: Session): Step {
	return {
		id: 'project',
		phase: 1,
		kind: 'text',
		breadcrumb: 'Requirements > Project',
		prompt: 'What is the project called?',
		help: ['Lower-case letters, digits, - and _; it names the session file.'],
		writes: 'project.name',
		value: session.project.name,
		validate: (text) => (/^[a-z][a-z0-9_-]{0,39}$/.test(text) ? undefined : 'Use lower-case letters, digits, - and _, starting with a letter (at most 40), as in todo-app.'),
		apply: (current, text) => ({...current, project: {...current.project, name: text}}),
	};
}

function entitiesStep(session: Session): Step {
	return {
		id: 'entities',
		phase: 1,
		kind: 'lines',
		breadcrumb: 'Requirements > Entities',
		prompt: 'Which entities does the design hold? One table name per line.',
		help: ['Plural, snake_case: users, tasks, order_items. Fields come next.'],
		syntax: ['Write   a table name, plural: tasks', 'Remove a line to drop that entity (and its links and patterns).'],
		writes: 'entities',
		value: session.entities.map((entity) => entity.name),
		parse: (line) => {
			const problem = checkIdentifier(line.trim(), 'table');
			return problem ? {ok: false, error: problem} : {ok: true, preview: `table ${line.trim()}`};
		},
		apply: (current, lines) => {
			const names = [...new Set(lines.map((line) => line.trim()).filter(Boolean))];
			const kept = new Set(names);
			return {
				...current,
				entities: names.map((name) => current.entities.find((entity) => entity.name === name) ?? {name, fields: [], volume: 'thousands', softDelete: false, appendOnly: false}),
				relationships: current.relationships.filter((relationship) =>
					relationship.kind === 'many-to-many' ? kept.has(relationship.left) && kept.has(relationship.right) : kept.has(relationship.parent) && kept.has(relationship.child),
				),
				accessPatterns: current.accessPatterns.filter((pattern) => kept.has(pattern.entity)),
				indexes: {...current.indexes, add: current.indexes.add.filter((addition) => kept.has(addition.entity))},
				isolation: {...current.isolation, shared: current.isolation.shared.filter((name) => kept.has(name))},
			};
		},
	};
}

function referencesOf(session: Session, entity: string): ParentChild[] {
	return session.relationships.filter((relationship): relationship is ParentChild => relationship.kind !== 'many-to-many' && relationship.child === entity);
}

function fieldsStep(session: Session, name: string): Step {
	const entity = session.entities.find((candidate) => candidate.name === name)!;
	const tables = session.entities.map((candidate) => candidate.name);
	const position = session.entities.indexOf(entity) + 1;
	return {
		id: `fields:${name}`,
		phase: 1,
		kind: 'lines',
		breadcrumb: `Requirements > Fields > ${name}   entity ${position} of ${session.entities.length}`,
		prompt: `Fields of ${name}, one per line`,
		help: entity.description ? [entity.description] : [],
		syntax: [
			'Write   name type [?] [unique] [lo..hi] [a|b] [=default]   or   name -> table',
			'Types   text int bigint numeric money bool date timestamptz jsonb uuid email',
			'Fields are required unless marked ?; id and audit columns are added.',
		],
		writes: `entities[${position - 1}].fields, relationships`,
		value: [
			...referencesOf(session, name).map((relationship) =>
				referenceToLine(referenceName(relationshipColumn(relationship), relationship.parent), relationship.parent, relationship.required, relationship.kind === 'one-to-one'),
			),
			...entity.fields.map(fieldToLine),
		],
		parse: (line) => {
			const result = parseFieldLine(line, tables);
			return result.ok ? {ok: true, preview: result.preview} : result;
		},
		complete: completeType,
		apply: (current, lines) => {
			const parsed = lines.map((line) => parseFieldLine(line, tables)).flatMap((result) => (result.ok ? [result.line] : []));
			const previous = referencesOf(current, name);
			const references: ParentChild[] = parsed.flatMap((line) => {
				if (line.kind !== 'reference') return [];
				const column = referenceColumn(line.name);
				const earlier = previous.find((relationship) => relationship.parent === line.table && relationshipColumn(relationship) === column);
				const onDelete = earlier?.onDelete ?? (line.required ? 'cascade' : 'set-null');
				const relationship: ParentChild = {
					kind: line.unique ? 'one-to-one' : 'one-to-many',
					parent: line.table,
					child: name,
					required: line.required && line.table !== name,
					onDelete: onDelete === 'set-null' && line.required && line.table !== name ? 'cascade' : onDelete,
				};
				// Name the column only where the engine would name it otherwise.
				return [relationshipColumn(relationship) === column ? relationship : {...relationship, column}];
			});
			// What the syntax does not say (a description, a pinned type, precision) is kept by field name.
			const withFields = withEntity(current, name, (existing) => ({
				...existing,
				fields: parsed.flatMap((line) => {
					if (line.kind !== 'field') return [];
					const earlier = existing.fields.find((field) => field.name === line.field.name);
					const kept = earlier
						? {
								...(earlier.description ? {description: earlier.description} : {}),
								...(earlier.typeOverride && earlier.type === line.field.type ? {typeOverride: earlier.typeOverride} : {}),
								...(earlier.precision !== undefined && earlier.type === line.field.type ? {precision: earlier.precision, scale: earlier.scale} : {}),
								...(earlier.check?.pattern !== undefined ? {check: {...line.field.check, pattern: earlier.check.pattern}} : {}),
							}
						: {};
					return [{...line.field, ...kept}];
				}),
			}));
			return {...withFields, relationships: replaceInPlace(current.relationships, (relationship) => relationship.kind !== 'many-to-many' && relationship.child === name, references)};
		},
	};
}

function linksStep(session: Session): Step {
	const tables = session.entities.map((entity) => entity.name);
	const parse = (line: string) => {
		const match = /^\s*(\S+)\s*<->\s*(\S+)(?:\s+through\s+(\S+))?\s*$/.exec(line);
		if (!match) return {ok: false as const, error: 'Write two tables linked many-to-many, as in: tasks <-> tags'};
		const [, left, right, through] = match as unknown as [string, string, string, string | undefined];
		const missing = [left, right].find((table) => !tables.includes(table));
		if (missing) return {ok: false as const, error: `There is no table ${missing}. Tables: ${tables.join(', ')}.`};
		if (through) {
			const problem = checkIdentifier(through, 'table');
			if (problem) return {ok: false as const, error: problem};
		}
		return {ok: true as const, left, right, through};
	};
	return {
		id: 'links',
		phase: 1,
		kind: 'lines',
		breadcrumb: 'Requirements > Many-to-many links',
		prompt: 'Which entities link many-to-many? One pair per line; Enter on an empty line if none.',
		help: ['Each pair becomes a link table with a two-column primary key.'],
		syntax: ['Write   left <-> right   [through link_table]', 'One-to-many references are fields: user -> users'],
		writes: 'relationships (many-to-many)',
		value: session.relationships.flatMap((relationship) =>
			relationship.kind === 'many-to-many' ? [`${relationship.left} <-> ${relationship.right}${relationship.through ? ` through ${relationship.through}` : ''}`] : [],
		),
		parse: (line) => {
			const result = parse(line);
			return result.ok ? {ok: true, preview: `link table ${result.through ?? `${result.left.replace(/s$/, '')}_${result.right}`}`} : result;
		},
		apply: (current, lines) => {
			const links: Relationship[] = lines.flatMap((line) => {
				const result = parse(line);
				if (!result.ok) return [];
				const earlier = current.relationships.find((relationship) => relationship.kind === 'many-to-many' && relationship.left === result.left && relationship.right === result.right);
				return [{kind: 'many-to-many', left: result.left, right: result.right, ...(result.through ? {through: result.through} : {}), onDelete: earlier?.onDelete ?? 'cascade'}];
			});
			return {...current, relationships: replaceInPlace(current.relationships, (relationship) => relationship.kind === 'many-to-many', links)};
		},
	};
}

/**
 * Replaces the relationships a step owns with new ones, where the first of them stood: the order
 * of relationships orders the tables, so an unchanged answer must not move them.
 */
function replaceInPlace(relationships: readonly Relationship[], isOwned: (relationship: Relationship) => boolean, replacements: readonly Relationship[]): Relationship[] {
	const first = relationships.findIndex(isOwned);
	const others = relationships.filter((relationship) => !isOwned(relationship));
	const at = first < 0 ? others.length : relationships.slice(0, first).filter((relationship) => !isOwned(relationship)).length;
	return [...others.slice(0, at), ...replacements, ...others.slice(at)];
}

const ADD = '+add';
const CONTINUE = '+continue';

function patternsStep(session: Session): Step {
	const choices: Choice[] = [
		{value: CONTINUE, label: 'Continue', tradeoff: 'The index planner works from these patterns: each gets an index shaped for it.', recommended: session.accessPatterns.length > 0},
		{value: ADD, label: 'Add an access pattern', tradeoff: 'Filter by, sort by, how many, how often: built from the fields, no SQL.'},
		...session.accessPatterns.map((pattern) => ({
			value: `remove:${pattern.name}`,
			label: `Remove ${pattern.name}`,
			hint: `${pattern.entity}, ~${pattern.perSecond}/s`,
			tradeoff: pattern.description ?? `${pattern.kind} on ${pattern.entity}`,
		})),
	];
	return {
		id: 'patterns',
		phase: 1,
		kind: 'select',
		breadcrumb: `Requirements > Access patterns   ${session.accessPatterns.length} so far`,
		prompt: 'Which queries does the application run most often?',
		help: session.accessPatterns.length > 0 ? session.accessPatterns.map((pattern) => `* ${pattern.name}  ${pattern.description ?? pattern.entity}`) : ['None yet: add the few queries that matter most.'],
		writes: 'accessPatterns',
		value: CONTINUE,
		choices,
		apply: (current, value) => {
			if (value === ADD) return {...current, wizard: {...current.wizard, draft: {}}};
			if (value.startsWith('remove:')) {
				const name = value.slice('remove:'.length);
				return {...current, accessPatterns: current.accessPatterns.filter((pattern) => pattern.name !== name)};
			}
			// Continue: a pattern left half-built (Esc out of it) is dropped.
			const {draft: _draft, ...wizard} = current.wizard ?? {};
			return {...current, wizard};
		},
	};
}

/** The steps that build one access pattern, while a draft exists; the last one commits it. */
function draftSteps(session: Session): Step[] {
	const draft = session.wizard?.draft ?? {};
	const setDraft = (current: Session, change: Partial<AccessPattern>): SessionInput => ({...current, wizard: {...current.wizard, draft: {...current.wizard?.draft, ...change}}});
	const entity = session.entities.find((candidate) => candidate.name === draft.entity) ?? session.entities[0];
	const steps: Step[] = [
		{
			id: 'pattern-entity',
			phase: 1,
			kind: 'select',
			breadcrumb: 'Requirements > Access patterns > new',
			prompt: 'Which table does the query read?',
			writes: 'wizard.draft.entity',
			value: draft.entity ?? entity?.name ?? '',
			choices: session.entities.map((candidate) => ({value: candidate.name, label: candidate.name, tradeoff: `~${formatCount(volumeRows(candidate.volume))} rows`})),
			apply: (current, value) => setDraft(current, {entity: value}),
		},
		{
			id: 'pattern-kind',
			phase: 1,
			kind: 'select',
			breadcrumb: `Requirements > Access patterns > new > ${entity?.name ?? ''}`,
			prompt: 'What does it return?',
			writes: 'wizard.draft.kind',
			value: draft.kind ?? 'list',
			choices: [
				{value: 'list', label: 'A list of rows', tradeoff: 'Sorted and limited: the index ends with the sort, so the LIMIT stops early.'},
				{value: 'count', label: 'A count', tradeoff: 'Answered from the index when every filter is in it (index-only scan).'},
				{value: 'get', label: 'One row', tradeoff: 'By a unique key it is one index probe; otherwise the first match.'},
				...(entity?.search ? [{value: 'search', label: 'A text search', tradeoff: 'Through the GIN index on the generated search vector.'}] : []),
			],
			apply: (current, value) => setDraft(current, {kind: value as AccessPattern['kind']}),
		},
		filtersStep(session, draft, setDraft),
	];
	if ((draft.kind ?? 'list') === 'list') {
		steps.push(sortStep(session, draft, setDraft), {
			id: 'pattern-limit',
			phase: 1,
			kind: 'number',
			breadcrumb: `Requirements > Access patterns > new > ${entity?.name ?? ''}`,
			prompt: 'How many rows at most?',
			writes: 'wizard.draft.limit',
			value: String(draft.limit ?? 50),
			validate: (text) => (/^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 10_000 ? undefined : 'A whole number from 1 to 10,000.'),
			apply: (current, text) => setDraft(current, {limit: Number(text)}),
		});
	}
	steps.push(
		{
			id: 'pattern-often',
			phase: 1,
			kind: 'select',
			breadcrumb: `Requirements > Access patterns > new > ${entity?.name ?? ''}`,
			prompt: 'How often does it run at peak?',
			writes: 'wizard.draft.perSecond',
			value: String(draft.perSecond ?? 10),
			choices: [1, 10, 100, 1000].map((rate) => ({
				value: String(rate),
				label: `${formatCount(rate)}/s`,
				tradeoff: rate >= 100 ? 'Hot: worth a covering index when it reads few columns.' : 'Occasional: an index led by its filters is enough.',
			})),
			apply: (current, value) => setDraft(current, {perSecond: Number(value)}),
		},
		nameStep(session, draft),
	);
	return steps;
}

type DraftSetter = (current: Session, change: Partial<AccessPattern>) => SessionInput;

function columnsOf(session: Session, entity: string | undefined) {
	const table = designOf(session)?.tables.find((candidate) => candidate.name === entity);
	return table?.columns ?? [];
}

function filtersStep(session: Session, draft: Partial<AccessPattern>, setDraft: DraftSetter): Step {
	const columns = columnsOf(session, draft.entity ?? session.entities[0]?.name).filter((column) => column.type.name !== 'tsvector');
	const choices: Choice[] = [];
	for (const column of columns) {
		if (column.role !== 'password-hash' && !column.type.isArray && column.type.name !== 'jsonb') {
			choices.push({value: `${column.name}=`, label: `${column.name} = ?`, tradeoff: 'Equality with a value the query passes: leads the index.'});
		}
		if (column.nullable) {
			choices.push(
				{value: `${column.name}:null`, label: `${column.name} is empty`, tradeoff: 'A constant filter: the index only holds these rows (partial index).'},
				{value: `${column.name}:not-null`, label: `${column.name} is set`, tradeoff: 'A constant filter: the index only holds these rows (partial index).'},
			);
		}
		if (column.type.name === 'boolean') {
			choices.push({value: `${column.name}:true`, label: `${column.name} is true`, tradeoff: 'A constant filter: a partial index holds only these rows.'});
		}
		if (['date', 'timestamptz', 'integer', 'bigint', 'smallint', 'numeric'].includes(column.type.name) && !column.type.isArray) {
			choices.push({value: `${column.name}:range`, label: `${column.name} between ? and ?`, tradeoff: 'A range: it comes last in the index, after equality and sort.'});
		}
	}
	const value = [
		...(draft.equals ?? []).map((name) => `${name}=`),
		...(draft.ranges ?? []).map((name) => `${name}:range`),
		...(draft.conditions ?? []).map((condition) => ('is' in condition ? `${condition.column}:${condition.is}` : `${condition.column}=`)),
	];
	return {
		id: 'pattern-filters',
		phase: 1,
		kind: 'multi-select',
		breadcrumb: `Requirements > Access patterns > new > ${draft.entity ?? ''}`,
		prompt: 'Filter by (Space ticks, Enter goes on):',
		help: ['Under isolation the owner filter is added for you.'],
		writes: 'wizard.draft.equals, ranges, conditions',
		value,
		choices,
		apply: (current, values) => {
			const equals: string[] = [];
			const ranges: string[] = [];
			const conditions: Condition[] = [];
			for (const item of values) {
				if (item.endsWith('=')) equals.push(item.slice(0, -1));
				else {
					const [name, test] = item.split(':') as [string, string];
					if (test === 'range') ranges.push(name);
					else conditions.push({column: name, is: test as 'null' | 'not-null' | 'true' | 'false'});
				}
			}
			return setDraft(current, {equals, ranges, conditions});
		},
	};
}

function sortStep(session: Session, draft: Partial<AccessPattern>, setDraft: DraftSetter): Step {
	const columns = columnsOf(session, draft.entity ?? session.entities[0]?.name).filter(
		(column) => !column.type.isArray && !['jsonb', 'tsvector', 'boolean'].includes(column.type.name) && column.role !== 'password-hash',
	);
	const current = draft.sort?.[0];
	return {
		id: 'pattern-sort',
		phase: 1,
		kind: 'select',
		breadcrumb: `Requirements > Access patterns > new > ${draft.entity ?? ''}`,
		prompt: 'Sorted by?',
		writes: 'wizard.draft.sort',
		value: current ? `${current.column} ${current.direction}` : 'none',
		choices: [
			{value: 'none', label: 'No particular order', tradeoff: 'Pages by id: stable, and the index serves the order.'},
			...columns.flatMap((column) => [
				{value: `${column.name} asc`, label: `${column.name}, lowest first`, tradeoff: 'The index stores this order: no sort step, the LIMIT stops early.'},
				{value: `${column.name} desc`, label: `${column.name}, highest first`, tradeoff: 'Read backwards from the same index: no DESC key needed.'},
			]),
		],
		apply: (current, value) => {
			if (value === 'none') return setDraft(current, {sort: []});
			const [column, direction] = value.split(' ') as [string, 'asc' | 'desc'];
			return setDraft(current, {sort: [{column, direction}]});
		},
	};
}

/** A query name from the draft: ListTasksByUserId, CountTasks... */
export function suggestName(draft: Partial<AccessPattern>): string {
	const entity = pascalCase(draft.entity ?? 'rows');
	const verb = {list: 'List', count: 'Count', get: 'Get', search: 'Search'}[draft.kind ?? 'list'];
	const by = [...(draft.equals ?? []), ...(draft.conditions ?? []).map((condition) => condition.column)];
	return `${verb}${entity}${by.length > 0 ? `By${by.map(pascalCase).join('And')}` : ''}`.slice(0, 63);
}

function nameStep(session: Session, draft: Partial<AccessPattern>): Step {
	return {
		id: 'pattern-name',
		phase: 1,
		kind: 'text',
		breadcrumb: `Requirements > Access patterns > new > ${draft.entity ?? ''}`,
		prompt: 'Name it, as the query will be called in queries.sql:',
		writes: 'accessPatterns[]',
		value: draft.name ?? suggestName(draft),
		next: 'patterns',
		validate: (text) => {
			if (!/^[A-Z][A-Za-z0-9]{0,62}$/.test(text)) return 'A PascalCase name, as in ListPendingTasks.';
			if (session.accessPatterns.some((pattern) => pattern.name === text)) return `${text} is taken: choose another name.`;
			return undefined;
		},
		apply: (current, text) => {
			const {draft: finished, ...wizard} = current.wizard ?? {};
			const pattern = {...finished, name: text, entity: finished?.entity ?? current.entities[0]?.name ?? ''};
			return {...current, accessPatterns: [...current.accessPatterns, pattern], wizard};
		},
	};
}

function volumeStep(session: Session, name: string): Step {
	const entity = session.entities.find((candidate) => candidate.name === name)!;
	const current = typeof entity.volume === 'number' ? String(entity.volume) : entity.volume;
	const choices: Choice[] = [
		{value: 'thousands', label: 'Thousands', hint: `~${formatCount(VOLUME_ROWS.thousands)}`, tradeoff: 'Fits in memory: any sensible index is enough.'},
		{value: 'millions', label: 'Millions', hint: `~${formatCount(VOLUME_ROWS.millions)}`, tradeoff: 'Indexes must match the queries; random uuid keys start to cost writes.'},
		{
			value: 'billions',
			label: 'Billions',
			hint: `~${formatCount(VOLUME_ROWS.billions)}`,
			tradeoff: 'Partitioned (by month if append-only, else by hash of the owner), BRIN for time ranges.',
		},
		...(typeof entity.volume === 'number' ? [{value: current, label: `As given: ${formatCount(entity.volume)}`, tradeoff: 'The estimate you or the preset gave.'}] : []),
	];
	return {
		id: `volume:${name}`,
		phase: 1,
		kind: 'select',
		breadcrumb: `Requirements > Volume > ${name}`,
		prompt: `How many rows will ${name} hold in a year or two?`,
		writes: `entities[${session.entities.indexOf(entity)}].volume`,
		value: current,
		choices,
		apply: (state, value) => withEntity(state, name, (existing) => ({...existing, volume: /^\d+$/.test(value) ? Number(value) : (value as 'thousands' | 'millions' | 'billions')})),
	};
}

function readWriteStep(session: Session): Step {
	return {
		id: 'read-write',
		phase: 1,
		kind: 'select',
		breadcrumb: 'Requirements > Workload',
		prompt: 'More reads or more writes?',
		writes: 'workload.readWrite',
		value: session.workload.readWrite,
		choices: [
			{value: 'read-heavy', label: 'Mostly reads', tradeoff: 'Indexes pay for themselves: covering indexes for the hot queries.'},
			{value: 'balanced', label: 'Balanced', tradeoff: 'An index per pattern and per foreign key, no more.'},
			{value: 'write-heavy', label: 'Mostly writes', tradeoff: 'Every index is a write per row: few indexes, no INCLUDE, batch inserts.'},
		],
		apply: (current, value) => ({...current, workload: {...current.workload, readWrite: value as Session['workload']['readWrite']}}),
	};
}

function p95Step(session: Session): Step {
	return {
		id: 'p95',
		phase: 1,
		kind: 'number',
		breadcrumb: 'Requirements > Workload',
		prompt: 'p95 latency target for a query, in ms?',
		help: ['95 of 100 queries finish within it; plans.md compares each plan with it.'],
		writes: 'workload.p95Ms',
		value: String(session.workload.p95Ms),
		validate: (text) => (/^\d+(\.\d+)?$/.test(text) && Number(text) >= 0.1 && Number(text) <= 60_000 ? undefined : 'A number of milliseconds, from 0.1 to 60,000.'),
		apply: (current, text) => ({...current, workload: {...current.workload, p95Ms: Number(text)}}),
	};
}

function isolationStep(session: Session): Step {
	return {
		id: 'isolation',
		phase: 1,
		kind: 'select',
		breadcrumb: 'Requirements > Isolation',
		prompt: 'Whose rows are whose?',
		writes: 'isolation.mode',
		value: session.isolation.mode,
		choices: [
			{value: 'none', label: 'Shared', tradeoff: 'Every row is visible to every user of the application.'},
			{value: 'user', label: 'Per user', tradeoff: 'Each user sees only their rows: user_id leads every index, composite keys stop mix-ups.'},
			{value: 'tenant', label: 'Per tenant', tradeoff: 'Each organisation sees only its rows: tenant_id on every table.'},
		],
		apply: (current, value) => {
			const mode = value as Session['isolation']['mode'];
			if (mode === current.isolation.mode) return current;
			// A new mode has its own owner entity and, for none, no enforcement to speak of.
			const {owner: _owner, ...isolation} = current.isolation;
			return {...current, isolation: {...isolation, mode, ...(mode === 'none' ? {enforcement: 'application' as const} : {})}};
		},
	};
}

function ownerStep(session: Session): Step {
	const fallback = session.isolation.mode === 'user' ? 'users' : 'tenants';
	return {
		id: 'isolation-owner',
		phase: 1,
		kind: 'select',
		breadcrumb: 'Requirements > Isolation',
		prompt: `Which entity is the ${session.isolation.mode}?`,
		writes: 'isolation.owner',
		value: session.isolation.owner ?? fallback,
		choices: session.entities.map((entity) => ({value: entity.name, label: entity.name, tradeoff: `Every other table gets its ${entity.name.replace(/s$/, '')}_id.`})),
		apply: (current, value) => {
			const {owner: _owner, ...isolation} = current.isolation;
			return {...current, isolation: value === fallback && current.isolation.owner === undefined ? isolation : {...isolation, owner: value}};
		},
	};
}

function enforcementStep(session: Session): Step {
	return {
		id: 'isolation-enforcement',
		phase: 1,
		kind: 'select',
		breadcrumb: 'Requirements > Isolation',
		prompt: 'Who enforces it?',
		writes: 'isolation.enforcement',
		value: session.isolation.enforcement,
		choices: [
			{value: 'application', label: 'The application', tradeoff: 'Every query filters by the owner (queries.sql does); one forgotten WHERE leaks rows.'},
			{value: 'rls', label: 'Row-Level Security', tradeoff: 'The database filters by a per-transaction setting; a small cost on every query.', recommended: true},
		],
		apply: (current, value) => ({...current, isolation: {...current.isolation, enforcement: value as 'application' | 'rls'}}),
	};
}
