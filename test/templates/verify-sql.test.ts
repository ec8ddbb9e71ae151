import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {deriveDesign} from '../../source/engine/derive.js';
import {splitStatements} from '../../source/db/statements.js';
import type {Design} from '../../source/model/design.js';
import {renderIndexesSql, renderSchemaSql} from '../../templates/schema-sql.js';
import {renderSeedSql} from '../../templates/seed-sql.js';
import {formatType, renderVerifySql} from '../../templates/verify-sql.js';
import {createThrowawayDatabase, serverUrl, type ThrowawayDatabase} from '../helpers/pg.js';
import {example} from '../helpers/sessions.js';

/** Runs verify.sql statement by statement; the error message of the first failing one, or 'passed'. */
async function verify(database: ThrowawayDatabase, design: Design): Promise<string> {
	for (const statement of await splitStatements(renderVerifySql(design), 'verify.sql')) {
		try {
			await database.client.query(statement.text);
		} catch (error) {
			return (error as Error).message;
		}
	}
	return 'passed';
}

describe('formatType', () => {
	it('spells types the way format_type() does', () => {
		expect(formatType({name: 'timestamptz'})).toBe('timestamp with time zone');
		expect(formatType({name: 'varchar', length: 20})).toBe('character varying(20)');
		expect(formatType({name: 'numeric', precision: 12, scale: 2, isArray: true})).toBe('numeric(12,2)[]');
	});
});

for (const name of ['todo', 'saas'] as const) {
	describe.skipIf(!serverUrl())(`verify.sql of the ${name} example`, () => {
		const design = deriveDesign(example(name));
		let database: ThrowawayDatabase;
		beforeEach(async () => {
			database = await createThrowawayDatabase(serverUrl()!);
			await database.client.query(`${renderSchemaSql(design)}\n${renderIndexesSql(design)}\n${renderSeedSql(design)}`);
		});
		afterEach(async () => {
			await database.drop();
		});

		it('passes on the seeded design and leaves the data as it was', async () => {
			const before = await database.client.query(`SELECT count(*) FROM ${design.tables.at(-1)!.name}`);
			expect(await verify(database, design)).toBe('passed');
			const after = await database.client.query(`SELECT count(*) FROM ${design.tables.at(-1)!.name}`);
			expect(after.rows).toEqual(before.rows);
		});

		it('fails when a CHECK constraint is missing', async () => {
			const table = design.tables.find((candidate) => candidate.checks.length > 0)!;
			await database.client.query(`ALTER TABLE ${table.name} DROP CONSTRAINT ${table.checks[0]!.name}`);
			expect(await verify(database, design)).toMatch(new RegExp(`constraints of ${table.name} differ from the design`));
		});

		it('fails when a row is missing', async () => {
			const table = design.tables.at(-1)!;
			await database.client.query(`SET session_replication_role = replica; DELETE FROM ${table.name} WHERE ctid = (SELECT ctid FROM ${table.name} LIMIT 1); RESET session_replication_role`);
			expect(await verify(database, design)).toMatch(new RegExp(`${table.name} holds \\d+ rows; seed.sql inserts`));
		});

		it('fails when isolation is broken: a composite foreign key replaced by a plain one', async () => {
			const child = design.tables.find((table) => table.foreignKeys.some((fk) => fk.columns.length === 2))!;
			const fk = child.foreignKeys.find((candidate) => candidate.columns.length === 2)!;
			const column = fk.columns[1]!;
			// Keep the catalog as designed (same name, same action) so only the behaviour check can notice.
			await database.client.query(
				`ALTER TABLE ${child.name} DROP CONSTRAINT ${fk.name}, ADD CONSTRAINT ${fk.name} FOREIGN KEY (${column}) REFERENCES ${fk.refTable} (id) ON DELETE ${fk.onDelete === 'set-null' ? 'SET NULL' : fk.onDelete.toUpperCase()}`,
			);
			expect(await verify(database, design)).toMatch(/isolation broken/);
		});
	});
}

describe.skipIf(!serverUrl())('verify.sql under Row-Level Security', () => {
	it('fails when a policy lets every row through', async () => {
		const design = deriveDesign(example('saas'));
		const database = await createThrowawayDatabase(serverUrl()!);
		try {
			await database.client.query(`${renderSchemaSql(design)}\n${renderIndexesSql(design)}\n${renderSeedSql(design)}`);
			const policy = design.policies.find((candidate) => candidate.table === 'projects')!;
			await database.client.query(`DROP POLICY ${policy.name} ON projects; CREATE POLICY ${policy.name} ON projects USING (true) WITH CHECK (true)`);
			expect(await verify(database, design)).toMatch(/Row-Level Security on projects shows \d+ rows of other owners/);
		} finally {
			await database.drop();
		}
	});
});
