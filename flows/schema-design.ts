/**
 * Phase 2, Schema design: primary keys, ON DELETE for every relationship (with what a CASCADE
 * would take along), soft deletes, audit columns, then the review of the derived tables.
 */
import {singular} from '../source/engine/naming.js';
import {BILLIONS, formatCount, MILLIONS} from '../source/engine/volume.js';
import type {Design} from '../source/model/design.js';
import type {OnDelete, Session} from '../source/model/session.js';
import {designOf, relationshipColumn, type Choice, type ParentChild, type Step} from './step.js';

/** The steps of phase 2. */
export function schemaSteps(session: Session): Step[] {
	const design = designOf(session);
	return [
		keysStep(session, design),
		...session.relationships.flatMap((relationship, index) => (relationship.kind === 'many-to-many' ? [] : [onDeleteStep(design, relationship, index)])),
		softDeleteStep(session),
		auditStep(session),
		{id: 'review-schema', phase: 2, kind: 'review-schema', breadcrumb: 'Schema > review', prompt: 'The tables the engine derived, and what a reviewer would say.', writes: 'suppressions'},
	];
}

function keysStep(session: Session, design: Design | undefined): Step {
	const largest = Math.max(0, ...(design?.tables.map((table) => table.rows) ?? [0]));
	const atVolume = largest >= MILLIONS;
	return {
		id: 'keys',
		phase: 2,
		kind: 'select',
		breadcrumb: 'Schema > Primary keys',
		prompt: 'Which primary keys?',
		writes: 'keys.primaryKey',
		value: session.keys.primaryKey,
		choices: [
			{
				value: 'bigint-identity',
				label: 'bigint identity',
				hint: '8 bytes',
				tradeoff: 'Ordered inserts keep indexes dense, no extension; ids are guessable, never secrets.',
				recommended: true,
			},
			{
				value: 'uuid',
				label: 'uuid',
				hint: '16 bytes',
				tradeoff: atVolume
					? `Made anywhere, reveal nothing; at ${formatCount(largest)} rows random keys scatter index writes.`
					: 'Made anywhere, reveal nothing; twice the size, random order costs writes at volume.',
			},
		],
		apply: (current, value) => ({...current, keys: {primaryKey: value as Session['keys']['primaryKey']}}),
	};
}

function onDeleteStep(design: Design | undefined, relationship: ParentChild, index: number): Step {
	const column = relationshipColumn(relationship);
	const parentWord = singular(relationship.parent).replaceAll('_', ' ');
	const chain = design ? cascadeChain(design, relationship.parent, relationship.child) : [];
	const perParent = design ? rowsPerParent(design, relationship.parent, relationship.child) : undefined;
	const choices: Choice[] = [
		{
			value: 'cascade',
			label: 'CASCADE',
			hint: `delete their ${relationship.child}${chain.length > 2 ? ' and what hangs off them' : ''}`,
			tradeoff: `Deleting a ${parentWord} is one statement; a mistaken one also takes ${perParent ? `~${formatCount(perParent)} ` : 'its '}${relationship.child}.`,
			recommended: relationship.required,
			detail: [`With CASCADE, deleting one ${parentWord} also deletes, in the same statement:`, ...chain, '! Data loss: once committed, only a backup brings these rows back.'],
		},
		{
			value: 'restrict',
			label: 'RESTRICT',
			hint: `refuse while the ${parentWord} still has ${relationship.child}`,
			tradeoff: `Deleting a ${parentWord} with ${relationship.child} fails (23503); the app must delete them first.`,
		},
		...(relationship.required
			? []
			: [
					{
						value: 'set-null',
						label: 'SET NULL',
						hint: `keep the ${relationship.child}, owned by nobody`,
						tradeoff: `The ${relationship.child} stay with ${column} empty; queries must expect rows without a ${parentWord}.`,
						recommended: true,
					},
				]),
	];
	return {
		id: `on-delete:${relationship.child}.${column}`,
		phase: 2,
		kind: 'select',
		breadcrumb: `Relationships > ${relationship.child}.${column} -> ${relationship.parent}.id`,
		prompt: `When a ${parentWord} is deleted, what should happen to their ${relationship.child}?`,
		help: relationship.required ? [] : [`${relationship.child}.${column} may be empty, so SET NULL is possible.`],
		writes: `relationships[${index}].onDelete`,
		value: relationship.onDelete,
		choices,
		apply: (current, value) => ({
			...current,
			relationships: current.relationships.map((candidate, position) => (position === index ? {...candidate, onDelete: value as OnDelete} : candidate)),
		}),
	};
}

function rowsPerParent(design: Design, parent: string, child: string): number | undefined {
	const parentRows = design.tables.find((table) => table.name === parent)?.rows ?? 0;
	const childRows = design.tables.find((table) => table.name === child)?.rows ?? 0;
	return parentRows > 0 ? Math.max(1, Math.round(childRows / parentRows)) : undefined;
}

/**
 * What one DELETE of a parent row takes along, as tree lines with row estimates, assuming this
 * relationship cascades and the others keep their current action.
 */
export function cascadeChain(design: Design, parent: string, child: string): string[] {
	const lines = [`  ${parent.padEnd(18)} 1 row`];
	// Each table once, under the first path that reaches it.
	const seen = new Set([parent]);
	const visit = (table: string, factor: number, depth: number) => {
		const children = design.tables.filter((candidate) =>
			candidate.foreignKeys.some((fk) => fk.refTable === table && candidate.name !== table && ((table === parent && candidate.name === child) || fk.onDelete === 'cascade')),
		);
		for (const next of children) {
			if (seen.has(next.name)) continue;
			const parentRows = design.tables.find((candidate) => candidate.name === table)?.rows ?? 1;
			const rows = factor * (next.rows / Math.max(1, parentRows));
			lines.push(`  ${'   '.repeat(depth - 1)}\`- ${next.name.padEnd(Math.max(1, 15 - 3 * (depth - 1)))} ~${formatCount(Math.max(1, rows))} rows`);
			seen.add(next.name);
			visit(next.name, rows, depth + 1);
		}
	};
	visit(parent, 1, 1);
	return lines;
}

function softDeleteStep(session: Session): Step {
	return {
		id: 'soft-delete',
		phase: 2,
		kind: 'multi-select',
		breadcrumb: 'Schema > Deletes',
		prompt: 'Which entities are soft-deleted (kept, marked deleted_at)?',
		help: ['Space ticks. The others are deleted for real.'],
		writes: 'entities[].softDelete',
		value: session.entities.filter((entity) => entity.softDelete).map((entity) => entity.name),
		choices: session.entities.map((entity) => ({
			value: entity.name,
			label: entity.name,
			tradeoff: 'Restorable and auditable; unique keys cover live rows only, every query filters deleted_at IS NULL.',
		})),
		apply: (current, values) => ({...current, entities: current.entities.map((entity) => ({...entity, softDelete: values.includes(entity.name)}))}),
	};
}

function auditStep(session: Session): Step {
	return {
		id: 'audit',
		phase: 2,
		kind: 'select',
		breadcrumb: 'Schema > Audit columns',
		prompt: 'Add created_at and updated_at to every table?',
		writes: 'audit.timestamps',
		value: session.audit.timestamps ? 'yes' : 'no',
		choices: [
			{value: 'yes', label: 'Yes', tradeoff: 'Two timestamptz columns, updated_at kept current by a trigger; 16 bytes a row.', recommended: true},
			{value: 'no', label: 'No', tradeoff: 'Smaller rows; nobody can tell when a row was made or last changed.'},
		],
		apply: (current, value) => ({...current, audit: {timestamps: value === 'yes'}}),
	};
}

/** Volume notes for the review: what changes at millions and billions. */
export function volumeNotes(design: Design): string[] {
	return design.tables.flatMap((table) =>
		table.rows >= BILLIONS
			? [`${table.name}: ~${formatCount(table.rows)} rows: ${table.partitioning ? table.partitioning.reason : 'not partitioned (see README.md)'}`]
			: [],
	);
}
