/**
 * tsx bench/profile-generation.ts [TABLES] [RUNS]: derive, lint and each artifact of a synthetic
 * design timed on its own (the parts bench section 2 adds up), the median of RUNS after one
 * warm-up. Run it under `node --cpu-prof --import tsx` for a profile.
 */
import {derivedPart} from '../source/engine/imported.js';
import {deriveDesign} from '../source/engine/derive.js';
import {lintDesign} from '../source/engine/lint/index.js';
import {renderInitialMigration} from '../templates/migrations.js';
import {renderModelsPy} from '../templates/models-py.js';
import {renderPerformance} from '../templates/performance-md.js';
import {renderPlans} from '../templates/plans-md.js';
import {renderQueriesSql} from '../templates/queries-sql.js';
import {renderReadme} from '../templates/readme-md.js';
import {renderIndexesSql, renderSchemaSql} from '../templates/schema-sql.js';
import {renderSeedSql} from '../templates/seed-sql.js';
import {renderSessionJson} from '../templates/session-json.js';
import {renderVerifySql} from '../templates/verify-sql.js';
import {syntheticSession} from './synthetic.js';

const tables = Number(process.argv[2] ?? 500);
const runs = Number(process.argv[3] ?? 3);
const session = syntheticSession(tables);
const times = new Map<string, number[]>();
function timed<T>(name: string, work: () => T): T {
	const started = performance.now();
	const value = work();
	times.set(name, [...(times.get(name) ?? []), performance.now() - started]);
	return value;
}
for (let index = 0; index <= runs; index++) {
	if (index === 1) times.clear();
	const design = timed('derive', () => deriveDesign(session));
	timed('lint', () => lintDesign(design, {suppressions: [], context: {source: 'session'}}));
	const derived = derivedPart(design);
	timed('README.md', () => renderReadme(design));
	timed('schema.sql', () => renderSchemaSql(design));
	timed('indexes.sql', () => renderIndexesSql(design));
	timed('models.py', () => renderModelsPy(design));
	timed('migrations', () => renderInitialMigration(design));
	timed('queries.sql', () => renderQueriesSql(derived));
	timed('plans.md', () => renderPlans(derived));
	timed('seed.sql', () => renderSeedSql(derived));
	timed('verify.sql', () => renderVerifySql(design));
	timed('PERFORMANCE.md', () => renderPerformance(design));
	timed('session.json', () => renderSessionJson(session));
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
let total = 0;
for (const [name, values] of times) {
	total += median(values);
	console.log(`${name.padEnd(16)} ${median(values).toFixed(1).padStart(8)} ms`);
}
console.log(`${'total'.padEnd(16)} ${total.toFixed(1).padStart(8)} ms (${tables} tables, median of ${runs})`);
