import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {deriveDesign} from '../../source/engine/derive.js';
import type {Design} from '../../source/model/design.js';
import {renderIndexesSql, renderSchemaSql} from '../../templates/schema-sql.js';
import {arbitrarySession} from '../helpers/arbitrary-session.js';
import {catalogFindings} from '../helpers/catalog-checks.js';
import {createThrowawayDatabase, serverUrl} from '../helpers/pg.js';
import {example} from '../helpers/sessions.js';

async function findings(design: Design): Promise<string[]> {
	const database = await createThrowawayDatabase(serverUrl()!);
	try {
		await database.client.query(`${renderSchemaSql(design)}\n${renderIndexesSql(design)}`);
		return await catalogFindings(database.client);
	} finally {
		await database.drop();
	}
}

describe.skipIf(!serverUrl())('an applied design passes static catalog checks', () => {
	for (const name of ['todo', 'saas', 'shop'] as const) {
		it(`finds nothing in the ${name} example`, async () => {
			expect(await findings(deriveDesign(example(name)))).toEqual([]);
		});
	}

	it('finds nothing in random sessions, beyond what their answers ask for', async () => {
		await fc.assert(
			fc.asyncProperty(arbitrarySession('catalog'), async (session) => {
				const design = deriveDesign(session);
				// A varchar(n) the user stated, and a sort by a nullable or boolean column the user asked for, are deliberate.
				const sortsByBoolean = design.patterns.some((pattern) =>
					pattern.sort.some((key) => design.tables.find((table) => table.name === pattern.table)?.columns.find((column) => column.name === key.column)?.type.name === 'boolean'),
				);
				const deliberate = (finding: string) =>
					(finding.startsWith('legacy column type') && finding.includes('character varying')) || (sortsByBoolean && finding.startsWith('btree index on an array or boolean column'));
				const nullableSort = (finding: string) =>
					finding.startsWith('index whose first column holds NULLs') && design.patterns.some((pattern) => pattern.sort.length > 0 && pattern.equals.length === 0);
				expect((await findings(design)).filter((finding) => !deliberate(finding) && !nullableSort(finding))).toEqual([]);
			}),
			{numRuns: 15, seed: Number(process.env.PROPERTY_SEED ?? 20261126)},
		);
	});
});
