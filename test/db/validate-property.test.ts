import fc from 'fast-check';
import {describe, it} from 'vitest';
import {serverProvider} from '../../source/db/pg-server.js';
import {validate} from '../../source/db/validate.js';
import {deriveDesign} from '../../source/engine/derive.js';
import {renderArtifacts} from '../../templates/index.js';
import {arbitrarySession} from '../helpers/arbitrary-session.js';
import {serverUrl, testServer} from '../helpers/pg.js';

describe.skipIf(!serverUrl())('any valid session, fully validated on the server (property)', () => {
	it('exports a folder whose every file applies: migrations, seed, verify, queries and plans', async () => {
		const provider = serverProvider(testServer());
		await fc.assert(
			fc.asyncProperty(arbitrarySession('validated'), async (session) => {
				const design = deriveDesign(session);
				await validate(design, renderArtifacts(session, design), {provider, sampleRows: 2000});
			}),
			{numRuns: 20, seed: Number(process.env.PROPERTY_SEED ?? 20261126)},
		);
	});
});
