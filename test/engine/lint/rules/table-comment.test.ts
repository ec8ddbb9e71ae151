import {describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/table-comment.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {derive, run, todoSession, withTable} from '../fixtures.js';

describe('table-comment', () => {
	it('ok: the todo session describes its entities', () => {
		expect(run(rule, derive(todoSession()))).toEqual([]);
	});

	it('err: an entity without a description', () => {
		const design = withTable(derive(todoSession()), 'tasks', (table) => ({...table, comment: ''}));
		expect(run(rule, design).map((violation) => violation.target)).toEqual(['tasks']);
	});

	it('err: tables of a database without a comment, or with a blank one; partitions through their parent, inheritance children on their own', async () => {
		const design = await designFromSql(`
			CREATE SCHEMA "Docs";
			CREATE TABLE "Docs".notes (id int PRIMARY KEY);
			CREATE TABLE "Docs".tags (id int PRIMARY KEY);
			COMMENT ON TABLE "Docs".tags IS ' ';
			CREATE TABLE "Docs".people (id int PRIMARY KEY);
			COMMENT ON TABLE "Docs".people IS 'Everyone who wrote a note';
			CREATE TABLE "Docs".readings (at date NOT NULL) PARTITION BY RANGE (at);
			CREATE TABLE "Docs".readings_2024 PARTITION OF "Docs".readings FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
			CREATE TABLE "Docs".authors () INHERITS ("Docs".people);
		`);
		const violations = runOnDatabase(rule, design);
		expect(violations.map((violation) => violation.target)).toEqual(['Docs.authors', 'Docs.notes', 'Docs.readings', 'Docs.tags']);
		expect(violations[3]!.message).toContain('a blank comment');
		expect(violations[1]!.action).toBe(`Describe it in a sentence: COMMENT ON TABLE "Docs".notes IS '...';`);
	});
});
