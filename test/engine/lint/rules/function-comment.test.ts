import {describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/function-comment.js';
import {serverUrl} from '../../../helpers/pg.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {derive, run, saasSession} from '../fixtures.js';

describe('function-comment', () => {
	it('ok: a derived design has no catalog; the functions the engine writes carry comments', () => {
		const design = derive(saasSession());
		expect(design.functions.every((fn) => fn.comment.trim() !== '')).toBe(true);
		expect(run(rule, design)).toEqual([]);
	});

	it('err: functions, procedures and aggregates without a comment or with a blank one, by signature', async () => {
		const design = await designFromSql(`
			CREATE SCHEMA f;
			CREATE FUNCTION f.add(a integer, b integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT a + b';
			CREATE FUNCTION f.add(a integer, b integer, c integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT a + b + c';
			COMMENT ON FUNCTION f.add(integer, integer, integer) IS '  ';
			CREATE FUNCTION f.mul(a integer, b integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT a * b';
			COMMENT ON FUNCTION f.mul(integer, integer) IS 'The product of a and b';
			CREATE TABLE f.log (note text);
			CREATE PROCEDURE f.note(IN message text) LANGUAGE sql AS 'INSERT INTO f.log VALUES (message)';
			CREATE AGGREGATE f.total(integer) (SFUNC = int4pl, STYPE = integer);
		`);
		const violations = runOnDatabase(rule, design);
		expect(violations.map((violation) => [violation.target, violation.objectType])).toEqual([
			['f.add(a integer, b integer)', 'function'],
			['f.add(a integer, b integer, c integer)', 'function'],
			['f.note(IN message text)', 'procedure'],
			['f.total(integer)', 'aggregate'],
		]);
		expect(violations[1]!.message).toContain('a blank comment');
		expect(violations[2]!.action).toBe(`Describe it in a sentence: COMMENT ON PROCEDURE f.note(IN message text) IS '...';`);
	});

	it.skipIf(!serverUrl())('ok: the functions of an extension are the extension\'s', async () => {
		const design = await designFromSql('CREATE SCHEMA x; CREATE EXTENSION lo SCHEMA x;');
		expect(design.catalog!.routines).toEqual([]);
		expect(runOnDatabase(rule, design)).toEqual([]);
	});
});
