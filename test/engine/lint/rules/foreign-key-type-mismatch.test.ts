import {beforeAll, describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/foreign-key-type-mismatch.js';
import type {Design} from '../../../../source/model/design.js';
import {serverUrl} from '../../../helpers/pg.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {fixOnDatabase} from '../catalog-fixes.js';
import {applyFixes, columnType, derive, run, saasSession, shopSession, todoSession, withColumn} from '../fixtures.js';

const SQL = `
CREATE SCHEMA d;
CREATE TABLE d.warehouse (id bigint PRIMARY KEY);
CREATE TABLE d.clients (id bigint PRIMARY KEY, phone varchar(50) NOT NULL UNIQUE);
CREATE TABLE d.dict (ref_type int PRIMARY KEY);
CREATE TABLE d.items (id bigint PRIMARY KEY, warehouse_id int REFERENCES d.warehouse (id), phone varchar(51) REFERENCES d.clients (phone),
	ref_type bigint REFERENCES d.dict (ref_type), good_id bigint REFERENCES d.warehouse (id));
CREATE TABLE d.events (id bigint, warehouse_id int REFERENCES d.warehouse (id), at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE d.events_2024 PARTITION OF d.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
`;

describe('foreign-key-type-mismatch', () => {
	let database: Design;
	beforeAll(async () => {
		database = await designFromSql(SQL);
	});

	it('ok: the example designs give every foreign key its parent key type', () => {
		for (const session of [todoSession(), shopSession(), saasSession()]) expect(run(rule, derive(session))).toEqual([]);
	});

	it('err: an integer reference to a bigint key in a design is an error, with the widening as fix', () => {
		const design = withColumn(derive(todoSession()), 'tasks', 'user_id', (column) => ({...column, type: {name: 'integer'}}));
		const violations = run(rule, design);
		// task_tags (user_id, task_id) references tasks (user_id, id): its bigint user_id is now the wider side.
		expect(violations.map((violation) => [violation.target, violation.table, violation.severity])).toEqual([
			['tasks_user_id_fkey', 'tasks', undefined],
			['task_tags_task_id_fkey', 'task_tags', 'warning'],
		]);
		expect(violations[0]!.message).toContain('tasks.user_id is integer but references users.id, which is bigint');
		expect(violations[0]!.message).toContain('once users holds values past 2,147,483,647 (integer), tasks cannot reference them');
		expect(violations[0]!.fixSql).toBe('ALTER TABLE tasks ALTER COLUMN user_id TYPE bigint;');
	});

	it('err: on a database, every mismatch of every schema, graded; partitions are judged on their table', () => {
		const violations = runOnDatabase(rule, database);
		expect(violations.map((violation) => [violation.target, violation.table, violation.severity ?? rule.defaultSeverity])).toEqual([
			['events_warehouse_id_fkey', 'd.events', 'error'],
			['items_phone_fkey', 'd.items', 'warning'],
			['items_ref_type_fkey', 'd.items', 'warning'],
			['items_warehouse_id_fkey', 'd.items', 'error'],
		]);
		const [events, phone, refType] = violations;
		expect(events!.fixSql).toBe('ALTER TABLE d.events ALTER COLUMN warehouse_id TYPE bigint;');
		expect(phone!.message).toContain('d.items.phone accepts values d.clients.phone can never hold (varchar(51) against varchar(50))');
		expect(phone!.fixSql).toBe('ALTER TABLE d.items ALTER COLUMN phone TYPE varchar(50);');
		expect(refType!.message).toContain('d.items.ref_type takes values no d.dict row can have');
		expect(refType!.action).toContain('Where the new type is narrower');
	});

	describe.skipIf(!serverUrl())('on PostgreSQL', () => {
		it('err: the fixes give the columns their parent key types', async () => {
			const types = await fixOnDatabase(SQL, rule, async (query) => [
				await columnType(query, 'd.events', 'warehouse_id'),
				await columnType(query, 'd.items', 'warehouse_id'),
				await columnType(query, 'd.items', 'phone'),
				await columnType(query, 'd.items', 'ref_type'),
			]);
			expect(types).toEqual(['bigint', 'bigint', 'character varying(50)', 'integer']);
		});

		it('err: the fix of a design widens the column', async () => {
			const design = withColumn(derive(todoSession()), 'tasks', 'user_id', (column) => ({...column, type: {name: 'integer'}}));
			const type = await applyFixes(design, run(rule, design).slice(0, 1), {
				prepare: ['ALTER TABLE tasks ALTER COLUMN user_id TYPE integer'],
				inspect: (query) => columnType(query, 'tasks', 'user_id'),
			});
			expect(type).toBe('bigint');
		});
	});
});
