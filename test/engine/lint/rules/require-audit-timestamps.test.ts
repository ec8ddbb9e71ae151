import {describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/require-audit-timestamps.js';
import {serverUrl} from '../../../helpers/pg.js';
import {applyFixes, derive, run, todoSession} from '../fixtures.js';

const bad = derive({
	version: 1,
	project: {name: 'notes'},
	entities: [
		{name: 'notes', fields: [{name: 'body', type: 'text'}]},
		{name: 'page_views', appendOnly: true, fields: [{name: 'path', type: 'text'}]},
		{name: 'tags', fields: [{name: 'name', type: 'text'}]},
	],
	relationships: [{kind: 'many-to-many', left: 'notes', right: 'tags'}],
	audit: {timestamps: false},
});

describe('require-audit-timestamps', () => {
	it('ok: entity tables of the todo design have both', () => {
		expect(run(rule, derive(todoSession()))).toEqual([]);
	});

	it('err: no audit columns (append-only tables need created_at only; link tables are not checked)', () => {
		const violations = run(rule, bad);
		expect(violations.map((violation) => violation.target)).toEqual(['notes', 'page_views', 'tags']);
		expect(violations[1]!.fixSql).toBe('ALTER TABLE page_views ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();');
		expect(violations[0]!.fixSql).toContain('CREATE TRIGGER notes_set_updated_at BEFORE UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION set_updated_at();');
	});

	describe.skipIf(!serverUrl())('on PostgreSQL', () => {
		it('err: the fixes add the columns and the trigger', async () => {
			const rows = await applyFixes(bad, run(rule, bad), {
				prepare: ["INSERT INTO notes (body) VALUES ('first')"],
				inspect: async (query) => {
					await query(`UPDATE notes SET body = 'changed'`);
					return query(`SELECT updated_at > created_at AS "isTouched", (SELECT count(*)::int FROM pg_trigger WHERE NOT tgisinternal) AS triggers FROM notes`);
				},
			});
			// created_at and updated_at were added in one transaction each; the UPDATE runs later.
			expect(rows).toEqual([{isTouched: true, triggers: 2}]);
		});
	});
});
