import {describe, expect, it} from 'vitest';
import {rule} from '../../../../source/engine/lint/rules/require-not-null.js';
import {serverUrl} from '../../../helpers/pg.js';
import {applyFixes, derive, run, todoSession, withColumn} from '../fixtures.js';

const design = derive(todoSession());
const nullable = (column: (typeof design.tables)[number]['columns'][number]) => ({...column, nullable: true});
let bad = withColumn(design, 'users', 'created_at', (column) => {
	const {default: _default, ...rest} = column;
	return {...rest, nullable: true};
});
bad = withColumn(bad, 'tasks', 'user_id', nullable);
bad = withColumn(bad, 'tags', 'name', nullable);

describe('require-not-null', () => {
	it('ok: audit, owner and unique columns of the todo design are NOT NULL', () => {
		expect(run(rule, design)).toEqual([]);
	});

	it('err: nullable audit, owner and unique-key columns', () => {
		const violations = run(rule, bad);
		expect(violations.map((violation) => violation.target)).toEqual(['users.created_at', 'tasks.user_id', 'tags.name']);
		expect(violations[0]!.fixSql!.split('\n')).toEqual(['ALTER TABLE users ALTER COLUMN created_at SET DEFAULT now();', 'ALTER TABLE users ALTER COLUMN created_at SET NOT NULL;']);
		// tasks is large: the CHECK proves NOT NULL so SET NOT NULL skips its scan.
		expect(violations[1]!.fixSql!.split('\n')).toEqual([
			'ALTER TABLE tasks ADD CONSTRAINT tasks_user_id_not_null_check CHECK (user_id IS NOT NULL) NOT VALID;',
			'ALTER TABLE tasks VALIDATE CONSTRAINT tasks_user_id_not_null_check;',
			'ALTER TABLE tasks ALTER COLUMN user_id SET NOT NULL;',
			'ALTER TABLE tasks DROP CONSTRAINT tasks_user_id_not_null_check;',
		]);
		expect(violations[2]!.message).toContain('NULLs never collide');
	});

	describe.skipIf(!serverUrl())('on PostgreSQL', () => {
		it('err: the fixes make the columns NOT NULL', async () => {
			const rows = await applyFixes(bad, run(rule, bad), {
				inspect: (query) =>
					query(
						`SELECT attrelid::regclass::text AS "table", attname AS "column", attnotnull AS "notNull" FROM pg_attribute
						 WHERE (attrelid, attname) IN (('users'::regclass, 'created_at'), ('tasks'::regclass, 'user_id'), ('tags'::regclass, 'name')) ORDER BY 1, 2`,
					),
			});
			expect(rows).toEqual([
				{table: 'tags', column: 'name', notNull: true},
				{table: 'tasks', column: 'user_id', notNull: true},
				{table: 'users', column: 'created_at', notNull: true},
			]);
		});
	});
});
