import {describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/column-comment.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {derive, run, saasSession, shopSession, todoSession, withColumn, withTable} from '../fixtures.js';

describe('column-comment', () => {
	it('ok: the engine comments every column (the session description, else the reason for its type)', () => {
		for (const session of [todoSession(), shopSession(), saasSession()]) expect(run(rule, derive(session))).toEqual([]);
	});

	it('err: an imported table says only what its database said', () => {
		const design = withTable(withColumn(derive(todoSession()), 'tasks', 'title', ({comment: _, ...column}) => column), 'tasks', (table) => ({...table, imported: true}));
		expect(run(rule, design).map((violation) => violation.target)).toContain('tasks.title');
	});

	it('err: columns of a database without a comment, or with a blank one; partitions through their parent, inheritance children on their own', async () => {
		const design = await designFromSql(`
			CREATE SCHEMA c;
			CREATE TABLE c.notes (id int PRIMARY KEY, body text, author text);
			COMMENT ON COLUMN c.notes.id IS 'Number of the note';
			COMMENT ON COLUMN c.notes.body IS '   ';
			CREATE TABLE c.readings (at date NOT NULL, value numeric) PARTITION BY RANGE (at);
			COMMENT ON COLUMN c.readings.at IS 'Day of the reading';
			CREATE TABLE c.readings_2024 PARTITION OF c.readings FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
			CREATE TABLE c.archived_notes (archived_at date) INHERITS (c.notes);
			COMMENT ON COLUMN c.archived_notes.archived_at IS 'Day it was archived';
		`);
		const violations = runOnDatabase(rule, design);
		expect(violations.map((violation) => violation.target)).toEqual([
			'c.archived_notes.id',
			'c.archived_notes.body',
			'c.archived_notes.author',
			'c.notes.body',
			'c.notes.author',
			'c.readings.value',
		]);
		expect(violations[3]!.message).toContain('a blank comment');
		expect(violations[4]!.action).toBe(`Describe it in a sentence: COMMENT ON COLUMN c.notes.author IS '...';`);
	});
});
