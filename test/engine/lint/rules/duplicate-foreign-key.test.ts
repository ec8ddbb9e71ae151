import {beforeAll, describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/duplicate-foreign-key.js';
import type {Design} from '../../../../source/model/design.js';
import {serverUrl} from '../../../helpers/pg.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {fixOnDatabase} from '../catalog-fixes.js';
import {derive, run, saasSession, shopSession, todoSession} from '../fixtures.js';

const SQL = `
CREATE SCHEMA a;
CREATE TABLE a.orders (id bigint PRIMARY KEY);
CREATE TABLE a.items (id bigint PRIMARY KEY, order_id bigint NOT NULL REFERENCES a.orders (id), note text);
ALTER TABLE a.items ADD CONSTRAINT items_order_id_copy FOREIGN KEY (order_id) REFERENCES a.orders (id);
ALTER TABLE a.items ADD CONSTRAINT items_order_cascade FOREIGN KEY (order_id) REFERENCES a.orders (id) ON DELETE CASCADE;
CREATE TABLE a.lines (id bigint PRIMARY KEY, order_id bigint REFERENCES a.orders (id), other_id bigint REFERENCES a.orders (id));
CREATE TABLE parents (id int PRIMARY KEY);
CREATE TABLE kids (parent_id int NOT NULL);
ALTER TABLE kids ADD CONSTRAINT kids_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES parents (id) NOT VALID;
ALTER TABLE kids ADD CONSTRAINT kids_parent_ref FOREIGN KEY (parent_id) REFERENCES parents (id);
`;

describe('duplicate-foreign-key', () => {
	let design: Design;
	beforeAll(async () => {
		design = await designFromSql(SQL);
	});

	it('ok: the example designs declare every foreign key once', () => {
		for (const session of [todoSession(), shopSession(), saasSession()]) expect(run(rule, derive(session))).toEqual([]);
	});

	it('ok: two foreign keys of other columns to the same table are no copies', () => {
		expect(runOnDatabase(rule, design).filter((violation) => violation.table === 'a.lines')).toEqual([]);
	});

	it('err: copies are reported next to the one kept (validated first, then the default name)', () => {
		const violations = runOnDatabase(rule, design);
		expect(violations.map((violation) => [violation.target, violation.table, violation.related])).toEqual([
			['kids_parent_id_fkey', 'kids', ['kids_parent_ref']],
			['items_order_cascade', 'a.items', ['items_order_id_fkey']],
			['items_order_id_copy', 'a.items', ['items_order_id_fkey']],
		]);
		const [kids, cascade, copy] = violations;
		expect(kids!.fixSql).toBe('ALTER TABLE kids DROP CONSTRAINT kids_parent_id_fkey;');
		expect(copy!.fixSql).toBe('ALTER TABLE a.items DROP CONSTRAINT items_order_id_copy;');
		expect(copy!.message).toContain('both make a.items.order_id reference a.orders (id)');
		// ON DELETE CASCADE against NO ACTION: someone decides which stays.
		expect(cascade!.fixSql).toBeUndefined();
		expect(cascade!.message).toContain('(ON DELETE CASCADE against the defaults, NO ACTION)');
	});

	describe.skipIf(!serverUrl())('on PostgreSQL', () => {
		it('err: the fixes leave one foreign key per relationship', async () => {
			const keys = await fixOnDatabase(SQL, rule, async (query) =>
				(await query(`SELECT conrelid::regclass || ' ' || conname AS key FROM pg_constraint WHERE contype = 'f' AND conrelid IN ('a.items'::regclass, 'kids'::regclass) ORDER BY 1`)).map(
					(row) => row.key,
				),
			);
			expect(keys).toEqual(['a.items items_order_cascade', 'a.items items_order_id_fkey', 'kids kids_parent_ref']);
		});
	});
});
