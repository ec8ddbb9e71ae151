import {describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/name-length-limit.js';
import {byteLength} from '../../../../source/engine/naming.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {derive, run, saasSession, shopSession, todoSession} from '../fixtures.js';

/** 63 characters once PostgreSQL has cut it (the statements below write longer names). */
const LONG = 'entity_long_1234567890_1234567890_1234567890_1234567890_1234567';
/** 62 bytes: one under the limit. */
const SHORT = LONG.slice(0, 62);
/** 32 characters, 63 bytes: the limit counts bytes. */
const ACCENTED = `t${'é'.repeat(31)}`;

describe('name-length-limit', () => {
	it('ok: a derived design has no catalog, and the engine keeps its names at 62 bytes', () => {
		for (const session of [todoSession(), shopSession(), saasSession()]) expect(run(rule, derive(session))).toEqual([]);
	});

	it('err: relations, partitions and their indexes, sequences, routines and constraints at 63 bytes; the copies PostgreSQL makes on partitions not', async () => {
		expect([byteLength(LONG), byteLength(SHORT), byteLength(ACCENTED)]).toEqual([63, 62, 63]);
		const design = await designFromSql(`
			CREATE SCHEMA n;
			CREATE TABLE n.${LONG}_and_more_that_is_cut (
				entity_id bigserial PRIMARY KEY, ref_type text, n int,
				CONSTRAINT ${LONG.replace('entity', 'checked')} CHECK (n > 0)
			) PARTITION BY RANGE (entity_id);
			CREATE TABLE n.${LONG.replace('entity', 'defpart')} PARTITION OF n.${LONG} DEFAULT;
			CREATE INDEX ${LONG.replace('entity', 'refidx')}_cut ON n.${LONG} (ref_type);
			CREATE TABLE n.${SHORT} (id int, CONSTRAINT ${SHORT.replace('entity', 'shortc')} CHECK (id > 0));
			CREATE TABLE n."${ACCENTED}" (id int);
			CREATE VIEW n.${LONG.replace('entity', 'viewed')} AS SELECT 1 AS one;
			CREATE FUNCTION n.${LONG}_function(a int) RETURNS int LANGUAGE sql AS 'SELECT a';
		`);
		// On PostgreSQL 18 (the embedded PGlite) NOT NULL constraints are named objects too, with names cut to fit: left out here.
		const violations = runOnDatabase(rule, design).filter((violation) => !violation.target.endsWith('_not_null'));
		const partitionTable = 'n.defpart_long_1234567890_1234567890_1234567890_1234567890_123456';
		expect(violations.map((violation) => [violation.objectType, violation.target, violation.table ?? null]).sort()).toEqual(
			[
				['partitioned table', `n.${LONG}`, null],
				['table', partitionTable, null],
				['table', `n.${ACCENTED}`, null],
				['view', 'n.viewed_long_1234567890_1234567890_1234567890_1234567890_1234567', null],
				['sequence', 'n.entity_long_1234567890_1234567890_1234567890_1234_entity_id_seq', `n.${LONG}`],
				['partitioned index', 'n.entity_long_1234567890_1234567890_1234567890_1234567890_12_pkey', `n.${LONG}`],
				['partitioned index', 'n.refidx_long_1234567890_1234567890_1234567890_1234567890_1234567', `n.${LONG}`],
				// The partition's own indexes (named by PostgreSQL, cut to fit) are reported; its copy of the key constraint is not.
				['index', 'n.defpart_long_1234567890_1234567890_1234567890_1234567890_1_pkey', partitionTable],
				['index', 'n.defpart_long_1234567890_1234567890_1234567890_1234_ref_type_idx', partitionTable],
				['function', `n.${LONG}`, null],
				['constraint', 'n.entity_long_1234567890_1234567890_1234567890_1234567890_12_pkey', `n.${LONG}`],
				['constraint', 'n.checked_long_1234567890_1234567890_1234567890_1234567890_123456', `n.${LONG}`],
			].sort(),
		);
		const view = violations.find((violation) => violation.objectType === 'view')!;
		expect(view.message).toContain('exactly 63 bytes');
		expect(view.action).toBe(`Rename it to a name of at most 62 bytes (ALTER VIEW n.${LONG.replace('entity', 'viewed')} RENAME TO new_name), and shorten the name in the migration that creates it.`);
		const check = violations.find((violation) => violation.target.startsWith('n.checked'))!;
		expect(check.action).toContain(`ALTER TABLE n.${LONG} RENAME CONSTRAINT checked_long_1234567890_1234567890_1234567890_1234567890_123456 TO new_name`);
		expect(violations.every((violation) => violation.fixSql === undefined)).toBe(true);
	});
});
