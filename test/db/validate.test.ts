import {describe, expect, it} from 'vitest';
import {deriveDesign} from '../../source/engine/derive.js';
import {pgliteProvider} from '../../source/db/pglite.js';
import {serverProvider} from '../../source/db/pg-server.js';
import {parseQueriesFile, validate, ValidationError} from '../../source/db/validate.js';
import {renderArtifacts} from '../../templates/index.js';
import {example} from '../helpers/sessions.js';
import {serverUrl, testServer} from '../helpers/pg.js';
import {rejection} from '../helpers/rejection.js';

const STEPS = [
	'Start database',
	'Lint migrations',
	'Migrations up, again, down, up',
	'Apply schema.sql, indexes.sql',
	'Prepare queries.sql',
	'Seed',
	'Verify',
	'Load sample data',
	'EXPLAIN access patterns',
];

describe.skipIf(!serverUrl())('validation on the PostgreSQL server', () => {
	for (const name of ['todo', 'saas', 'shop'] as const) {
		it(`proves every artifact of the ${name} example, and every access pattern uses its planned index`, async () => {
			const session = example(name);
			const design = deriveDesign(session);
			const report = await validate(design, renderArtifacts(session, design), {provider: serverProvider(testServer())});
			expect(report.engine).toMatch(/^PostgreSQL 1\d/);
			expect(report.steps.map((step) => step.name)).toEqual(STEPS);
			expect(report.verifyChecks).toBeGreaterThanOrEqual(design.tables.length);
			expect(report.plans.map((plan) => [plan.pattern, plan.verdict])).toEqual(design.patterns.map((pattern) => [pattern.name, 'planned-index']));
			expect(report.warnings).toEqual([]);
			const largest = Math.max(...Object.values(report.rowCounts));
			expect(largest).toBeGreaterThan(20_000);
		});
	}

	it('stops at the first failing step with the file and line', async () => {
		const session = example('todo');
		const design = deriveDesign(session);
		const files = renderArtifacts(session, design);
		const broken = new Map(files);
		broken.set('seed.sql', `${files.get('seed.sql')!}\nINSERT INTO tasks (title) VALUES ('orphan');\n`);
		const error = await rejection(validate(design, broken, {provider: serverProvider(testServer())}));
		expect(error).toBeInstanceOf(ValidationError);
		expect((error as ValidationError).step).toBe('Seed');
		expect((error as ValidationError).file).toBe('seed.sql');
		expect((error as ValidationError).line).toBe(files.get('seed.sql')!.split('\n').length + 1);
		expect((error as Error).message).toMatch(/null value in column "user_id"/);
	});

	it('refuses migrations that are not idempotent', async () => {
		const session = example('todo');
		const design = deriveDesign(session);
		const files = new Map(renderArtifacts(session, design));
		files.set('migrations/0001_init.up.sql', files.get('migrations/0001_init.up.sql')!.replace('CREATE TABLE IF NOT EXISTS tags', 'CREATE TABLE tags'));
		await expect(validate(design, files, {provider: serverProvider(testServer())})).rejects.toThrow(/Migrations up, again, down, up.*relation "tags" already exists/s);
	});
});

describe('validation on the embedded PostgreSQL', () => {
	it('proves the todo example on PGlite', async () => {
		const session = example('todo');
		const design = deriveDesign(session);
		const report = await validate(design, renderArtifacts(session, design), {provider: pgliteProvider, sampleRows: 20_000});
		expect(report.engine).toMatch(/^PGlite \(PostgreSQL 18/);
		expect(report.steps.map((step) => step.name)).toEqual(STEPS);
		expect(report.plans.map((plan) => [plan.pattern, plan.verdict])).toEqual(design.patterns.map((pattern) => [pattern.name, 'planned-index']));
	});
});

describe('parseQueriesFile', () => {
	it('splits queries.sql at its annotations and keeps their line numbers', () => {
		expect(parseQueriesFile(['-- header', '', '-- name: GetA :one', '-- a comment', 'SELECT 1', 'FROM a;', '', '-- name: ListB :many', 'SELECT 2;'].join('\n'))).toEqual([
			{name: 'GetA', sql: 'SELECT 1\nFROM a', line: 3},
			{name: 'ListB', sql: 'SELECT 2', line: 8},
		]);
	});
});
