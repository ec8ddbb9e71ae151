/**
 * The findings pg-index-health's own tests expect, read from ../shared/real-schemas (never copied
 * into the project): the 116 scenarios of its core test suite (scenarios.json, one schema each) and
 * the demo schema's check output on PostgreSQL 15 (actual-pg15.txt). Every expected object becomes
 * a key in one notation, which the harness also computes from pg-designer's findings:
 *
 *   T:table   C:table.column   I:index   K:constraint   S:sequence   F:function(arguments)
 *   O:<object type>:name       G:<key> + <key> (a group, members sorted)
 *
 * Names are the catalog's own (unquoted), without the scenario's schema.
 */
import {readFile} from 'node:fs/promises';
import path from 'node:path';

/** A parsed Java expression of the upstream assertions: a call, a string, a number or a name. */
type Expression = {readonly call: string; readonly args: readonly Expression[]} | {readonly string: string} | {readonly name: string};

/** Parses the argument list of `containsExactly(...)` as upstream wrote it. */
export function parseJava(text: string): Expression[] {
	let position = 0;
	const skip = () => {
		while (position < text.length && /[\s,]/.test(text[position]!)) position++;
	};
	const expression = (): Expression => {
		skip();
		if (text[position] === '"') {
			let value = '';
			position++;
			while (text[position] !== '"') {
				if (text[position] === '\\') position++;
				value += text[position++];
			}
			position++;
			return {string: value};
		}
		const start = position;
		while (position < text.length && /[\w.]/.test(text[position]!)) position++;
		const name = text.slice(start, position);
		if (name === '') throw new Error(`expectations: cannot read ${JSON.stringify(text.slice(position, position + 40))}`);
		skip();
		if (text[position] !== '(') return {name};
		position++;
		const args: Expression[] = [];
		for (skip(); text[position] !== ')'; skip()) args.push(expression());
		position++;
		return {call: name, args};
	};
	const all: Expression[] = [];
	for (skip(); position < text.length; skip()) all.push(expression());
	return all;
}

/** An identifier as the catalog holds it: regclass-style quotes removed. */
export function unquote(name: string): string {
	return /^".*"$/.test(name) ? name.slice(1, -1).replaceAll('""', '"') : name;
}

function strings(args: readonly Expression[]): string[] {
	return args.flatMap((arg) => ('string' in arg ? [arg.string] : []));
}

function calls(args: readonly Expression[]): Extract<Expression, {call: string}>[] {
	return args.flatMap((arg) => ('call' in arg && !arg.call.startsWith('ctx.') ? [arg] : []));
}

/** The key of one expected object. */
export function keyOf(expression: Expression): string {
	if (!('call' in expression)) throw new Error(`expectations: ${JSON.stringify(expression)} is not an object`);
	const [kind = '', factory = ''] = expression.call.split('.');
	const text = strings(expression.args);
	const nested = calls(expression.args);
	switch (kind) {
		case 'Index':
		case 'IndexWithColumns':
		case 'IndexWithBloat':
		case 'UnusedIndex':
			return `I:${unquote(text[1]!)}`;
		case 'Column':
			return `C:${unquote(text[0]!)}.${unquote(text[1]!)}`;
		case 'ColumnWithType':
		case 'ColumnWithSerialType':
			return keyOf(nested.find((call) => call.call.startsWith('Column.'))!);
		case 'ForeignKey':
		case 'Constraint':
			return `K:${unquote(text[1]!)}`;
		case 'DuplicatedIndexes':
		case 'DuplicatedForeignKeys':
			return group(nested.map(keyOf));
		case 'Table':
		case 'TableWithBloat':
		case 'TableWithMissingIndex':
			return `T:${unquote(text[0]!)}`;
		case 'TableWithColumns':
			return factory === 'of' ? keyOf(nested[0]!) : `T:${unquote(text[0]!)}`;
		case 'AnyObject': {
			const type = expression.args.find((arg): arg is {name: string} => 'name' in arg && arg.name.startsWith('PgObjectType.'))!;
			return `O:${type.name.slice('PgObjectType.'.length).toLowerCase().replaceAll('_', ' ')}:${unquote(text[0]!)}`;
		}
		case 'SequenceState':
			return `S:${unquote(text[0]!)}`;
		case 'StoredFunction':
			return `F:${unquote(text[0]!)}(${text[1] ?? ''})`;
		default:
			throw new Error(`expectations: no key for ${expression.call}`);
	}
}

/** The key of a group of objects reported together. */
export function group(keys: readonly string[]): string {
	return `G:${[...keys].sort().join(' + ')}`;
}

/** One upstream assertion: in this schema, this check reports exactly these objects. */
export interface Expectation {
	readonly source: 'core' | 'demo';
	readonly schema: string;
	readonly check: string;
	/** The upstream test method, for reports. */
	readonly test: string;
	/** The objects expected: all of them, or those upstream names when it asserts a larger number. */
	readonly keys: readonly string[];
	readonly count: number;
	/** Objects upstream asserts are not reported. */
	readonly absent: readonly string[];
	/** Tables the upstream test filters out of the check's results (SkipTablesByNamePredicate). */
	readonly skipTables: readonly string[];
}

interface Scenario {
	readonly schema: string;
	readonly tests: readonly {
		readonly test: string;
		readonly method: string;
		readonly diagnostic: string;
		readonly expect: {readonly size_pg15: number; readonly contains: string | null; readonly does_not_contain: string | null; readonly predicate: string | null};
	}[];
}

/** The core suite's expectations: one per test method, in its schema. */
export async function coreExpectations(folder: string): Promise<Expectation[]> {
	const scenarios = JSON.parse(await readFile(path.join(folder, 'pg-index-health', 'core', 'scenarios.json'), 'utf8')) as Scenario[];
	return scenarios.flatMap((scenario) =>
		scenario.tests.map((test) => {
			const count = test.expect.size_pg15;
			const keys = test.expect.contains ? parseJava(test.expect.contains).map(keyOf) : [];
			if (keys.length > count) {
				throw new Error(`expectations: ${scenario.schema} ${test.diagnostic} lists ${keys.length} objects, upstream expects ${test.expect.size_pg15} on PostgreSQL 15`);
			}
			const skipTables = test.expect.predicate ? strings(parseJava(test.expect.predicate).flatMap((call) => ('call' in call ? [call, ...calls(call.args)] : [])).flatMap((call) => call.args)) : [];
			const absent = test.expect.does_not_contain ? parseJava(test.expect.does_not_contain).map(keyOf) : [];
			return {
				source: 'core' as const,
				schema: scenario.schema,
				check: test.diagnostic,
				test: `${test.test.replace(/CheckOnHostTest$|CheckTest$/, '')}.${test.method}`,
				keys,
				count,
				absent,
				skipTables: skipTables.map(unquote),
			};
		}),
	);
}

/** How a row of the demo's check output names its object(s). */
export type DemoRowReader = (fields: readonly string[]) => string;

/** The demo schema's expectations: every check's rows on PostgreSQL 15, from the live database or from dump.sql. */
export async function demoExpectations(folder: string, readers: Readonly<Record<string, DemoRowReader>>, fromDump: boolean): Promise<Expectation[]> {
	const file = path.join(folder, 'pg-index-health', 'demo', fromDump ? 'actual-pg15-from-dump.txt' : 'actual-pg15.txt');
	const text = await readFile(file, 'utf8');
	const expectations: Expectation[] = [];
	for (const block of text.split(/^== /m).slice(1)) {
		const [heading = '', ...rows] = block.trimEnd().split('\n');
		const match = /^(\w+)(?: \(runtime\))?: (\d+)$/.exec(heading);
		if (!match) throw new Error(`expectations: ${file}: cannot read "${heading}"`);
		const [, check = '', count = ''] = match;
		const reader = readers[check];
		if (!reader) continue;
		const keys = rows.map((row) => reader(row.trim().split('|')));
		if (keys.length !== Number(count)) throw new Error(`expectations: ${file}: ${check} says ${count} rows, has ${keys.length}`);
		expectations.push({source: 'demo', schema: 'demo', check, test: 'DatabaseStructureStaticAnalysisTest', keys, count: keys.length, absent: [], skipTables: []});
	}
	return expectations;
}

/** The object's own name in a demo row (`demo.order_item`, `demo."dictionary-to-delete"`), schema removed. */
export function demoName(field: string): string {
	return unquote(field.replace(/^demo\./, ''));
}
