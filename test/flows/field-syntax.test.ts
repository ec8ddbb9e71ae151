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
		expect(parseFieldLine('count int =many')).toEqual({ok: false, error: 'The default "many" does not fit an int.'});
	});

	it('refuses numbers it could not keep as typed, and defaults or rules the type cannot hold', () => {
		const refusal = (line: string) => {
			const parsed = parseFieldLine(line);
			return parsed.ok ? 'taken' : parsed.error;
		};
		expect(refusal('n bigint =9007199254740993')).toBe('The default 9007199254740993 is too large to keep exactly: whole numbers go up to ±9,007,199,254,740,991.');
		expect(refusal('n int 1..99999999999999999999')).toMatch(/^In 1\.\.99999999999999999999, 99999999999999999999 is too large/);
		expect(refusal('n int =0x10')).toBe('The default "0x10" does not fit an int.');
		expect(refusal('n int =1.5')).toBe('n: the default 1.5 is not a whole number, and an int holds whole numbers only.');
		expect(refusal('n smallint 1..100000')).toBe('n: max 100000 is out of range: a smallint here holds -32,768 to 32,767.');
		expect(refusal('n money =100000000000')).toMatch(/^n: the default 100000000000 is out of range: a money, numeric\(12,2\) here holds -9,999,999,999\.99 to 9,999,999,999\.99/);
		expect(refusal('n int 1|x')).toBe('"x" is not a number, and the allowed values of an int are numbers.');
		expect(refusal('n text -5..3')).toBe('-5..3: a length cannot be negative; write 0..3 or 1..3.');
		expect(refusal('n text 3..9 =ab')).toBe('n: the default "ab" is shorter than minLength 3.');
		expect(refusal('n text =')).toBe('A default goes right after =, with no space, as in =3 or =draft.');
		expect(refusal('n text =a\u0000b')).toBe('must not contain a NUL character');
		expect(refusal('n text a|b c|d')).toBe('n has two lists of allowed values: join them into one, as in a|b|c.');
		expect(refusal('n int =1 =2')).toBe('n has two defaults: keep one =value.');
		expect(refusal('n int 1..2 3..4')).toBe('n has two ranges: keep one lo..hi.');
		expect(refusal('n text |')).toBe('List the allowed values with | between them, as in draft|live.');
		expect(refusal("n text =''")).toBe('taken');
		expect(refusal('n numeric =1e5')).toBe('taken');
		expect(refusal('n bigint =9007199254740991')).toBe('taken');
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
