import {execFile} from 'node:child_process';
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {expect} from 'vitest';
import {deriveDesign} from '../../source/engine/derive.js';
import type {Session, SessionInput} from '../../source/model/session.js';
import {renderArtifacts} from '../../templates/index.js';
import {buildQueries} from '../../templates/queries-sql.js';
import {createThrowawayDatabase} from './pg.js';

/**
 * Hostile strings: what people type by accident or on purpose into a text field, to end a string
 * or a comment early, smuggle in a statement, or pass for something else. Each either is refused at
 * entry or must come out of every artifact meaning exactly what was typed.
 */
export const HOSTILE_STRINGS: readonly string[] = [
	'',
	' ',
	"it's",
	"'; DROP TABLE users; --",
	'"; DROP TABLE users; --',
	"'' OR 1=1",
	'$$',
	'$body$ end $body$',
	'$1',
	':name',
	'%s %I %L',
	'\\',
	'back\\slash\\',
	"E'\\x41'",
	'a\u0000b',
	'line one\nDROP TABLE users;',
	'carriage\rreturn',
	'*/ DROP TABLE users; /*',
	'-- comment',
	'/* open comment',
	'\u2028line\u2029separators\u0085',
	'tab\there',
	'\u202Eevil\u202C right-to-left',
	'\u200Bzero\u200Dwidth\uFEFF',
	'раssword',
	'ｆｕｌｌ ｗｉｄｔｈ',
	'😀 naïve — ✓',
	'\uD800',
	'x'.repeat(64),
	'é'.repeat(40),
	'select',
	'user',
	'NULL',
	'null',
	'true',
	'\\N',
	'"quoted"',
	'{"json": [1, 2]}',
	'<script>alert(1)</script>',
	'${process.env.HOME}',
	'`rm -rf /`',
	'%00',
	'\u001b[2J\u001b[31mred',
];

/** Numbers typed into number fields: huge, negative, fractional, not numbers at all. */
export const HOSTILE_NUMBERS: readonly string[] = [
	'',
	'-1',
	'0',
	'-0',
	'1e400',
	'-1e400',
	'99999999999999999999',
	'9007199254740993',
	'1.5',
	'NaN',
	'Infinity',
	'0x10',
	'1_000',
	'１２',
	' 7 ',
	'7; DROP TABLE users',
	'1e-400',
	'2147483648',
];

/**
 * A session that puts each string in every free-text position a session has: field i of notes
 * holds string i as its description, its default and one of its two allowed values; access
 * pattern i filters on it (a partial index and a literal in queries.sql) and is described by it;
 * the table, the project and two hand-added indexes are described with them too.
 */
export function hostileSession(strings: readonly string[], project = 'hostile'): SessionInput {
	const fields = strings.map((text, index) => ({
		name: `f${index}`,
		type: 'text' as const,
		description: text,
		default: text,
		check: {oneOf: [text, 'other']},
	}));
	return {
		version: 1,
		project: {name: project, description: joinedWithin(strings, 1000)},
		entities: [{name: 'notes', description: joinedWithin(strings, 500), fields: [...fields, {name: 'owner', type: 'text', required: false}]}],
		accessPatterns: strings.map((text, index) => ({
			name: `ListByF${index}`,
			entity: 'notes',
			kind: 'list' as const,
			conditions: [{column: `f${index}`, equals: text}],
			sort: [{column: 'id', direction: 'asc' as const}],
			limit: 20,
			description: text,
		})),
		indexes: {add: strings.slice(0, 2).map((text, index) => ({entity: 'notes', columns: [index === 0 ? 'owner' : 'f0'], reason: text || 'empty'}))},
	};
}

/** As many of the strings as fit in max characters, joined with " | ". */
export function joinedWithin(strings: readonly string[], max: number): string {
	let joined = '';
	for (const text of strings) {
		const next = joined ? `${joined} | ${text}` : text;
		if (next.length > max) break;
		joined = next;
	}
	return joined;
}

const run = promisify(execFile);

async function psql(url: string, file: string, env: Record<string, string> = {}): Promise<void> {
	await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', file], {env: {...process.env, ...env}, maxBuffer: 64 * 1024 * 1024}).catch((error: {stderr?: string; message: string}) => {
		throw new Error(`psql -f ${path.basename(path.dirname(file)) === 'migrations' ? 'migrations/' : ''}${path.basename(file)}: ${error.stderr || error.message}`);
	});
}

/**
 * Writes the artifacts of a hostile session and applies them as the checker does, with psql on a
 * throwaway database: schema.sql and indexes.sql, seed.sql, verify.sql, every query PREPAREd; then
 * the down migration (allowed to drop), the up twice, the seed again and verify again; models.py
 * parsed by Python. Then it proves each string means what was typed: the comment of field i is
 * string i, a row inserted with defaults holds every string exactly, field i takes string i and
 * 'other' and nothing else (not even string i with one more character), and the query and the
 * partial index of access pattern i find exactly the rows whose field i is string i.
 */
export async function proveHostileArtifacts(session: Session, strings: readonly string[], serverUrl: string): Promise<void> {
	const design = deriveDesign(session);
	const artifacts = renderArtifacts(session, design);
	const folder = await mkdtemp(path.join(tmpdir(), 'pgd-hostile-'));
	const database = await createThrowawayDatabase(serverUrl);
	try {
		for (const [file, text] of artifacts) {
			await mkdir(path.dirname(path.join(folder, file)), {recursive: true});
			await writeFile(path.join(folder, file), text);
		}
		const file = (name: string) => path.join(folder, name);
		await psql(database.url, file('schema.sql'));
		await psql(database.url, file('indexes.sql'));
		await psql(database.url, file('seed.sql'));
		await psql(database.url, file('verify.sql'));
		const {client} = database;
		for (const [position, query] of buildQueries(design).entries()) {
			await client.query(`PREPARE hostile_${position} AS ${query.sql}`);
			await client.query(`DEALLOCATE hostile_${position}`);
		}
		await psql(database.url, file('migrations/0001_init.down.sql'), {PGOPTIONS: '-c pg_designer.allow_data_loss=on'});
		await psql(database.url, file('migrations/0001_init.up.sql'));
		await psql(database.url, file('migrations/0001_init.up.sql'));
		await psql(database.url, file('seed.sql'));
		await psql(database.url, file('verify.sql'));
		await run('python3', ['-c', 'import ast, sys; ast.parse(open(sys.argv[1], encoding="utf-8").read())', file('models.py')]);

		const comments = await client.query<{name: string; comment: string | null}>(
			`SELECT attname AS name, col_description(attrelid, attnum) AS comment FROM pg_attribute WHERE attrelid = 'notes'::regclass AND attname ~ '^f[0-9]+$'`,
		);
		const commentOf = new Map(comments.rows.map((row) => [row.name, row.comment]));
		const {rows: tableComment} = await client.query<{comment: string | null}>(`SELECT obj_description('notes'::regclass, 'pg_class') AS comment`);
		expect(tableComment[0]!.comment ?? '').toBe(session.entities[0]!.description ?? '');
		const {rows: inserted} = await client.query<Record<string, string>>('INSERT INTO notes DEFAULT VALUES RETURNING *');
		const row = inserted[0]!;
		const queries = buildQueries(design);
		for (const [index, text] of strings.entries()) {
			const column = `f${index}`;
			// An empty description is no description: the comment then says why the column has its type.
			if (text === '') expect(commentOf.get(column), `the comment of ${column}`).toMatch(/^text: /);
			else expect(commentOf.get(column), `the comment of ${column}`).toBe(text);
			expect(row[column], `the default of ${column}`).toBe(text);
			for (const [value, allowed] of [[text, true], ['other', true], [`${text}x`, false], [`x${text}`, false]] as const) {
				await client.query('BEGIN');
				const outcome = await client.query(`INSERT INTO notes (${column}) VALUES ($1)`, [value]).then(
					() => 'taken',
					(error: {code?: string}) => error.code,
				);
				await client.query('ROLLBACK');
				expect(outcome, `${column} given ${JSON.stringify(value)}`).toBe(allowed ? 'taken' : '23514');
			}
			const query = queries.find((candidate) => candidate.pattern === `ListByF${index}`);
			expect(query, `the query of ListByF${index}`).toBeDefined();
			const found = await client.query<{id: string}>(query!.sql, query!.params.map(() => 1000));
			const expected = await client.query<{id: string}>(`SELECT id FROM notes WHERE ${column} = $1 ORDER BY id LIMIT 1000`, [text]);
			expect(found.rows.map((found) => found.id)).toEqual(expected.rows.map((expected) => expected.id));
			expect(found.rows.map((found) => found.id)).toContain(row.id);
		}
		// Every partial index on a field finds exactly the rows whose field holds its string.
		const {rows: predicates} = await client.query<{name: string; predicate: string}>(
			`SELECT indexrelid::regclass::text AS name, pg_get_expr(indpred, indrelid) AS predicate FROM pg_index WHERE indrelid = 'notes'::regclass AND indpred IS NOT NULL`,
		);
		expect(predicates.length).toBeGreaterThan(0);
		for (const {name, predicate} of predicates) {
			const column = /\b(f\d+)\b/.exec(predicate)?.[1];
			expect(column, `${name}: ${predicate}`).toBeDefined();
			const text = strings[Number(column!.slice(1))]!;
			const {rows} = await client.query<{matching: string; typed: string}>(
				`SELECT count(*) FILTER (WHERE ${predicate}) AS matching, count(*) FILTER (WHERE ${column} = $1) AS typed FROM notes`,
				[text],
			);
			expect(rows[0]!.matching, `${name}: ${predicate}`).toBe(rows[0]!.typed);
		}
	} finally {
		await database.drop();
		await rm(folder, {recursive: true, force: true});
	}
}
