import {describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/prefer-text-over-char.js';
import {serverUrl} from '../../../helpers/pg.js';
import {designFromSql, runOnDatabase} from '../catalog-fixtures.js';
import {fixOnDatabase} from '../catalog-fixes.js';
import {derive, run, saasSession, shopSession, todoSession} from '../fixtures.js';

const SQL = `
CREATE SCHEMA ch;
CREATE TABLE ch.clients (id int PRIMARY KEY, gender char NOT NULL, country character(2), nickname bpchar(20), safe_word bpchar, flag "char", codes char(3)[]);
CREATE TABLE ch.events (day date NOT NULL, kind char(4)) PARTITION BY RANGE (day);
CREATE TABLE ch.events_2024 PARTITION OF ch.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE ch.keyed (code char(3) NOT NULL, at date NOT NULL) PARTITION BY LIST (code);
INSERT INTO ch.clients VALUES (1, 'f', 'de', 'Ann', 'x', 'a', '{ab,c}');
`;

describe('prefer-text-over-char', () => {
	it('ok: the engine never picks char(n)', () => {
		for (const session of [todoSession(), shopSession(), saasSession()]) expect(run(rule, derive(session))).toEqual([]);
	});

	it('err: char, character(n), bpchar(n) and char(n)[]; not bpchar without a length or "char"; partitions through their parent', async () => {
		const violations = runOnDatabase(rule, await designFromSql(SQL));
		expect(violations.map((violation) => violation.target)).toEqual([
			'ch.clients.gender',
			'ch.clients.country',
			'ch.clients.nickname',
			'ch.clients.codes',
			'ch.events.kind',
			'ch.keyed.code',
		]);
		expect(violations[1]!.fixSql).toBe(
			[
				'ALTER TABLE ch.clients ALTER COLUMN country TYPE text;',
				'ALTER TABLE ch.clients ADD CONSTRAINT clients_country_length_check CHECK (char_length(country) <= 2) NOT VALID;',
				'ALTER TABLE ch.clients VALIDATE CONSTRAINT clients_country_length_check;',
			].join('\n'),
		);
		expect(violations[0]!.message).toContain('char(1)');
		expect(violations[3]!.fixSql).toBe('ALTER TABLE ch.clients ALTER COLUMN codes TYPE text[];');
		// A partition key's type cannot change.
		expect(violations[5]!.fixSql).toBeUndefined();
		expect(violations[5]!.action).toContain('partition key');
	});

	describe.skipIf(!serverUrl())('on PostgreSQL', () => {
		it('err: the fixes make the columns text, keep the limits and drop the padding', async () => {
			const result = await fixOnDatabase(SQL, rule, async (query) => [
				(await query(`SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum) AS types FROM pg_attribute WHERE attrelid = 'ch.clients'::regclass AND attnum > 0`))[0]!.types,
				(await query(`SELECT nickname || '|' AS padded FROM ch.clients`))[0]!.padded,
				await query(`INSERT INTO ch.clients (id, gender, country) VALUES (2, 'm', 'xyz')`).then(
					() => 'accepted',
					(error: Error) => error.message,
				),
				(await query(`SELECT format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = 'ch.events_2024'::regclass AND attname = 'kind'`))[0]!.type,
			]);
			expect(result).toEqual([
				'id integer, gender text, country text, nickname text, safe_word bpchar, flag "char", codes text[]',
				'Ann|',
				'new row for relation "clients" violates check constraint "clients_country_length_check"',
				'text',
			]);
		});
	});
});
