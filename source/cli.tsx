#!/usr/bin/env node
/**
 * The entry point: parses arguments, routes to a headless command, and is the only place that
 * sets exit codes (0 done, 1 user error, 2 bug).
 */
import {parseArgs} from 'node:util';
import packageJson from '../package.json' with {type: 'json'};
import type {Output} from './commands/headless.js';
import type {CliOptions} from './cli-options.js';
import {UserError} from './engine/errors.js';

const HELP = `pg-designer ${packageJson.version}: designs PostgreSQL schemas the way an expert does, and proves them on PostgreSQL.

Usage:
  pg-designer                                 the wizard: five phases, from requirements to a written folder
  pg-designer resume [NAME | FILE | DIR]      continue a saved design (the list, or one directly)
  pg-designer export SESSION.json --out DIR   derive, render, validate and write the artifact folder;
                                              exported again, it adds a migration for what changed
  pg-designer check DIR                       re-run the validation on an artifact folder
  pg-designer lint SESSION.json | FILE.sql    review a design, or the schema a .sql file builds
  pg-designer lint MIGRATION.sql              the migration rules (locks, NOT VALID, CONCURRENTLY, ...) on
                                              NNNN_name.up.sql or any file in migrations/ (or --migration)
  pg-designer lint --database-url URL         review a live database (read-only): also unused and
                                              invalid indexes, sequential scans, FK type mismatches
  pg-designer analyze --database-url URL      propose indexes for the expensive queries (pg_stat_statements,
                                              or --queries FILE), cost before and after; --out FILE writes
                                              them as a migration
  pg-designer import FILE.sql --out S.json    an existing schema (pg_dump -s or hand-written) as a session
  pg-designer import --database-url URL --out S.json
                                              the same from a live database (through pg_dump -s)
  pg-designer schema                          print the JSON Schema of session files

Options:
  --plain              wizard: ask line by line (screen readers, simple terminals)
  --session-dir DIR    wizard: where sessions are saved (default .pg-designer)
  --out DIR            export: the folder to write (created if missing); analyze: the migration file;
                       import: the session file to write
  --queries FILE       analyze: the workload, one statement per query ($1 parameters allowed)
  --force              export: overwrite files edited since the last export; import: replace --out
  --rename A=B         export: a table (old=new) or column (table.old=table.new) was renamed, not
                       dropped and added; repeat for more
  --backfill T.C=V     export: the value existing rows get in a new NOT NULL column T.C
  --allow-drop T|T.C   export: confirm dropping table T or column T.C and the data it holds
  --alembic            export: also an Alembic revision per migration (alembic/versions/), chained
                       by down_revision; kept on for the folder once written
  --no-validate        export: skip the database (plans.md then says how to measure)
  --sample-rows N      export, check: rows on the largest table when measuring plans (default 50000)
  --database-url URL   export, check: validate on this PostgreSQL server (a throwaway database is
                       created and dropped) instead of the embedded one; PGHOST/PGUSER/... work too
  --json               lint: findings as JSON
  --fail-on LEVEL      lint: exit 1 when a finding at or above error|warning|info is present (default error; none never)
  -h, --help           this help
  -v, --version        the version

Validation runs on the embedded PostgreSQL (PGlite); nothing needs installing.
Exit codes: 0 done, 1 a problem to fix (the message says what), 2 a bug in pg-designer.`;



async function parse(argv: string[]): Promise<{options: CliOptions; positionals: string[]}> {
	const {values, positionals} = parseArgs({
		args: argv,
		allowPositionals: true,
		strict: true,
		options: {
			out: {type: 'string', short: 'o'},
			force: {type: 'boolean'},
			'no-validate': {type: 'boolean'},
			'sample-rows': {type: 'string'},
			json: {type: 'boolean'},
			'fail-on': {type: 'string'},
			plain: {type: 'boolean'},
			'database-url': {type: 'string'},
			queries: {type: 'string'},
			migration: {type: 'boolean'},
			alembic: {type: 'boolean'},
			rename: {type: 'string', multiple: true},
			backfill: {type: 'string', multiple: true},
			'allow-drop': {type: 'string', multiple: true},
			'session-dir': {type: 'string'},
			help: {type: 'boolean', short: 'h'},
			version: {type: 'boolean', short: 'v'},
		},
	});
	// The values' rules load only when a value was given: the bare wizard starts without the schema library.
	if (Object.keys(values).length === 0) return {options: {}, positionals};
	const {Options} = await import('./cli-options.js');
	const options = Options.safeParse(values);
	if (!options.success) throw new UserError(options.error.issues.map((issue) => `--${String(issue.path[0])}: ${issue.message}`).join('\n'), {hint: 'pg-designer --help lists the options.'});
	return {options: options.data, positionals};
}

const output: Output = {
	out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
	progress: (text) => process.stderr.write(`${text}\n`),
};

async function main(argv: string[]): Promise<number> {
	const {options, positionals} = await parse(argv);
	const [command, ...rest] = positionals;
	if (options.version) {
		output.out(packageJson.version);
		return 0;
	}
	if (options.help || command === 'help') {
		output.out(HELP);
		return 0;
	}
	if (command === undefined || command === 'resume') {
		if (rest.length > 1) throw new UserError('resume takes one session: a project name, a file or an exported folder', {hint: 'pg-designer resume todo-app'});
		const {runWizard} = await import('./commands/wizard.js');
		return runWizard(output, {
			sessionDir: options['session-dir'] ?? '.pg-designer',
			plain: options.plain ?? false,
			...(command === 'resume' ? {resume: rest[0] ?? true} : {}),
			invocation: process.env.npm_command === 'exec' ? 'npx pg-designer' : 'pg-designer',
			version: packageJson.version,
		});
	}
	const {runCheck, runExport, runLint, runSchema} = await import('./commands/headless.js');
	const one = (what: string) => {
		if (rest.length !== 1) throw new UserError(`${command} takes one ${what}`, {hint: `pg-designer ${command} ${what}`});
		return rest[0]!;
	};
	switch (command) {
		case 'export': {
			const session = one('SESSION.json');
			if (!options.out) throw new UserError('export needs --out DIR: the folder to write', {hint: `pg-designer export ${session} --out db/`});
			return runExport(output, {
				session,
				out: options.out,
				force: options.force ?? false,
				validate: !options['no-validate'],
				sampleRows: options['sample-rows'],
				databaseUrl: options['database-url'],
				answers: {renames: options.rename ?? [], backfills: options.backfill ?? [], allowDrops: options['allow-drop'] ?? []},
				alembic: options.alembic ?? false,
			});
		}
		case 'check':
			return runCheck(output, {folder: one('DIR'), sampleRows: options['sample-rows'], databaseUrl: options['database-url']});
		case 'lint': {
			if (rest.length > 1) throw new UserError('lint takes one SESSION.json or FILE.sql, or --database-url URL alone', {hint: 'pg-designer lint db/session.json'});
			return runLint(output, {
				...(rest[0] ? {file: rest[0]} : {}),
				...(options['database-url'] ? {databaseUrl: options['database-url']} : {}),
				json: options.json ?? false,
				failOn: options['fail-on'] ?? 'error',
				migration: options.migration ?? false,
			});
		}
		case 'schema':
			return runSchema(output);
		case 'import': {
			if (rest.length > 1) throw new UserError('import takes one FILE.sql, or --database-url URL alone', {hint: 'pg-designer import schema.sql --out session.json'});
			if (!options.out) throw new UserError('import needs --out SESSION.json: the session file to write', {hint: `pg-designer import ${rest[0] ?? '--database-url URL'} --out session.json`});
			const {runImport} = await import('./commands/import.js');
			return runImport(output, {
				...(rest[0] ? {file: rest[0]} : {}),
				...(options['database-url'] ? {databaseUrl: options['database-url']} : {}),
				out: options.out,
				force: options.force ?? false,
			});
		}
		case 'analyze': {
			if (rest.length > 0) throw new UserError('analyze takes no file argument: --database-url URL, and --queries FILE for the workload', {hint: 'pg-designer analyze --database-url URL --queries slow.sql --out add-indexes.sql'});
			const {runAnalyze} = await import('./commands/analyze.js');
			return runAnalyze(output, {
				...(options['database-url'] ? {databaseUrl: options['database-url']} : {}),
				...(options.queries ? {queries: options.queries} : {}),
				...(options.out ? {out: options.out} : {}),
				json: options.json ?? false,
			});
		}
		default:
			throw new UserError(`unknown command "${command}"`, {hint: 'pg-designer --help lists the commands.'});
	}
}

main(process.argv.slice(2)).then(
	(code) => {
		process.exitCode = code;
	},
	(error: unknown) => {
		if (error instanceof UserError || (error as {code?: string}).code?.startsWith('ERR_PARSE_ARGS')) {
			process.stderr.write(`pg-designer: ${(error as Error).message}\n`);
			if (error instanceof UserError && error.hint) process.stderr.write(`  ${error.hint}\n`);
			process.exitCode = 1;
			return;
		}
		process.stderr.write(`pg-designer: internal error (a bug; please report it):\n${(error as Error).stack ?? String(error)}\n`);
		process.exitCode = 2;
	},
);
