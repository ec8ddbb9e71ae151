/**
 * The wizard's write: the folder's history decides the migrations (0001 the first time, a new one
 * for what changed since), the questions a new migration needs are asked, the history is validated
 * again when it grew, and the folder is written with the design kept in its manifest.
 */
import type {Design} from '../model/design.js';
import type {Session} from '../model/session.js';
import type {ValidationReport} from '../model/validation.js';
import type {ValidationProgress} from '../db/validate.js';
import {askingResolvers, type MigrationAnswers, type MigrationQuestion} from '../engine/migration-questions.js';
import {renderArtifacts} from '../../templates/index.js';
import {nextMigrations, readHistory} from './history.js';
import {writeArtifactFolder} from './write-folder.js';

export interface WriteRequest {
	readonly out: string;
	readonly session: Session;
	readonly design: Design;
	readonly report?: ValidationReport;
	readonly force: boolean;
	/** Answers given so far; kept by the caller, so a retry (say, with force) does not ask again. */
	readonly answers: MigrationAnswers;
	/** Asks one question; resolves with the answer (true/false, or the typed value of a backfill). */
	ask(question: MigrationQuestion): Promise<boolean | string>;
	readonly onProgress?: (progress: ValidationProgress) => void;
}

export interface Written {
	readonly files: ReadonlyMap<string, string>;
	/** The design as written: columns in the order the migrations leave them. */
	readonly design: Design;
	/** The migration this write added, if any. */
	readonly migration?: string;
}

type Validator = (design: Design, files: ReadonlyMap<string, string>, onProgress?: (progress: ValidationProgress) => void) => Promise<unknown>;

/** Writes the design to its folder, asking what a new migration needs to know. */
export async function writeDesign(request: WriteRequest, validate: Validator): Promise<Written> {
	const history = await readHistory(request.out);
	for (;;) {
		const open: MigrationQuestion[] = [];
		let planned: ReturnType<typeof nextMigrations> | undefined;
		try {
			planned = nextMigrations(history, request.design, askingResolvers(request.answers, open));
		} catch (error) {
			if (open.length === 0) throw error;
		}
		const question = open[0];
		if (question) {
			request.answers.set(question.key, await request.ask(question));
			continue;
		}
		const {migrations, design} = planned!;
		const files = renderArtifacts(request.session, design, request.report, migrations);
		const added = history ? migrations.find((migration) => !history.migrations.has(migration.path) && migration.path.endsWith('.up.sql'))?.path : undefined;
		// The first validation saw 0001 alone: a history that grew is proved again before it is written.
		if (added) await validate(design, files, request.onProgress);
		await writeArtifactFolder(request.out, files, {force: request.force, design});
		return {files, design, ...(added ? {migration: added} : {})};
	}
}
