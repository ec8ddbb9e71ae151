import {beforeAll, describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/btree-array-index.js';
import type {Design} from '../../../../source/model/design.js';
import {serverUrl} from '../../../helpers/pg.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {fixOnDatabase} from '../catalog-fixes.js';
import {derive, run, todoSession} from '../fixtures.js';

const SQL = `
CREATE SCHEMA a;
CREATE TABLE a.items (id bigint PRIMARY KEY, name text NOT NULL, tags text[], labels text[], codes int[]);
CREATE INDEX items_tags_idx ON a.items (tags) WHERE tags IS NOT NULL;
CREATE INDEX items_tags_gin_idx ON a.items USING gin (tags) WHERE tags IS NOT NULL;
CREATE INDEX items_labels_idx ON a.items (labels);
CREATE INDEX items_name_labels_idx ON a.items (name, labels);
CREATE INDEX items_name_including_labels_idx ON a.items (name) INCLUDE (labels);
CREATE UNIQUE INDEX items_codes_key ON a.items (codes);
CREATE INDEX items_first_label_idx ON a.items ((labels[1]));
CREATE INDEX items_codes_gin_idx ON a.items USING gin (codes);
CREATE SCHEMA b;
CREATE TABLE b.events (id bigint, at date NOT NULL, tags text[]) PARTITION BY RANGE (at);
CREATE TABLE b.events_2024 PARTITION OF b.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE INDEX events_tags_idx ON b.events (tags);
`;

describe('btree-array-index', () => {
	let design: Design;
	beforeAll(async () => {
		design = await designFromSql(SQL);
	});

	it('ok: the todo design indexes no array with a btree', () => {
		expect(run(rule, derive(todoSession()))).toEqual([]);
	});

	it('err: btree keys on arrays, alone or with other columns; not INCLUDE, GIN, unique or expression indexes, nor the copy on a partition', () => {
		const violations = runOnDatabase(rule, design);
		expect(violations.map((violation) => [violation.target, violation.table])).toEqual([
			['a.items_labels_idx', 'a.items'],
			['a.items_name_labels_idx', 'a.items'],
			['a.items_tags_idx', 'a.items'],
			['b.events_tags_idx', 'b.events'],
		]);
		const [labels, nameLabels, tags, events] = violations;
		expect(labels!.fixSql).toBe('CREATE INDEX CONCURRENTLY items_labels_gin_idx ON a.items USING gin (labels);\nDROP INDEX CONCURRENTLY a.items_labels_idx;');
		expect(nameLabels!.fixSql).toBeUndefined();
		expect(nameLabels!.action).toContain('INCLUDE');
		// A GIN index with the same predicate exists already: only the drop is left.
		expect(tags!.fixSql).toBe('DROP INDEX CONCURRENTLY a.items_tags_idx;');
		expect(tags!.related).toEqual(['a.items_tags_gin_idx']);
		// A partitioned index is built and dropped without CONCURRENTLY.
		expect(events!.fixSql).toBe('CREATE INDEX events_tags_gin_idx ON b.events USING gin (tags);\nDROP INDEX b.events_tags_idx;');
	});

	describe.skipIf(!serverUrl())('on PostgreSQL', () => {
		it('err: the fixes leave GIN indexes in place of the btree ones', async () => {
			const indexes = await fixOnDatabase(SQL, rule, async (query) =>
				(
					await query(`SELECT c.relname || ' ' || am.amname AS index FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam
						WHERE i.indrelid IN ('a.items'::regclass, 'b.events'::regclass) ORDER BY 1`)
				).map((row) => row.index),
			);
			expect(indexes).toEqual([
				'events_tags_gin_idx gin',
				'items_codes_gin_idx gin',
				'items_codes_key btree',
				'items_first_label_idx btree',
				'items_labels_gin_idx gin',
				'items_name_including_labels_idx btree',
				'items_name_labels_idx btree',
				'items_pkey btree',
				'items_tags_gin_idx gin',
			]);
		});
	});
});
