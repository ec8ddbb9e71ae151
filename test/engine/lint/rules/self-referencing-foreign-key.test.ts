import {beforeAll, describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/self-referencing-foreign-key.js';
import type {Design} from '../../../../source/model/design.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {derive, run, saasSession, shopSession, todoSession} from '../fixtures.js';

const SQL = `
CREATE SCHEMA s;
CREATE TABLE s.no_action (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, parent_id bigint REFERENCES s.no_action (id), name text NOT NULL);
CREATE TABLE s.restricted (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, parent_id bigint REFERENCES s.restricted (id) ON DELETE RESTRICT);
CREATE TABLE s.cascaded (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, parent_id bigint REFERENCES s.cascaded (id) ON DELETE CASCADE);
CREATE TABLE s.nulled (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, parent_id bigint REFERENCES s.nulled (id) ON DELETE SET NULL);
CREATE TABLE s.defaulted (id bigint PRIMARY KEY, parent_id bigint DEFAULT 0 REFERENCES s.defaulted (id) ON DELETE SET DEFAULT);
CREATE TABLE s.other (id bigint PRIMARY KEY, no_action_id bigint REFERENCES s.no_action (id));
CREATE TABLE s.tree (id bigint NOT NULL, parent_id bigint, PRIMARY KEY (id), FOREIGN KEY (parent_id) REFERENCES s.tree (id)) PARTITION BY HASH (id);
CREATE TABLE s.tree_0 PARTITION OF s.tree FOR VALUES WITH (modulus 2, remainder 0);
CREATE TABLE s.tree_1 PARTITION OF s.tree FOR VALUES WITH (modulus 2, remainder 1);
`;

describe('self-referencing-foreign-key', () => {
	let design: Design;
	beforeAll(async () => {
		design = await designFromSql(SQL);
	});

	it('ok: the example designs (the shop keeps subcategories with ON DELETE SET NULL)', () => {
		for (const session of [todoSession(), shopSession(), saasSession()]) expect(run(rule, derive(session))).toEqual([]);
	});

	it('err: trees under NO ACTION or RESTRICT, once per key (not on each partition); not CASCADE, SET NULL, SET DEFAULT or references to other tables', () => {
		const violations = runOnDatabase(rule, design);
		expect(violations.map((violation) => [violation.target, violation.table])).toEqual([
			['no_action_parent_id_fkey', 's.no_action'],
			['restricted_parent_id_fkey', 's.restricted'],
			['tree_parent_id_fkey', 's.tree'],
		]);
		const [noAction, restricted] = violations;
		expect(noAction!.message).toContain('s.no_action.parent_id references s.no_action itself with ON DELETE NO ACTION');
		expect(noAction!.message).toContain('unless the same statement deletes every descendant too');
		expect(restricted!.message).toContain('even when the same statement deletes those rows too');
		expect(restricted!.action).toContain('CASCADE deletes the whole subtree, SET NULL keeps the children as roots');
		expect(violations.every((violation) => violation.fixSql === undefined)).toBe(true);
	});
});
