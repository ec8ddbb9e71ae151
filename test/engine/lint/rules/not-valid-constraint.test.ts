import {beforeAll, describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/not-valid-constraint.js';
import type {Design} from '../../../../source/model/design.js';
import {serverUrl} from '../../../helpers/pg.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {fixOnDatabase} from '../catalog-fixes.js';
import {derive, run, saasSession, shopSession, todoSession} from '../fixtures.js';

const SQL = `
CREATE SCHEMA g;
CREATE TABLE g.clients (id bigint PRIMARY KEY);
CREATE TABLE g.accounts (id bigint PRIMARY KEY, client_id bigint NOT NULL, amount int);
INSERT INTO g.clients VALUES (1);
INSERT INTO g.accounts VALUES (1, 1, 5);
ALTER TABLE g.accounts ADD CONSTRAINT accounts_client_fk FOREIGN KEY (client_id) REFERENCES g.clients (id) NOT VALID;
ALTER TABLE g.accounts ADD CONSTRAINT accounts_amount_check CHECK (amount < 100) NOT VALID;
ALTER TABLE g.accounts ADD CONSTRAINT accounts_positive CHECK (amount > 0);
CREATE TABLE g.t1 (entity_id text NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE g.t1_default PARTITION OF g.t1 DEFAULT;
ALTER TABLE g.t1 ADD CONSTRAINT t1_entity_check CHECK (entity_id <> '') NOT VALID;
ALTER TABLE g.t1_default ADD CONSTRAINT t1_default_entity_check CHECK (entity_id <> '') NOT VALID;
`;

describe('not-valid-constraint', () => {
	let design: Design;
	beforeAll(async () => {
		design = await designFromSql(SQL);
	});

	it('ok: the example designs validate every constraint', () => {
		for (const session of [todoSession(), shopSession(), saasSession()]) expect(run(rule, derive(session))).toEqual([]);
	});

	it('err: CHECKs and foreign keys never validated, on tables and partitions; validated ones are fine', () => {
		const violations = runOnDatabase(rule, design);
		expect(violations.map((violation) => [violation.target, violation.table])).toEqual([
			['accounts_amount_check', 'g.accounts'],
			['accounts_client_fk', 'g.accounts'],
			['t1_entity_check', 'g.t1'],
			['t1_default_entity_check', 'g.t1_default'],
		]);
		const [check, fk] = violations;
		expect(check!.message).toContain('The CHECK accounts_amount_check on g.accounts (amount < 100) was added NOT VALID');
		expect(check!.action).toContain('SELECT * FROM g.accounts WHERE NOT (amount < 100);');
		expect(check!.fixSql).toBe('ALTER TABLE g.accounts VALIDATE CONSTRAINT accounts_amount_check;');
		expect(fk!.action).toContain('SELECT c.client_id FROM g.accounts c WHERE c.client_id IS NOT NULL AND NOT EXISTS (SELECT FROM g.clients p WHERE p.id = c.client_id);');
	});

	describe.skipIf(!serverUrl())('on PostgreSQL', () => {
		it('err: the fixes validate every constraint', async () => {
			const pending = await fixOnDatabase(SQL, rule, async (query) =>
				(await query(`SELECT conname FROM pg_constraint WHERE NOT convalidated AND connamespace = 'g'::regnamespace`)).map((row) => row.conname),
			);
			expect(pending).toEqual([]);
		});
	});
});
