import {describe, expect, it} from 'vitest';
import type {SessionInput} from '../../../../source/model/session.js';
import {rule} from '../../../../source/engine/lint/rules/natural-key-unique.js';
import {serverUrl} from '../../../helpers/pg.js';
import {applyFixes, derive, indexNames, run, shopSession, todoSession} from '../fixtures.js';

const session = (isUnique: boolean): SessionInput => ({
	version: 1,
	project: {name: 'projects'},
	entities: [
		{name: 'users', fields: [{name: 'email', type: 'email', unique: isUnique}, {name: 'postal_code', type: 'text'}]},
		{name: 'projects', softDelete: true, fields: [{name: 'code', type: 'text', unique: isUnique}]},
	],
	relationships: [{kind: 'one-to-many', parent: 'users', child: 'projects', onDelete: 'cascade'}],
	isolation: {mode: 'user', enforcement: 'application', shared: [], onOwnerDelete: 'cascade'},
});
const bad = derive(session(false));

describe('natural-key-unique', () => {
	it('ok: unique natural keys, also per owner and among live rows', () => {
		expect(run(rule, derive(session(true)))).toEqual([]);
		expect(run(rule, derive(todoSession()))).toEqual([]);
		expect(run(rule, derive(shopSession()))).toEqual([]);
	});

	it('err: an e-mail and a per-owner code that nothing keeps unique', () => {
		const violations = run(rule, bad);
		expect(violations.map((violation) => violation.target)).toEqual(['users.email', 'projects.code']);
		expect(violations.map((violation) => violation.fixSql)).toEqual([
			'CREATE UNIQUE INDEX CONCURRENTLY users_lower_email_key ON users (lower(email));',
			'CREATE UNIQUE INDEX CONCURRENTLY projects_user_id_code_key ON projects (user_id, code) WHERE deleted_at IS NULL;',
		]);
	});

	describe.skipIf(!serverUrl())('on PostgreSQL', () => {
		it('err: the fixes build the unique indexes', async () => {
			const names = await applyFixes(bad, run(rule, bad), {inspect: async (query) => [...(await indexNames(query, 'users')), ...(await indexNames(query, 'projects'))]});
			expect(names).toEqual(expect.arrayContaining(['users_lower_email_key', 'projects_user_id_code_key']));
		});
	});
});
