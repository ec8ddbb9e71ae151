/**
 * Every file of the artifact folder, rendered from the design (and the session that made it).
 * Pure: the same session gives the same bytes, except plans.md, which holds measured timings.
 */
import {derivedPart} from '../source/engine/imported.js';
import type {Design} from '../source/model/design.js';
import type {Session} from '../source/model/session.js';
import type {ValidationReport} from '../source/model/validation.js';
import {renderInitialMigration, type MigrationFile} from './migrations.js';
import {renderModelsPy} from './models-py.js';
import {renderPerformance} from './performance-md.js';
import {renderPlans} from './plans-md.js';
import {renderQueriesSql} from './queries-sql.js';
import {renderReadme} from './readme-md.js';
import {renderIndexesSql, renderSchemaSql} from './schema-sql.js';
import {renderSeedSql} from './seed-sql.js';
import {renderSessionJson} from './session-json.js';
import {renderVerifySql} from './verify-sql.js';

/** The artifact folder's files, path → text, in the order of DESIGN.md's table. */
export type Artifacts = Map<string, string>;

/**
 * Renders every artifact. plans.md comes from a validation report; without one it says how to
 * measure the plans.
 */
export function renderArtifacts(session: Session, design: Design, report?: ValidationReport, migrations: readonly MigrationFile[] = renderInitialMigration(design)): Artifacts {
	const derived = derivedPart(design);
	return new Map([
		['README.md', renderReadme(design)],
		['schema.sql', renderSchemaSql(design)],
		['indexes.sql', renderIndexesSql(design)],
		['models.py', renderModelsPy(design)],
		...migrations.map((migration) => [migration.path, migration.text] as const),
		['queries.sql', renderQueriesSql(derived)],
		['plans.md', renderPlans(derived, report)],
		['seed.sql', renderSeedSql(derived)],
		['verify.sql', renderVerifySql(design)],
		['PERFORMANCE.md', renderPerformance(design)],
		['session.json', renderSessionJson(session)],
	]);
}
