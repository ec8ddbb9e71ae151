import fc from 'fast-check';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {Database} from '../../source/db/database.js';
import {lintMigrationFile} from '../../source/db/migration-statements.js';
import {pgliteProvider} from '../../source/db/pglite.js';
import {snapshot, withoutColumnPositions} from '../../source/db/snapshot.js';
import {splitStatements} from '../../source/db/statements.js';
import {deriveDesign} from '../../source/engine/derive.js';
import {diffDesigns, type Resolvers} from '../../source/engine/diff.js';
import type {Design, SqlType} from '../../source/model/design.js';
import {Session} from '../../source/model/session.js';
import {renderChangeMigration} from '../../templates/migration-change.js';
import {renderInitialMigration, type MigrationFile} from '../../templates/migrations.js';
import {renderIndexesSql, renderSchemaSql} from '../../templates/schema-sql.js';
import {arbitrarySession} from '../helpers/arbitrary-session.js';

/** One edit a user makes between two exports; `rename` is the answer it implies. */
type Edit = (session: Session, pick: number) => {session: unknown; rename?: string} | undefined;

const entityAt = (session: Session, pick: number) => session.entities[pick % session.entities.length]!;
const fieldAt = (session: Session, pick: number) => {
	const entity = entityAt(session, pick);
	return entity.fields.length > 0 ? {entity, field: entity.fields[pick % entity.fields.length]!} : undefined;
};
const edited = (session: Session, change: (copy: Session) => void): Session => {
	const copy = structuredClone(session);
	change(copy);
	return copy;
};

const EDITS: Record<string, Edit> = {
	addOptionalField: (session, pick) => ({session: edited(session, (copy) => entityAt(copy, pick).fields.push({name: 'added_note', type: 'text', required: false, unique: false, array: false}))}),
	addRequiredField: (session, pick) => ({session: edited(session, (copy) => entityAt(copy, pick).fields.push({name: 'added_level', type: 'int', required: true, unique: false, array: false}))}),
	dropField: (session, pick) => {
		const found = fieldAt(session, pick);
		return found && {session: edited(session, (copy) => (entityAt(copy, pick).fields = entityAt(copy, pick).fields.filter((field) => field.name !== found.field.name)))};
	},
	renameField: (session, pick) => {
		const found = fieldAt(session, pick);
		return found && {session: edited(session, (copy) => (entityAt(copy, pick).fields.find((field) => field.name === found.field.name)!.name = `${found.field.name}_v2`)), rename: `${found.entity.name}.${found.field.name}`};
	},
	toggleRequired: (session, pick) => {
		const found = fieldAt(session, pick);
		return found && {session: edited(session, (copy) => {
			const field = entityAt(copy, pick).fields.find((candidate) => candidate.name === found.field.name)!;
			field.required = !field.required;
		})};
	},
	toggleUnique: (session, pick) => {
		const found = fieldAt(session, pick);
		return found && {session: edited(session, (copy) => {
			const field = entityAt(copy, pick).fields.find((candidate) => candidate.name === found.field.name)!;
			field.unique = !field.unique;
		})};
	},
	addEntity: (session) => ({session: edited(session, (copy) => {
		copy.entities.push({name: 'reviews', fields: [{name: 'verdict', type: 'text', required: true, unique: false, array: false}], volume: 'thousands', softDelete: false, appendOnly: false});
		copy.relationships.push({kind: 'one-to-many', parent: copy.entities[0]!.name, child: 'reviews', required: true, onDelete: 'cascade'});
	})}),
	dropEntity: (session, pick) => {
		const entity = entityAt(session, pick);
		return {session: edited(session, (copy) => {
			copy.entities = copy.entities.filter((candidate) => candidate.name !== entity.name);
			copy.relationships = copy.relationships.filter((relationship) => !JSON.stringify(relationship).includes(`"${entity.name}"`));
			copy.accessPatterns = copy.accessPatterns.filter((pattern) => pattern.entity !== entity.name);
		})};
	},
	addIndex: (session, pick) => {
		const found = fieldAt(session, pick);
		return found && {session: edited(session, (copy) => copy.indexes.add.push({entity: found.entity.name, columns: [found.field.name], unique: false, include: [], where: [], method: 'btree', reason: 'a report'}))};
	},
	flipOnDelete: (session, pick) => {
		if (session.relationships.length === 0) return undefined;
		return {session: edited(session, (copy) => {
			const relationship = copy.relationships[pick % copy.relationships.length]!;
			relationship.onDelete = relationship.onDelete === 'restrict' ? 'cascade' : 'restrict';
		})};
	},
};

/** A value every type accepts for rows already there. */
function backfillFor(type: SqlType): string {
	if (type.isArray) return "'{}'";
	const values: Partial<Record<SqlType['name'], string>> = {
		smallint: '1', integer: '1', bigint: '1', numeric: '1', real: '1', 'double precision': '1', boolean: 'true',
		date: "'2024-01-01'", timestamptz: "'2024-01-01T00:00:00Z'", timestamp: "'2024-01-01 00:00'", time: "'00:00'", interval: "'1 day'",
		uuid: "'00000000-0000-0000-0000-000000000001'", jsonb: "'{}'", json: "'{}'", bytea: "'\\x00'", inet: "'127.0.0.1'",
	};
	return values[type.name] ?? "'AB-123'";
}

function resolversFor(rename: string | undefined): Resolvers {
	return {
		isRename: (question) => question.kind === 'column' && rename === `${question.table}.${question.from}` && question.to === `${question.from}_v2`,
		backfill: (_table, column) => backfillFor(column.type),
		confirmDrop: () => true,
	};
}

let db: Database;
beforeAll(async () => {
	db = await pgliteProvider.create();
});
afterAll(async () => {
	await db?.close();
});

async function run(sql: string): Promise<void> {
	for (const statement of await splitStatements(sql, 'migration')) await db.exec(statement.text);
}

describe('a design changed again and again (property)', () => {
	it('lints clean, replays to exactly schema.sql + indexes.sql, each up runs twice, each down walks back one step', async () => {
		const baseline = await snapshot(db);
		const editNames = Object.keys(EDITS);
		await fc.assert(
			fc.asyncProperty(
				arbitrarySession('evolving'),
				fc.array(fc.tuple(fc.constantFrom(...editNames), fc.nat(50)), {minLength: 1, maxLength: 3}),
				async (start, edits) => {
					let session = start;
					let design: Design = deriveDesign(session);
					const history: MigrationFile[] = [...renderInitialMigration(design)];
					for (const [name, pick] of edits) {
						const result = EDITS[name]!(session, pick);
						if (!result) continue;
						const parsed = Session.safeParse(result.session);
						if (!parsed.success) continue;
						let next: Design;
						try {
							next = deriveDesign(parsed.data);
						} catch {
							continue; // an edit the engine rejects (a pattern on a dropped field...) is not a design
						}
						const diff = diffDesigns(design, next, resolversFor(result.rename));
						if (diff.problems.length > 0) continue; // partitioning or identity changes are refused, by design
						if (diff.changes.length > 0) history.push(...renderChangeMigration(history.length / 2 + 1, diff.changes, design, diff.design));
						session = parsed.data;
						design = diff.design;
					}
					for (const file of history) expect(await lintMigrationFile(file.text, file.path), `${file.path} lints clean`).toEqual([]);
					const ups = history.filter((file) => file.path.endsWith('.up.sql'));
					const downs = history.filter((file) => file.path.endsWith('.down.sql')).reverse();
					try {
						const states = [baseline];
						for (const up of ups) {
							await run(up.text);
							const state = await snapshot(db);
							await run(up.text);
							expect(await snapshot(db), `${up.path} run twice`).toEqual(state);
							states.push(state);
						}
						for (const [position, down] of downs.entries()) {
							await run(down.text);
							const expected = states[downs.length - 1 - position]!;
							// A column a down brings back can only be appended: stepping back, positions do not count.
							if (position === downs.length - 1) expect(await snapshot(db), `${down.path} leaves nothing`).toEqual(expected);
							else expect(withoutColumnPositions(await snapshot(db)), `${down.path} walks back`).toEqual(withoutColumnPositions(expected));
						}
						// All ups = schema.sql + indexes.sql, built on the empty database the downs left.
						await db.exec(`BEGIN;\n${renderSchemaSql(design)}\n${renderIndexesSql(design)}`);
						const fromFiles = await snapshot(db);
						await db.exec('ROLLBACK;');
						expect(states.at(-1)).toEqual(fromFiles);
					} catch (error) {
						await db.close();
						db = await pgliteProvider.create();
						throw error;
					}
				},
			),
			{numRuns: 25, seed: Number(process.env.PROPERTY_SEED ?? 20261126)},
		);
	}, 300_000);
});
