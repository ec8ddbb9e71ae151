/**
 * The imported part of a session (pg-designer import) as Design objects. The session stores them
 * in the Design's own shape; this checks the parts the templates rely on, so a hand-edited session
 * gets a problem with a path instead of a crash in a template.
 */
import type {Design, Index, Policy, Table, Trigger} from '../model/design.js';
import type {Imported} from '../model/session.js';

export interface ImportedDesign {
	readonly tables: readonly Table[];
	readonly indexes: readonly Index[];
	readonly triggers: readonly Trigger[];
	readonly policies: readonly Policy[];
}

const TABLE_ARRAYS = ['columns', 'uniques', 'foreignKeys', 'checks'] as const;

/** Reads the imported objects, reporting what is missing from any of them. */
export function importedDesign(imported: Imported | undefined, problem: (path: string, message: string) => void): ImportedDesign {
	if (!imported) return {tables: [], indexes: [], triggers: [], policies: []};
	const tables = imported.tables.map((raw, position) => {
		const path = `imported.tables[${position}]`;
		for (const key of TABLE_ARRAYS) if (!Array.isArray(raw[key])) problem(`${path}.${key}`, `${raw.name} has no ${key} list.`);
		const primaryKey = raw['primaryKey'] as {columns?: unknown} | undefined;
		if (!Array.isArray(primaryKey?.columns)) problem(`${path}.primaryKey`, `${raw.name} has no primaryKey (use {"name": "", "columns": []} for none).`);
		raw.columns.forEach((column, index) => {
			const type = column['type'] as {name?: unknown} | undefined;
			if (typeof type?.name !== 'string') problem(`${path}.columns[${index}].type`, `${raw.name}.${column.name} has no type.`);
		});
		return {...(raw as unknown as Table), imported: true};
	});
	const names = new Set(tables.map((table) => table.name));
	const onKnownTable = (kind: string) => (raw: {name: string; table: string}, position: number) => {
		if (!names.has(raw.table)) problem(`imported.${kind}[${position}].table`, `${raw.name} is on ${raw.table}, which is not an imported table.`);
	};
	imported.indexes.forEach(onKnownTable('indexes'));
	imported.triggers.forEach(onKnownTable('triggers'));
	imported.policies.forEach(onKnownTable('policies'));
	imported.indexes.forEach((raw, position) => {
		if (!Array.isArray(raw['keys']) || typeof raw['definition'] !== 'string') {
			problem(`imported.indexes[${position}]`, `${raw.name} needs its keys and its definition (the CREATE INDEX statement).`);
		}
	});
	return {
		tables,
		indexes: imported.indexes as unknown as Index[],
		triggers: imported.triggers as unknown as Trigger[],
		policies: imported.policies as unknown as Policy[],
	};
}

/**
 * The part of a design the engine derived: imported tables (and what hangs on them) left out. Seed
 * data, CRUD queries and measured plans are made for these; an imported table's rules are its
 * own, and only its catalog is checked.
 */
export function derivedPart(design: Design): Design {
	if (!design.tables.some((table) => table.imported)) return design;
	const imported = new Set(design.tables.filter((table) => table.imported).map((table) => table.name));
	const derived = <T extends {readonly table: string}>(items: readonly T[]) => items.filter((item) => !imported.has(item.table));
	return {
		...design,
		tables: design.tables.filter((table) => !table.imported),
		indexes: derived(design.indexes),
		triggers: derived(design.triggers),
		policies: derived(design.policies),
	};
}
