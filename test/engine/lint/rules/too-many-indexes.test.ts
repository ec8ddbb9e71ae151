import {describe, expect, it} from 'vitest';
import type {SessionInput} from '../../../../source/model/session.js';
import {rule} from '../../../../source/engine/lint/rules/too-many-indexes.js';
import type {Violation} from '../../../../source/engine/lint/rule.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {derive, run, todoSession} from '../fixtures.js';

const session = (readWrite: 'read-heavy' | 'balanced' | 'write-heavy', count: number): SessionInput => ({
	...todoSession(),
	workload: {readWrite, p95Ms: 50},
	indexes: {
		add: ['title', 'notes', 'priority', 'due', 'created_at', 'updated_at'].slice(0, count).map((column) => ({entity: 'tasks', columns: ['user_id', column], reason: 'a report'})),
		drop: [],
	},
});
const indexCount = (input: SessionInput) => {
	const design = derive(input);
	return design.indexes.filter((index) => index.table === 'tasks').length + 1 + design.tables.find((table) => table.name === 'tasks')!.uniques.length;
};

describe('too-many-indexes', () => {
	it('ok: the todo design, and many indexes under a read-heavy workload', () => {
		expect(run(rule, derive(todoSession()))).toEqual([]);
		expect(run(rule, derive(session('read-heavy', 6)))).toEqual([]);
	});

	it('err: more than 5 under a write-heavy workload (a warning), more than 8 balanced (information)', () => {
		const writeHeavy = session('write-heavy', 2);
		expect(indexCount(writeHeavy)).toBeGreaterThan(5);
		const violations = run(rule, derive(writeHeavy)) as Violation[];
		expect(violations.map((violation) => [violation.target, violation.severity])).toEqual([['tasks', undefined]]);
		expect(violations[0]!.message).toContain('under a write-heavy workload');
		expect(violations[0]!.action).toContain('least used first: tasks_user_id_notes_idx (nothing listed, ~0/s)');
		const balanced = session('balanced', 6);
		expect(indexCount(balanced)).toBeGreaterThan(8);
		expect((run(rule, derive(balanced)) as Violation[]).map((violation) => violation.severity)).toEqual(['info']);
	});

	it('err on an existing database (lago): the indexes that enforce nothing, checked against the live statistics, not ranked by a use nobody recorded', async () => {
		const columns = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
		const design = await designFromSql(
			`CREATE TABLE fees (id bigint PRIMARY KEY, code text, ${columns.map((column) => `${column} int`).join(', ')});
			 CREATE UNIQUE INDEX fees_code_key ON fees (code);
			 ${columns.map((column) => `CREATE INDEX fees_${column}_idx ON fees (${column});`).join('\n')}`,
		);
		const violations = runOnDatabase(rule, design);
		expect(violations.map((violation) => [violation.target, violation.severity])).toEqual([['fees', 'info']]);
		expect(violations[0]!.message).toMatch(/^fees carries 10 indexes \(fees_pkey, .*\): every insert writes all 10/);
		expect(violations[0]!.action).toContain(`Of the 8 that enforce nothing (${columns.map((column) => `fees_${column}_idx`).join(', ')}), look up idx_scan in pg_stat_user_indexes`);
		expect(violations[0]!.action).not.toContain('/s)');
	});
});
