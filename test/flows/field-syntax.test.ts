import {describe, expect, it} from 'vitest';
import {completeType, fieldToLine, parseFieldLine} from '../../flows/field-syntax.js';

describe('parseFieldLine', () => {
	it('reads the compact syntax', () => {
		expect(parseFieldLine('priority int 1..5 =3')).toMatchObject({
			ok: true,
			line: {kind: 'field', field: {name: 'priority', type: 'int', required: true, default: 3, check: {min: 1, max: 5}}},
			preview: 'priority int, NOT NULL, 1..5, default 3',
		});
		expect(parseFieldLine('due date?')).toMatchObject({ok: true, line: {field: {name: 'due', type: 'date', required: false}}, preview: 'due date, may be empty'});
		expect(parseFieldLine('email email unique')).toMatchObject({ok: true, line: {field: {unique: true}}});
		expect(parseFieldLine('title text 1..500')).toMatchObject({ok: true, line: {field: {check: {minLength: 1, maxLength: 500}}}});
		expect(parseFieldLine('status text draft|live =draft')).toMatchObject({ok: true, line: {field: {check: {oneOf: ['draft', 'live']}, default: 'draft'}}});
		expect(parseFieldLine('labels text[]?')).toMatchObject({ok: true, line: {field: {array: true, required: false}}});
		expect(parseFieldLine('code varchar(12)')).toMatchObject({ok: true, line: {field: {type: 'varchar', length: 12}}});
	});

	it('reads references', () => {
		expect(parseFieldLine('user -> users', ['users', 'tasks'])).toEqual({
			ok: true,
			line: {kind: 'reference', name: 'user', table: 'users', required: true, unique: false},
			preview: 'user_id -> users.id NOT NULL',
		});
		expect(parseFieldLine('owner -> peple', ['people'])).toEqual({ok: false, error: 'There is no table peple. Did you mean people?'});
	});

	it('says what is wrong, as the user typed it', () => {
		expect(parseFieldLine('notes tex')).toEqual({ok: false, error: 'Unknown type "tex". Did you mean text? Tab completes it.'});
		expect(parseFieldLine('priority int 1..')).toEqual({ok: false, error: 'A range needs both ends, as in 1..5 (both included).'});
		expect(parseFieldLine('user text')).toMatchObject({ok: false, error: expect.stringContaining('"user" is a reserved word')});
		expect(parseFieldLine('count int =many')).toEqual({ok: false, error: 'The default "many" does not fit a int.'});
		expect(parseFieldLine('title')).toEqual({ok: false, error: 'title needs a type, as in: title text   (or title -> table)'});
	});

	it('prints fields back so they can be edited, and completes types', () => {
		for (const line of ['priority int 1..5 =3', 'due date?', 'email email unique', 'status text draft|live =draft', 'code varchar(12)']) {
			const parsed = parseFieldLine(line);
			if (!parsed.ok || parsed.line.kind !== 'field') throw new Error(line);
			expect(fieldToLine(parsed.line.field)).toBe(line);
		}
		expect(completeType('notes tex')).toBe('notes text');
		expect(completeType('when timest')).toBe('when timestamptz');
	});
});
