import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {groupBy} from '../../source/engine/collections.js';
import {deriveDesign} from '../../source/engine/derive.js';
import {findTable, indexesOf, patternsOf, perTable} from '../../source/engine/lookup.js';
import {Session} from '../../source/model/session.js';

const todo = Session.parse(JSON.parse(readFileSync(new URL('../../examples/todo.json', import.meta.url), 'utf8')));

describe('groupBy', () => {
	it('keeps each group in the order of the items', () => {
		const groups = groupBy(['b1', 'a1', 'b2', 'a2', 'c1'], (item) => item[0]);
		expect([...groups]).toEqual([
			['b', ['b1', 'b2']],
			['a', ['a1', 'a2']],
			['c', ['c1']],
		]);
	});
});

describe('design lookups', () => {
	const design = deriveDesign(todo);

	it('answer what a scan of the design answers, for every table', () => {
		for (const table of design.tables) {
			expect(findTable(design, table.name)).toBe(table);
			expect(indexesOf(design, table.name)).toEqual(design.indexes.filter((index) => index.table === table.name));
			expect(patternsOf(design, table.name)).toEqual(design.patterns.filter((pattern) => pattern.table === table.name));
		}
		expect(design.indexes.length).toBeGreaterThan(0);
		expect(findTable(design, 'no_such_table')).toBeUndefined();
		expect(indexesOf(design, 'no_such_table')).toEqual([]);
	});

	it('are per design: another design of another session gets its own', () => {
		const other = deriveDesign(Session.parse(JSON.parse(readFileSync(new URL('../../examples/blog.json', import.meta.url), 'utf8'))));
		expect(findTable(design, 'tags')).toBeDefined();
		expect(findTable(other, 'tasks')).toBeUndefined();
		expect(findTable(design, 'tasks')).toBeDefined();
	});
});

describe('perTable', () => {
	it('computes once per design and table', () => {
		const calls: string[] = [];
		const columns = perTable((_design, table) => {
			calls.push(table.name);
			return table.columns.length;
		});
		const first = deriveDesign(todo);
		const second = deriveDesign(todo);
		const [users, tasks] = first.tables;
		expect(columns(first, users!)).toBe(users!.columns.length);
		expect(columns(first, users!)).toBe(users!.columns.length);
		expect(columns(first, tasks!)).toBe(tasks!.columns.length);
		expect(columns(second, second.tables[0]!)).toBe(users!.columns.length);
		expect(calls).toEqual([users!.name, tasks!.name, users!.name]);
	});
});
