import {beforeAll, describe, expect, it} from 'vitest';
import {conjuncts} from '../../../../source/engine/sql-text.js';
import {parseIndexDefinition} from '../../../../source/engine/lint/index-facts.js';
import {rule} from '../../../../source/engine/lint/rules/redundant-index-predicate.js';
import type {Design} from '../../../../source/model/design.js';
import {serverUrl} from '../../../helpers/pg.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {derive, run, shopSession, todoSession} from '../fixtures.js';
import {applyFixesTo, indexDefinitions} from '../index-fixtures.js';

const SQL = `
CREATE SCHEMA "Ref-s";
CREATE TABLE "Ref-s".t1 (id bigint PRIMARY KEY, id_ref bigint NOT NULL, "first-ref" bigint NOT NULL, parent_id bigint, kind text NOT NULL);
CREATE INDEX idx_t1_id_ref ON "Ref-s".t1 (id_ref) WHERE id_ref IS NOT NULL;
CREATE INDEX "idx_first-ref_kind" ON "Ref-s".t1 ("first-ref") INCLUDE (kind) WHERE "first-ref" IS NOT NULL AND kind <> 'x';
CREATE INDEX idx_t1_parent_id ON "Ref-s".t1 (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX idx_t1_kind_open ON "Ref-s".t1 (kind) WHERE kind = 'open';
CREATE TABLE "Ref-s".parts (a bigint NOT NULL, b bigint NOT NULL) PARTITION BY RANGE (b);
CREATE TABLE "Ref-s".parts_default PARTITION OF "Ref-s".parts DEFAULT;
CREATE INDEX idx_parts_b_a ON "Ref-s".parts (b, a) WHERE a IS NOT NULL;
`;

describe('redundant-index-predicate', () => {
	let design: Design;
	beforeAll(async () => {
		design = await designFromSql(SQL);
	});

	it('reads the parts of a CREATE INDEX as PostgreSQL prints it', () => {
		const parsed = parseIndexDefinition(`CREATE UNIQUE INDEX "a ON b" ON ONLY "S x".t USING btree (a COLLATE "C" text_pattern_ops DESC, lower((b)::text)) INCLUDE (c) WHERE ((a IS NOT NULL) AND (b > 'x, y'::text))`);
		expect(parsed).toEqual({
			unique: true,
			table: '"S x".t',
			method: 'btree',
			keys: ['a COLLATE "C" text_pattern_ops DESC', 'lower((b)::text)'],
			tail: ' INCLUDE (c)',
			where: "((a IS NOT NULL) AND (b > 'x, y'::text))",
		});
		expect(conjuncts(parsed!.where!)).toEqual(['a IS NOT NULL', "b > 'x, y'::text"]);
	});

	it('ok: the derived designs filter IS NOT NULL only on nullable columns', () => {
		expect(run(rule, derive(todoSession()))).toEqual([]);
		expect(run(rule, derive(shopSession()))).toEqual([]);
	});

	it('err: IS NOT NULL on a NOT NULL column, once per partitioned index; nullable columns and other predicates are fine', () => {
		const violations = runOnDatabase(rule, design);
		expect(violations.map((violation) => [violation.target, violation.table])).toEqual([
			['Ref-s.idx_parts_b_a', 'Ref-s.parts'],
			['Ref-s.idx_first-ref_kind', 'Ref-s.t1'],
			['Ref-s.idx_t1_id_ref', 'Ref-s.t1'],
		]);
		expect(violations[2]!.message).toContain('has the condition id_ref IS NOT NULL, yet id_ref is NOT NULL');
		expect(violations[1]!.action).toBe(`Build it again with only WHERE kind <> 'x'::text, then drop the old one.`);
		expect(violations[2]!.fixSql).toBe(
			[
				'CREATE INDEX CONCURRENTLY idx_t1_id_ref_new ON "Ref-s".t1 USING btree (id_ref);',
				'DROP INDEX CONCURRENTLY "Ref-s".idx_t1_id_ref;',
				'ALTER INDEX "Ref-s".idx_t1_id_ref_new RENAME TO idx_t1_id_ref;',
			].join('\n'),
		);
	});

	describe.skipIf(!serverUrl())('on PostgreSQL', () => {
		it('err: the fixes rebuild each index under its name without the condition, other conditions and INCLUDE kept, on every partition', async () => {
			const indexes = await applyFixesTo(SQL, runOnDatabase(rule, design), {inspect: (query) => indexDefinitions(query, 'Ref-s')});
			expect(indexes).toEqual([
				`idx_first-ref_kind: CREATE INDEX "idx_first-ref_kind" ON "Ref-s".t1 USING btree ("first-ref") INCLUDE (kind) WHERE (kind <> 'x'::text)`,
				`idx_parts_b_a: CREATE INDEX idx_parts_b_a ON ONLY "Ref-s".parts USING btree (b, a)`,
				`idx_t1_id_ref: CREATE INDEX idx_t1_id_ref ON "Ref-s".t1 USING btree (id_ref)`,
				`idx_t1_kind_open: CREATE INDEX idx_t1_kind_open ON "Ref-s".t1 USING btree (kind) WHERE (kind = 'open'::text)`,
				`idx_t1_parent_id: CREATE INDEX idx_t1_parent_id ON "Ref-s".t1 USING btree (parent_id) WHERE (parent_id IS NOT NULL)`,
				// The partition's part of the new index (the old one's went with it).
				`parts_default_b_a_idx1: CREATE INDEX parts_default_b_a_idx1 ON "Ref-s".parts_default USING btree (b, a)`,
				`t1_pkey: CREATE UNIQUE INDEX t1_pkey ON "Ref-s".t1 USING btree (id)`,
			]);
		});
	});
});
