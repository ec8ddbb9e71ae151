import {beforeAll, describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/foreign-key-index.js';
import type {Design} from '../../../../source/model/design.js';
import {serverUrl} from '../../../helpers/pg.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {fixOnDatabase} from '../catalog-fixes.js';
import {applyFixes, derive, indexNames, run, todoSession} from '../fixtures.js';

const SQL = `
CREATE SCHEMA e;
CREATE TABLE e.clients (id bigint PRIMARY KEY);
CREATE TABLE e.accounts (id bigint PRIMARY KEY, client_id bigint NOT NULL REFERENCES e.clients (id), number text NOT NULL);
CREATE INDEX accounts_number_client_id_idx ON e.accounts (number, client_id);
CREATE TABLE e.cards (id bigint PRIMARY KEY, client_id bigint REFERENCES e.clients (id), number text NOT NULL);
CREATE INDEX cards_client_id_number_idx ON e.cards (client_id, number);
CREATE TABLE e.orders (id bigint PRIMARY KEY, courier_id bigint REFERENCES e.clients (id), buyer_id bigint REFERENCES e.clients (id));
CREATE INDEX orders_courier_id_idx ON e.orders (courier_id) WHERE courier_id IS NOT NULL;
CREATE INDEX orders_buyer_id_idx ON e.orders (buyer_id) WHERE buyer_id > 100;
CREATE TABLE e.items (id bigint PRIMARY KEY, order_id bigint NOT NULL REFERENCES e.orders (id),
	CONSTRAINT items_order_copy FOREIGN KEY (order_id) REFERENCES e.orders (id));
CREATE TABLE e.t1 (ref_type bigint NOT NULL REFERENCES e.clients (id), at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE e.t1_default PARTITION OF e.t1 DEFAULT;
`;

const design = derive(todoSession());
const covering = design.indexes.find((index) => index.serves.includes('task_tags_tag_id_fkey'))!;
const dropped = derive({...todoSession(), indexes: {add: [], drop: [covering.name]}});

describe('foreign-key-index', () => {
	it('ok: every foreign key of the todo design leads an index or key', () => {
		expect(run(rule, design)).toEqual([]);
	});

	it('err: the covering index was dropped', () => {
		const violations = run(rule, dropped);
		expect(violations.map((violation) => violation.target)).toEqual(['task_tags_tag_id_fkey']);
		expect(violations[0]!.message).toContain('task_tags (user_id, tag_id) has no index: deleting a tags row scans all of task_tags (~4,000,000 rows)');
		expect(violations[0]!.fixSql).toBe('CREATE INDEX CONCURRENTLY task_tags_user_id_tag_id_idx ON task_tags (user_id, tag_id);');
	});

	it('ok: an index that only leaves out NULL keys covers a foreign key (fk = $1 implies IS NOT NULL)', () => {
		const skipsNulls = {...dropped, indexes: [...dropped.indexes, {...covering, where: [{column: 'tag_id', op: 'is-not-null' as const}]}]};
		expect(run(rule, skipsNulls)).toEqual([]);
	});

	it('err: an index partial on anything else does not cover a foreign key', () => {
		const partial = {...dropped, indexes: [...dropped.indexes, {...covering, where: [{column: 'user_id', op: 'equals' as const, value: 1}]}]};
		const violations = run(rule, partial);
		expect(violations[0]!.message).toContain(`${covering.name} leads with it but is partial (user_id)`);
		expect(violations[0]!.fixSql).toContain('task_tags_user_id_tag_id_2_idx');
	});

	describe('on a database', () => {
		let database: Design;
		beforeAll(async () => {
			database = await designFromSql(SQL);
		});

		it('ok: an index led by the key (with more columns after it, or leaving out NULL keys as PostgreSQL prints it) serves it', () => {
			const tables = runOnDatabase(rule, database).map((violation) => violation.table);
			expect(tables).not.toContain('e.cards');
			expect(runOnDatabase(rule, database).map((violation) => violation.target)).not.toContain('orders_courier_id_fkey');
		});

		it('err: keys of every schema without an index, each once, their table named; one index proposed for two keys', () => {
			const violations = runOnDatabase(rule, database);
			expect(violations.map((violation) => [violation.target, violation.table])).toEqual([
				['accounts_client_id_fkey', 'e.accounts'],
				['items_order_copy', 'e.items'],
				['items_order_id_fkey', 'e.items'],
				['orders_buyer_id_fkey', 'e.orders'],
				['t1_ref_type_fkey', 'e.t1'],
			]);
			const [accounts, copy, original, buyer, partitioned] = violations;
			expect(accounts!.fixSql).toBe('CREATE INDEX CONCURRENTLY accounts_client_id_idx ON e.accounts (client_id);');
			expect(copy!.fixSql).toBe('CREATE INDEX CONCURRENTLY items_order_id_idx ON e.items (order_id);');
			expect(original!.fixSql).toBeUndefined();
			expect(original!.action).toContain('items_order_id_idx, proposed for items_order_copy, serves this foreign key too');
			expect(buyer!.message).toContain('e.orders_buyer_id_idx leads with it but is partial ((buyer_id > 100))');
			// A partitioned index cannot be built concurrently.
			expect(partitioned!.fixSql).toBe('CREATE INDEX t1_ref_type_idx ON e.t1 (ref_type);');
		});

		it.skipIf(!serverUrl())('err: the fixes build the indexes in the tables\' schema', async () => {
			const names = await fixOnDatabase(SQL, rule, async (query) =>
				(await query(`SELECT indexrelid::regclass::text AS name FROM pg_index WHERE indrelid IN ('e.accounts'::regclass, 'e.items'::regclass, 'e.orders'::regclass, 'e.t1'::regclass) ORDER BY 1`)).map((row) => row.name),
			);
			expect(names).toEqual([
				'e.accounts_client_id_idx',
				'e.accounts_number_client_id_idx',
				'e.accounts_pkey',
				'e.items_order_id_idx',
				'e.items_pkey',
				'e.orders_buyer_id_2_idx',
				'e.orders_buyer_id_idx',
				'e.orders_courier_id_idx',
				'e.orders_pkey',
				'e.t1_ref_type_idx',
			]);
		});
	});

	describe.skipIf(!serverUrl())('on PostgreSQL', () => {
		it('err: the fix builds the index concurrently', async () => {
			const names = await applyFixes(dropped, run(rule, dropped), {inspect: (query) => indexNames(query, 'task_tags')});
			expect(names).toEqual(['task_tags_pkey', 'task_tags_user_id_tag_id_idx']);
		});
	});
});
