import {describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/no-plaintext-password.js';
import {serverUrl} from '../../../helpers/pg.js';
import {applyFixes, derive, run, todoSession} from '../fixtures.js';

const bad = derive({
	version: 1,
	project: {name: 'accounts'},
	entities: [
		{
			name: 'accounts',
			fields: [
				{name: 'login', type: 'text'},
				{name: 'password', type: 'text', check: {minLength: 8, maxLength: 40}},
				{name: 'password_changed_at', type: 'timestamptz', required: false},
				{name: 'recovery_digest', type: 'text', required: false},
			],
		},
	],
});

describe('no-plaintext-password', () => {
	it('ok: the todo design stores a hash', () => {
		expect(run(rule, derive(todoSession()))).toEqual([]);
	});

	it('err: a password column as typed (a change time is not a password)', () => {
		const violations = run(rule, bad);
		expect(violations.map((violation) => violation.target)).toEqual(['accounts.password']);
		expect(violations[0]!.fixSql!.split('\n')).toEqual([
			'CREATE EXTENSION IF NOT EXISTS pgcrypto;',
			'ALTER TABLE accounts DROP CONSTRAINT accounts_password_length_check;',
			'ALTER TABLE accounts RENAME COLUMN password TO password_hash;',
			"UPDATE accounts SET password_hash = crypt(password_hash, gen_salt('bf', 12)) WHERE password_hash IS NOT NULL;",
		]);
	});

	describe.skipIf(!serverUrl())('on PostgreSQL', () => {
		it('err: after the fix only a bcrypt hash is stored, and it verifies', async () => {
			const rows = await applyFixes(bad, run(rule, bad), {
				prepare: ["INSERT INTO accounts (login, password) VALUES ('ada', 'correct horse')"],
				inspect: (query) => query(`SELECT password_hash LIKE '$2a$12$%' AS "isBcrypt", crypt('correct horse', password_hash) = password_hash AS "verifies" FROM accounts`),
			});
			expect(rows).toEqual([{isBcrypt: true, verifies: true}]);
		});
	});
});
