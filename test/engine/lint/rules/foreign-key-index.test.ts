import {describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/foreign-key-index.js';
import {serverUrl} from '../../../helpers/pg.js';
import {applyFixes, derive, indexNames, run, todoSession} from '../fixtures.js';

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

	describe.skipIf(!serverUrl())('on PostgreSQL', () => {
		it('err: the fix builds the index concurrently', async () => {
			const names = await applyFixes(dropped, run(rule, dropped), {inspect: (query) => indexNames(query, 'task_tags')});
			expect(names).toEqual(['task_tags_pkey', 'task_tags_user_id_tag_id_idx']);
		});
	});
});
