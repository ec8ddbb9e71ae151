import {beforeAll, describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/nullable-index.js';
import type {Design} from '../../../../source/model/design.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {derive, run, todoSession} from '../fixtures.js';

const SQL = `
CREATE TABLE clients (id bigint PRIMARY KEY, last_name text NOT NULL, middle_name text, "Nick Name" text, manager_id bigint);
CREATE INDEX clients_middle_name_idx ON clients (middle_name);
CREATE INDEX clients_nick_idx ON clients ("Nick Name", last_name);
CREATE INDEX clients_manager_id_idx ON clients (manager_id) WHERE manager_id IS NOT NULL;
CREATE INDEX clients_without_manager_idx ON clients (manager_id) WHERE manager_id IS NULL;
CREATE INDEX clients_last_middle_idx ON clients (last_name, middle_name);
CREATE INDEX clients_lower_middle_idx ON clients (lower(middle_name));
CREATE UNIQUE INDEX clients_middle_name_key ON clients (middle_name, id);
CREATE SCHEMA refs;
CREATE TABLE refs.entity (ref_type text, ref_value text, at timestamptz NOT NULL) PARTITION BY RANGE (at);
CREATE INDEX entity_ref_type_idx ON refs.entity (ref_type, ref_value);
CREATE TABLE refs.entity_default PARTITION OF refs.entity DEFAULT;
CREATE INDEX entity_default_own_idx ON refs.entity_default (ref_type);
`;

describe('nullable-index', () => {
	let design: Design;
	beforeAll(async () => {
		design = await designFromSql(SQL);
	});

	it('ok: the todo design leads no index with a nullable column it keeps the NULLs of', () => {
		expect(run(rule, derive(todoSession()))).toEqual([]);
	});

	it('err: plain indexes led by a nullable column whose predicate does not name it, once per partitioned index', () => {
		const violations = runOnDatabase(rule, design);
		// Not: a nullable second key, an expression, a unique index, a predicate naming the column, the partition's copy of entity_ref_type_idx.
		expect(violations.map((violation) => [violation.target, violation.table])).toEqual([
			['clients_middle_name_idx', 'clients'],
			['clients_nick_idx', 'clients'],
			['refs.entity_ref_type_idx', 'refs.entity'],
			['refs.entity_default_own_idx', 'refs.entity_default'],
		]);
		expect(violations[0]!.message).toContain('is led by clients.middle_name, which may be NULL');
		expect(violations[1]!.action).toContain('WHERE "Nick Name" IS NOT NULL');
	});

	it('ok: an index the engine planned for a pattern that looks for the NULLs; err: the same index read from a database', () => {
		const base = derive(todoSession());
		const index = {name: 'tasks_due_idx', table: 'tasks', method: 'btree' as const, keys: [{column: 'due'}], include: [], where: [], unique: false, rationale: '', serves: ['ListUndated'], origin: 'access-pattern' as const};
		const pattern = {name: 'ListUndated', table: 'tasks', kind: 'list' as const, equals: [], ranges: [], conditions: [{column: 'due', op: 'is-null' as const}], sort: [], select: [], perSecond: 1, description: ''};
		expect(run(rule, {...base, indexes: [...base.indexes, index], patterns: [...base.patterns, pattern]})).toEqual([]);
		expect(run(rule, {...base, indexes: [...base.indexes, {...index, origin: 'existing'}], patterns: [...base.patterns, pattern]}).map((violation) => violation.target)).toEqual(['tasks_due_idx']);
	});
});
