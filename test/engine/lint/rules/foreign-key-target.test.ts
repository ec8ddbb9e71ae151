import {describe, expect, it} from 'vitest';
import type {ForeignKey} from '../../../../source/model/design.js';
import {rule} from '../../../../source/engine/lint/rules/foreign-key-target.js';
import {foreignKeyClause} from '../../../../templates/ddl.js';
import {serverUrl} from '../../../helpers/pg.js';
import {applyFixes, derive, run, todoSession, withTable} from '../fixtures.js';

const design = derive({
	version: 1,
	project: {name: 'league'},
	entities: [
		{name: 'teams', fields: [{name: 'code', type: 'text'}]},
		{name: 'players', fields: [{name: 'team_code', type: 'text'}]},
	],
});
const byCode: ForeignKey = {
	name: 'players_team_code_fkey',
	columns: ['team_code'],
	refTable: 'teams',
	refColumns: ['code'],
	onDelete: 'restrict',
	reason: 'imported',
	cardinality: 'one-to-many',
};
const withForeignKey = (fk: ForeignKey) => withTable(design, 'players', (table) => ({...table, foreignKeys: [fk]}));

describe('foreign-key-target', () => {
	it('ok: derived foreign keys, plain and composite (owner, id), reach a key', () => {
		expect(run(rule, derive(todoSession()))).toEqual([]);
	});

	it('err: a foreign key to a column that is not unique', () => {
		const violations = run(rule, withForeignKey(byCode));
		expect(violations).toHaveLength(1);
		expect(violations[0]!.target).toBe('players_team_code_fkey');
		expect(violations[0]!.message).toContain('teams (code), which is neither its primary key nor unique');
		expect(violations[0]!.fixSql).toBe(
			['CREATE UNIQUE INDEX CONCURRENTLY teams_code_key ON teams (code);', 'ALTER TABLE teams ADD CONSTRAINT teams_code_key UNIQUE USING INDEX teams_code_key;'].join('\n'),
		);
	});

	it('err: a missing table, missing columns, different counts and incomparable types', () => {
		const cases: [Partial<ForeignKey>, string][] = [
			[{refTable: 'squads'}, 'squads, which is not a table of this design'],
			[{refColumns: ['abbreviation']}, 'teams.abbreviation, which teams does not have'],
			[{columns: ['team_ref']}, 'players.team_ref, which players does not have'],
			[{refColumns: ['code', 'id']}, 'has 1 column(s) but references 2'],
			[{refColumns: ['id']}, 'players.team_code is text but teams.id is bigint'],
		];
		for (const [change, message] of cases) {
			const violations = run(rule, withForeignKey({...byCode, ...change}));
			expect(violations.map((violation) => violation.message).join()).toContain(message);
			expect(violations[0]!.fixSql).toBeUndefined();
		}
	});

	describe.skipIf(!serverUrl())('on PostgreSQL', () => {
		it('err: after the fix, PostgreSQL accepts the foreign key', async () => {
			await applyFixes(design, run(rule, withForeignKey(byCode)), {
				inspect: async (query) => {
					await query(`ALTER TABLE players ADD ${foreignKeyClause(byCode)}`);
				},
			});
		});
	});
});
