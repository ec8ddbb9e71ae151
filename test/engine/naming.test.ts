import {describe, expect, it} from 'vitest';
import {byteLength, checkIdentifier, className, derivedName, quoteIdent, singular} from '../../source/engine/naming.js';

describe('checkIdentifier', () => {
	it('accepts snake_case names', () => {
		expect(checkIdentifier('tasks', 'table')).toBeUndefined();
		expect(checkIdentifier('due_at_2', 'field')).toBeUndefined();
	});

	it('rejects reserved words with an alternative', () => {
		expect(checkIdentifier('user', 'table')).toBe('"user" is a reserved word: every query would need it in double quotes. Use users or another name.');
		expect(checkIdentifier('order', 'field')).toBe('"order" is a reserved word: every query would need it in double quotes. Use order_name or another name.');
	});

	it('counts bytes, not characters, against the 63-byte limit', () => {
		const name = `${'a'.repeat(62)}é`;
		expect(name.length).toBe(63);
		expect(byteLength(name)).toBe(64);
		expect(checkIdentifier(name, 'field')).toMatch(/is 64 bytes; PostgreSQL keeps 63/);
		expect(checkIdentifier('a'.repeat(63), 'field')).toBeUndefined();
	});

	it('suggests a snake_case spelling for other names', () => {
		expect(checkIdentifier('DueDate', 'field')).toBe('"DueDate" is not a snake_case name: use lower-case letters, digits and _, starting with a letter. Use due_date.');
		expect(checkIdentifier('', 'table')).toBe('The table name is empty. Type a name such as tasks or due_date.');
	});

	it('rejects names a SQLModel class cannot have as attributes', () => {
		expect(checkIdentifier('metadata', 'field')).toMatch(/cannot be an attribute of a SQLModel class/);
		expect(checkIdentifier('metadata', 'table')).toBeUndefined();
	});
});

describe('derived names', () => {
	it('joins parts and stays within 63 bytes with a stable hash', () => {
		expect(derivedName(['tasks', 'user_id'], 'idx')).toBe('tasks_user_id_idx');
		const long = derivedName(['a'.repeat(40), 'b'.repeat(40)], 'idx');
		expect(byteLength(long)).toBeLessThanOrEqual(63);
		expect(long.endsWith('_idx')).toBe(true);
		expect(derivedName(['a'.repeat(40), 'b'.repeat(40)], 'idx')).toBe(long);
		expect(derivedName(['a'.repeat(40), 'c'.repeat(40)], 'idx')).not.toBe(long);
	});

	it('singularises table names for classes and foreign-key columns', () => {
		expect(singular('categories')).toBe('category');
		expect(singular('addresses')).toBe('address');
		expect(singular('order_items')).toBe('order_item');
		expect(singular('statuses')).toBe('status');
		expect(className('task_tags')).toBe('TaskTag');
		expect(className('people')).toBe('Person');
	});

	it('quotes only what needs quoting', () => {
		expect(quoteIdent('tasks')).toBe('tasks');
		expect(quoteIdent('time')).toBe('"time"');
		expect(quoteIdent('Weird "name"')).toBe('"Weird ""name"""');
	});
});
