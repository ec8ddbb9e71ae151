/**
 * README.md of the artifact folder: the design at a glance — entities, an ER diagram, every
 * column with the reason for its type, the decisions and their trade-offs, and how to apply it.
 */
import type {Design, Table} from '../source/model/design.js';
import {renderType} from '../source/engine/sql.js';
import {formatCount} from '../source/engine/volume.js';
import {commentText, file, markdownTable} from './lines.js';

/** Renders README.md. */
export function renderReadme(design: Design): string {
	const columnCount = design.tables.reduce((sum, table) => sum + table.columns.length, 0);
	return file([
		`# ${design.project.name}`,
		'',
		...(design.project.description ? [commentText(design.project.description), ''] : []),
		`${design.tables.length} tables, ${columnCount} columns, ${design.indexes.length} secondary indexes, ${design.patterns.length} access patterns. ` +
			`Designed by pg-designer from \`session.json\` and validated on PostgreSQL: the files here were applied, migrated up and down, seeded, verified and EXPLAINed before they were written.`,
		'',
		'## Entities',
		'',
		...markdownTable(
			['table', 'rows expected', 'columns', 'what it holds'],
			design.tables.map((table) => [`\`${table.name}\``, `~${formatCount(table.rows)}`, String(table.columns.length), table.comment]),
		),
		'',
		'```mermaid',
		...erDiagram(design),
		'```',
		'',
		'## Columns and why they have their types',
		'',
		...design.tables.flatMap((table) => tableSection(design, table)),
		'## Decisions and trade-offs',
		'',
		...design.notes.flatMap((note) => [`- **${note.topic}**: ${commentText(note.decision)}. ${commentText(note.tradeoff)}`]),
		'',
		'## Indexes',
		'',
		...(design.indexes.length > 0
			? markdownTable(
					['index', 'on', 'serves', 'why'],
					design.indexes.map((index) => [`\`${index.name}\``, index.table, index.serves.join(', ') || '-', index.rationale]),
				)
			: ['Primary and unique keys serve every access pattern.']),
		...(design.folded.length > 0
			? ['', 'Folded away (another index answers the same queries):', '', ...design.folded.map((entry) => `- ${entry.table} (${entry.keys.map((key) => key.column).join(', ')}): covered by \`${entry.into}\``)]
			: []),
		'',
		'## Apply it',
		'',
		'A fresh database, in one transaction:',
		'',
		'```sh',
		'psql -v ON_ERROR_STOP=1 -1 -f schema.sql -f indexes.sql',
		'psql -v ON_ERROR_STOP=1 -f seed.sql      # sample data (optional)',
		'psql -v ON_ERROR_STOP=1 -f verify.sql    # raises an error if anything is not as designed',
		'```',
		'',
		'Or with migrations (each file is idempotent and sets lock and statement timeouts):',
		'',
		'```sh',
		'for f in migrations/*.up.sql; do psql -v ON_ERROR_STOP=1 -f "$f"; done',
		'```',
		'',
		'The down migrations remove everything the design made, and refuse to drop a table that holds rows',
		'unless run with `PGOPTIONS="-c pg_designer.allow_data_loss=on"`.',
		'',
		...(design.isolation.enforcement === 'rls'
			? [
					`Row-Level Security is on: the application connects as a login role granted \`${design.roles[0]?.name ?? 'the app role'}\`, and starts every transaction with`,
					`\`SELECT set_config('${design.isolation.setting}', $1, true)\`. seed.sql and verify.sql must run as a superuser (or a role with BYPASSRLS).`,
					'',
				]
			: []),
		'## Files',
		'',
		...markdownTable(
			['file', 'what it holds'],
			[
				['schema.sql', 'tables, constraints, comments, functions and triggers' + (design.policies.length > 0 ? ', Row-Level Security' : '')],
				['indexes.sql', 'every index, with the query it serves and why'],
				['models.py', 'SQLModel classes matching schema.sql'],
				['migrations/', 'NNNN_name.up.sql / .down.sql, idempotent'],
				['queries.sql', 'sqlc-annotated queries: CRUD, keyset pagination, batch insert, the access patterns'],
				['plans.md', 'EXPLAIN (ANALYZE, BUFFERS) of the access patterns on sample data'],
				['seed.sql', `sample data, deterministic (seed ${design.sample.seed})`],
				['verify.sql', 'checks that raise an error when the schema, data or isolation are not as designed'],
				['PERFORMANCE.md', 'pool sizing, transactions, monitoring, growth'],
				['session.json', 'the answers that produced this folder: `pg-designer export session.json --out .` again'],
			],
		),
	]);
}

function tableSection(design: Design, table: Table): string[] {
	const pk = new Set(table.primaryKey.columns);
	const fkColumns = new Map(table.foreignKeys.flatMap((fk) => fk.columns.map((column) => [column, fk.refTable] as const)));
	return [
		`### ${table.name}`,
		'',
		`${commentText(table.comment)} ~${formatCount(table.rows)} rows.${table.partitioning ? ` Partitioned: ${commentText(table.partitioning.reason)}.` : ''}${
			table.ownerColumn ? ` Isolated by \`${table.ownerColumn}\`.` : ''
		}${table.softDelete ? ' Soft-deleted through `deleted_at`.' : ''}`,
		'',
		...markdownTable(
			['column', 'type', 'null', 'key', 'why'],
			table.columns.map((column) => [
				`\`${column.name}\``,
				`\`${renderType(column.type)}\``,
				column.nullable ? 'yes' : 'no',
				[pk.has(column.name) ? 'PK' : '', fkColumns.has(column.name) ? `FK ${fkColumns.get(column.name)}` : ''].filter(Boolean).join(', '),
				column.comment && column.comment !== column.reason ? `${column.reason}. ${column.comment}` : column.reason,
			]),
		),
		'',
		...(table.checks.length > 0 ? [`Rules: ${table.checks.map((check) => `\`${check.name}\` (${check.reason})`).join('; ')}.`, ''] : []),
		...(design.policies.some((policy) => policy.table === table.name) ? [`Row-Level Security: ${design.policies.filter((policy) => policy.table === table.name).map((policy) => policy.comment).join(' ')}`, ''] : []),
	];
}

/** A Mermaid erDiagram of the tables and their foreign keys. */
export function erDiagram(design: Design): string[] {
	const word = (text: string) => text.replace(/[^A-Za-z0-9_]+/g, '_').replace(/_+$/, '');
	// Mermaid entity names are words: a schema-qualified or quoted name is spelled with underscores.
	const entity = (name: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : word(name) || 'table');
	const lines = ['erDiagram'];
	for (const table of design.tables) {
		for (const fk of table.foreignKeys) {
			const optional = fk.columns.some((column) => table.columns.find((candidate) => candidate.name === column)?.nullable);
			const parentSide = optional ? '|o' : '||';
			const childSide = fk.cardinality === 'one-to-one' ? 'o|' : 'o{';
			lines.push(`    ${entity(fk.refTable)} ${parentSide}--${childSide} ${entity(table.name)} : "${word(fk.columns[fk.columns.length - 1]!)}"`);
		}
	}
	for (const table of design.tables) {
		lines.push(`    ${entity(table.name)} {`);
		const pk = new Set(table.primaryKey.columns);
		const fks = new Set(table.foreignKeys.flatMap((fk) => fk.columns));
		const uniques = new Set(table.uniques.flatMap((unique) => unique.columns));
		for (const column of table.columns) {
			const keys = [pk.has(column.name) ? 'PK' : '', fks.has(column.name) ? 'FK' : '', uniques.has(column.name) && !pk.has(column.name) ? 'UK' : ''].filter(Boolean);
			lines.push(`        ${word(renderType(column.type).replace('[]', '_array'))} ${word(column.name)}${keys.length > 0 ? ` ${keys.join(', ')}` : ''}`);
		}
		lines.push('    }');
	}
	return lines;
}
