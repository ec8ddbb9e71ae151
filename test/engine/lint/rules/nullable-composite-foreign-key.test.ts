import {beforeAll, describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/nullable-composite-foreign-key.js';
import type {Design} from '../../../../source/model/design.js';
import {serverUrl} from '../../../helpers/pg.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {fixOnDatabase} from '../catalog-fixes.js';
import {derive, run, saasSession, shopSession, todoSession} from '../fixtures.js';

const SQL = `
CREATE SCHEMA c;
CREATE TABLE c.dict (ref_type int PRIMARY KEY, ref_value text, UNIQUE (ref_type, ref_value));
CREATE TABLE c.clients (id bigint PRIMARY KEY, email text NOT NULL, phone text NOT NULL, UNIQUE (email, phone));
CREATE TABLE c.bad_clients (id bigint PRIMARY KEY, email text, phone text,
	CONSTRAINT bad_clients_email_phone_fk FOREIGN KEY (email, phone) REFERENCES c.clients (email, phone) ON UPDATE CASCADE ON DELETE CASCADE);
CREATE TABLE c.bad (rbt_id int NOT NULL, rbt_value text, CONSTRAINT "bad-fk" FOREIGN KEY (rbt_id, rbt_value) REFERENCES c.dict (ref_type, ref_value));
CREATE TABLE c.good (rgt_id int, rgt_value text, CONSTRAINT good_fk FOREIGN KEY (rgt_id, rgt_value) REFERENCES c.dict (ref_type, ref_value) MATCH FULL);
CREATE TABLE c.not_null (a int NOT NULL, b text NOT NULL, FOREIGN KEY (a, b) REFERENCES c.dict (ref_type, ref_value));
CREATE TABLE c.tenants (id bigint PRIMARY KEY);
CREATE TABLE c.members (tenant_id bigint NOT NULL REFERENCES c.tenants (id), id bigint NOT NULL, PRIMARY KEY (tenant_id, id));
CREATE TABLE c.issues (id bigint PRIMARY KEY, tenant_id bigint NOT NULL REFERENCES c.tenants (id), assignee_id bigint,
	FOREIGN KEY (tenant_id, assignee_id) REFERENCES c.members (tenant_id, id) ON DELETE SET NULL (assignee_id));
CREATE TABLE c.events (rbt_id int, rbt_value text, at date NOT NULL,
	CONSTRAINT events_fk FOREIGN KEY (rbt_id, rbt_value) REFERENCES c.dict (ref_type, ref_value)) PARTITION BY RANGE (at);
CREATE TABLE c.events_2024 PARTITION OF c.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
`;

describe('nullable-composite-foreign-key', () => {
	let design: Design;
	beforeAll(async () => {
		design = await designFromSql(SQL);
	});

	it('ok: the example designs, whose optional scoped references keep the owner column checked by its own key', () => {
		for (const session of [todoSession(), shopSession(), saasSession()]) expect(run(rule, derive(session))).toEqual([]);
	});

	it('err: MATCH SIMPLE keys with a nullable column, not MATCH FULL ones, NOT NULL ones or tenant-scoped ones', () => {
		const violations = runOnDatabase(rule, design);
		expect(violations.map((violation) => [violation.target, violation.table])).toEqual([
			['bad-fk', 'c.bad'],
			['bad_clients_email_phone_fk', 'c.bad_clients'],
			['events_fk', 'c.events'],
		]);
		const [bad, clients, events] = violations;
		expect(bad!.message).toContain('a row with rbt_value NULL is not checked at all, so rbt_id can hold a value no c.dict row has');
		// rbt_id is NOT NULL: MATCH FULL would refuse every row without a reference, so no SQL.
		expect(bad!.fixSql).toBeUndefined();
		expect(clients!.fixSql).toBe(
			[
				'ALTER TABLE c.bad_clients DROP CONSTRAINT bad_clients_email_phone_fk, ADD CONSTRAINT bad_clients_email_phone_fk FOREIGN KEY (email, phone) REFERENCES c.clients (email, phone) MATCH FULL ON UPDATE CASCADE ON DELETE CASCADE NOT VALID;',
				'ALTER TABLE c.bad_clients VALIDATE CONSTRAINT bad_clients_email_phone_fk;',
			].join('\n'),
		);
		expect(clients!.action).toContain('WHERE num_nulls(email, phone) = 1');
		// A partitioned table cannot hold a NOT VALID foreign key.
		expect(events!.fixSql).toBe(
			'ALTER TABLE c.events DROP CONSTRAINT events_fk, ADD CONSTRAINT events_fk FOREIGN KEY (rbt_id, rbt_value) REFERENCES c.dict (ref_type, ref_value) MATCH FULL;',
		);
	});

	describe.skipIf(!serverUrl())('on PostgreSQL', () => {
		it('err: the fixes make the keys MATCH FULL and keep their actions', async () => {
			const keys = await fixOnDatabase(SQL, rule, async (query) =>
				(await query(`SELECT conname || ': ' || pg_get_constraintdef(oid) AS key FROM pg_constraint WHERE conname IN ('bad_clients_email_phone_fk', 'events_fk') AND conparentid = 0 ORDER BY 1`)).map(
					(row) => row.key,
				),
			);
			expect(keys).toEqual([
				'bad_clients_email_phone_fk: FOREIGN KEY (email, phone) REFERENCES c.clients(email, phone) MATCH FULL ON UPDATE CASCADE ON DELETE CASCADE',
				'events_fk: FOREIGN KEY (rbt_id, rbt_value) REFERENCES c.dict(ref_type, ref_value) MATCH FULL',
			]);
		});
	});
});
