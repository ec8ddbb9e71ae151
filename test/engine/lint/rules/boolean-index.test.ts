import {beforeAll, describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/boolean-index.js';
import type {Design} from '../../../../source/model/design.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {derive, run, todoSession, withTable} from '../fixtures.js';

const SQL = `
CREATE TABLE accounts (id bigint PRIMARY KEY, number text NOT NULL, deleted boolean NOT NULL DEFAULT false, flagged boolean, created_at timestamptz NOT NULL);
CREATE INDEX accounts_deleted_idx ON accounts (deleted);
CREATE INDEX accounts_number_flagged_idx ON accounts (number, flagged);
CREATE UNIQUE INDEX accounts_number_deleted_key ON accounts (number, deleted);
CREATE INDEX accounts_created_at_live_idx ON accounts (created_at) WHERE NOT deleted;
CREATE INDEX accounts_flagged_only_idx ON accounts (flagged) WHERE flagged;
CREATE INDEX accounts_number_include_idx ON accounts (number) INCLUDE (deleted);
CREATE SCHEMA "Sales";
CREATE TABLE "Sales".events (id bigint NOT NULL, at timestamptz NOT NULL, archived boolean NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE "Sales".events_default PARTITION OF "Sales".events DEFAULT;
CREATE INDEX events_archived_idx ON "Sales".events (archived);
`;

describe('boolean-index', () => {
	let design: Design;
	beforeAll(async () => {
		design = await designFromSql(SQL);
	});

	it('ok: the todo design has no index keyed by a boolean', () => {
		expect(run(rule, derive(todoSession()))).toEqual([]);
	});

	it('ok: unique indexes, booleans the predicate fixes, INCLUDE columns and partition copies are no finding', () => {
		const targets = runOnDatabase(rule, design).map((violation) => violation.target);
		for (const name of ['accounts_number_deleted_key', 'accounts_created_at_live_idx', 'accounts_flagged_only_idx', 'accounts_number_include_idx']) expect(targets).not.toContain(name);
		expect(targets.filter((target) => target.startsWith('Sales.'))).toEqual(['Sales.events_archived_idx']);
	});

	it('err: a lone boolean key is a warning, a boolean among other keys information; both name the partial index to use', () => {
		const violations = runOnDatabase(rule, design);
		expect(violations.map((violation) => [violation.target, violation.table, violation.severity])).toEqual([
			['accounts_deleted_idx', 'accounts', 'warning'],
			['accounts_number_flagged_idx', 'accounts', undefined],
			['Sales.events_archived_idx', 'Sales.events', 'warning'],
		]);
		expect(violations[0]!.message).toContain('has the boolean accounts.deleted as a key');
		expect(violations[1]!.action).toContain('on (number) WHERE flagged, or WHERE NOT flagged');
	});

	it('err: an index the engine did not plan for a pattern is information; one a pattern asks with a parameter is none', () => {
		const base = withTable(derive(todoSession()), 'tasks', (table) => ({
			...table,
			columns: [...table.columns, {name: 'pinned', type: {name: 'boolean'}, nullable: false, reason: 'test', origin: 'field', role: 'plain'}],
		}));
		const index = {name: 'tasks_user_id_pinned_idx', table: 'tasks', method: 'btree' as const, keys: [{column: 'user_id'}, {column: 'pinned'}], include: [], where: [], unique: false, rationale: '', serves: ['ListPinned'], origin: 'override' as const};
		const [finding] = run(rule, {...base, indexes: [...base.indexes, index]});
		expect([finding?.target, finding?.severity]).toEqual(['tasks_user_id_pinned_idx', undefined]);
		const pattern = {name: 'ListPinned', table: 'tasks', kind: 'list' as const, equals: ['user_id', 'pinned'], ranges: [], conditions: [], sort: [], select: [], perSecond: 1, description: ''};
		expect(run(rule, {...base, indexes: [...base.indexes, {...index, origin: 'access-pattern'}], patterns: [...base.patterns, pattern]})).toEqual([]);
	});
});
