/**
 * export: derive the design, render every artifact, validate them on PostgreSQL, then write the
 * folder. Nothing is written when validation fails.
 */
import {deriveDesign} from '../engine/derive.js';
import type {Design} from '../model/design.js';
import type {Session} from '../model/session.js';
import type {ValidationReport} from '../model/validation.js';
import {renderArtifacts, type Artifacts} from '../../templates/index.js';
import type {DatabaseProvider} from '../db/database.js';
import {validate, type ValidationProgress} from '../db/validate.js';
import type {Resolvers} from '../engine/diff.js';
import {fixedResolvers, nextMigrations, readHistory} from './history.js';
import {readManifest, writeArtifactFolder} from './write-folder.js';
import {renderAlembicRevisions} from '../../templates/alembic.js';

export interface ExportOptions {
	readonly out: string;
	readonly force?: boolean;
	/** The database to validate on; undefined skips validation (--no-validate). */
	readonly provider?: DatabaseProvider;
	readonly sampleRows?: number;
	readonly onProgress?: (progress: ValidationProgress) => void;
	/** Answers for a changed design (renames, backfills, drops); without them, none is assumed. */
	readonly resolvers?: Resolvers;
	/** Also write alembic/versions/ (kept on once a folder has them). */
	readonly alembic?: boolean;
}

export interface ExportResult {
	readonly design: Design;
	readonly files: Artifacts;
	readonly report?: ValidationReport;
}

/** Exports a session to an artifact folder. */
export async function exportSession(session: Session, options: ExportOptions): Promise<ExportResult> {
	const {design, migrations} = nextMigrations(await readHistory(options.out), deriveDesign(session), options.resolvers ?? fixedResolvers({}));
	const alembic = options.alembic || Object.keys((await readManifest(options.out))?.files ?? {}).some((file) => file.startsWith('alembic/'));
	const withAlembic = (files: Artifacts): Artifacts => (alembic ? new Map([...files, ...renderAlembicRevisions(migrations).map((file) => [file.path, file.text] as const)]) : files);
	const draft = withAlembic(renderArtifacts(session, design, undefined, migrations));
	if (!options.provider) {
		await writeArtifactFolder(options.out, draft, {force: options.force, design});
		return {design, files: draft};
	}
	const report = await validate(design, draft, {
		provider: options.provider,
		...(options.sampleRows !== undefined ? {sampleRows: options.sampleRows} : {}),
		...(options.onProgress ? {onProgress: options.onProgress} : {}),
	});
	const files = withAlembic(renderArtifacts(session, design, report, migrations));
	await writeArtifactFolder(options.out, files, {force: options.force, design});
	return {design, files, report};
}
