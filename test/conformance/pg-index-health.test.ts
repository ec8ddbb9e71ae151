/**
 * Lint against a peer's own test suite: pg-index-health's fixtures (its demo schema and the 86
 * schemas of its core check tests) applied to PostgreSQL 15, linted by pg-designer as a live
 * database and as a schema file, and compared with what the peer's tests expect, check by check.
 * docs/conformance.md is rendered from these results (UPDATE_CONFORMANCE=1 rewrites it).
 *
 * Its appendix covers the rules no pg-index-health check corresponds to: they are run on lago and
 * openstreetmap (from dump.sql) and shown with the hand review of own-rules-review.ts, which must
 * exist, for the very counts found, for every such rule that reports something there.
 */
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {readLintSource} from '../../source/commands/lint-sources.js';
import {lintDesign, RULES, type Finding} from '../../source/engine/lint/index.js';
import type {Design} from '../../source/model/design.js';
import {createThrowawayDatabase, serverUrl, type ThrowawayDatabase} from '../helpers/pg.js';
import {psqlFile, realSchemas, REAL_SCHEMAS} from '../helpers/real-schemas.js';
import {coreExpectations, demoExpectations, group, type Expectation} from './expectations.js';
import {CHECKS, type CheckMapping} from './pg-index-health-checks.js';
import {OWN_RULE_REVIEWS} from './own-rules-review.js';
import {renderConformance, renderOwnRules, type CheckResult, type Mode, type OwnRuleResult, type ScenarioResult} from './render.js';

/** The large real schemas pg-designer's own rules (those no pg-index-health check covers) are reviewed on, linted from dump.sql. */
const OWN_RULE_ITEMS = ['lago', 'openstreetmap'] as const;

interface Linted {
	readonly design: Design;
	readonly findings: readonly Finding[];
}

/** The key of the object a finding is about, in the notation of expectations.ts. */
function findingKey(mapping: CheckMapping, finding: Finding, schema: string): string {
	const local = (name: string) => (name.startsWith(`${schema}.`) ? name.slice(schema.length + 1) : name);
	const target = local(finding.target);
	switch (mapping.kind) {
		case 'table':
			return `T:${target}`;
		case 'column':
			return `C:${target}`;
		case 'index':
			return `I:${target}`;
		case 'constraint':
			return `K:${target}`;
		case 'sequence':
			return `S:${target}`;
		case 'function':
			return `F:${target}`;
		case 'object':
			return `O:${finding.objectType}:${target}`;
		case 'index-group':
			return group([finding.target, ...(finding.related ?? [])].map((name) => `I:${local(name)}`));
		case 'constraint-group':
			return group([finding.target, ...(finding.related ?? [])].map((name) => `K:${local(name)}`));
	}
}

/** The table a finding is on, for the schema it belongs to and the tables upstream skips. */
function findingTable(mapping: CheckMapping, finding: Finding, design: Design): string | undefined {
	if (finding.table) return finding.table;
	switch (mapping.kind) {
		case 'table':
			return finding.target;
		case 'column':
			return finding.target.slice(0, finding.target.lastIndexOf('.'));
		case 'index':
		case 'index-group':
			return design.indexes.find((index) => index.name === finding.target)?.table ?? design.tables.find((candidate) => candidate.primaryKey.name === finding.target || candidate.uniques.some((unique) => unique.name === finding.target))?.name;
		default:
			return undefined;
	}
}

/** Groups reported as pairs (a copy and the index it duplicates) merged into the upstream's groups of identical objects. */
function mergeGroups(keys: readonly string[]): string[] {
	const groups: Set<string>[] = [];
	for (const key of keys) {
		const members = new Set(key.slice(2).split(' + '));
		const overlapping = groups.filter((existing) => [...members].some((member) => existing.has(member)));
		const merged = new Set([...members, ...overlapping.flatMap((existing) => [...existing])]);
		for (const existing of overlapping) groups.splice(groups.indexOf(existing), 1);
		groups.push(merged);
	}
	return groups.map((members) => group([...members]));
}

function actualKeys(mapping: CheckMapping, expectation: Expectation, linted: Linted): string[] {
	const schemaOf = (name: string | undefined) => name?.slice(0, name.indexOf('.'));
	const keys = linted.findings
		.filter((finding) => finding.rule === mapping.rule && (mapping.accepts?.(finding, linted.design) ?? true))
		.filter((finding) => {
			const table = findingTable(mapping, finding, linted.design);
			const owner = table ?? finding.target;
			if (schemaOf(owner) !== expectation.schema) return false;
			return !(table && expectation.skipTables.includes(table.slice(expectation.schema.length + 1)));
		})
		.map((finding) => findingKey(mapping, finding, expectation.schema));
	return mapping.id.startsWith('DUPLICATED_') ? mergeGroups(keys) : [...new Set(keys)];
}

/**
 * The objects found, missed and reported in excess. Where upstream names only some of the objects
 * and asserts how many there are, the named ones must be found, the rest count by number, and the
 * objects it says are absent count as extra.
 */
function compare(expectation: Expectation, actual: readonly string[]): ScenarioResult {
	const known = expectation.keys;
	const forbidden = actual.filter((key) => expectation.absent.includes(key));
	const others = actual.filter((key) => !known.includes(key) && !expectation.absent.includes(key));
	const slots = expectation.count - known.length;
	const counted = others.slice(0, slots);
	const unnamed = Array.from({length: slots - counted.length}, () => `(one of ${slots} objects upstream counts but does not name)`);
	return {
		schema: expectation.schema,
		test: expectation.test,
		expected: [...known, ...counted, ...unnamed],
		found: [...known.filter((key) => actual.includes(key)), ...counted],
		missed: [...known.filter((key) => !actual.includes(key)), ...unnamed],
		extra: [...forbidden, ...others.slice(slots)],
	};
}

describe.skipIf(!serverUrl() || !REAL_SCHEMAS)('lint conformance with pg-index-health on PostgreSQL 15', () => {
	const databases: ThrowawayDatabase[] = [];
	const linted = new Map<string, Linted>();
	const results: CheckResult[] = [];

	async function lint(file: string | undefined, url: string): Promise<Linted> {
		const source = await readLintSource(file, url);
		const {findings} = lintDesign(source.design, {suppressions: [], context: source.context, extraRules: source.extraRules});
		return {design: source.design, findings};
	}

	beforeAll(async () => {
		const folder = realSchemas();
		// Linted as `lint FILE.sql` does, alongside the fixtures below (each in its own throwaway database).
		const own = Promise.all(OWN_RULE_ITEMS.map(async (item) => linted.set(`${item}:file`, await lint(path.join(folder, item, 'dump.sql'), serverUrl()!))));
		for (const item of ['core', 'demo']) {
			const database = await createThrowawayDatabase(serverUrl()!);
			databases.push(database);
			await psqlFile(database.url, path.join(folder, 'pg-index-health', item, 'schema.sql'), {singleTransaction: true});
			// Expected to fail part-way, leaving an INVALID index behind (as upstream does).
			await psqlFile(database.url, path.join(folder, 'pg-index-health', item, 'invalid-index.sql'), {stopOnError: false});
			await database.client.query('ANALYZE');
			linted.set(`${item}:live`, await lint(undefined, database.url));
			linted.set(`${item}:file`, await lint(path.join(folder, 'pg-index-health', item, 'dump.sql'), serverUrl()!));
		}
		await own;
	}, 600_000);

	afterAll(async () => {
		for (const database of databases) await database.drop();
	});

	it('reports exactly the objects upstream expects, for every covered check, on a live database and from dump.sql', async () => {
		const folder = realSchemas();
		const readers = Object.fromEntries(CHECKS.filter((check) => check.demo).map((check) => [check.id, check.demo!]));
		const expectations: Record<Mode, Expectation[]> = {
			live: [...(await coreExpectations(folder)), ...(await demoExpectations(folder, readers, false))],
			file: [...(await coreExpectations(folder)), ...(await demoExpectations(folder, readers, true))],
		};
		for (const mapping of CHECKS) {
			for (const mode of ['live', 'file'] as const) {
				const scenarios = expectations[mode].filter((expectation) => expectation.check === mapping.id);
				// A schema file has no INVALID index and no sequence position: those need the live database.
				const fileBlind = mode === 'file' && ['INVALID_INDEXES', 'SEQUENCE_OVERFLOW'].includes(mapping.id);
				const result: CheckResult = {check: mapping.id, mode, scenarios: [], ...(mapping.rule ? {rule: mapping.rule} : {}), ...(mapping.reason ? {reason: mapping.reason} : {})};
				if (mapping.rule && !(fileBlind && scenarios.every((scenario) => scenario.source === 'core'))) {
					for (const expectation of scenarios) {
						if (fileBlind && expectation.source === 'core') continue;
						const actual = actualKeys(mapping, expectation, linted.get(`${expectation.source}:${mode}`)!);
						result.scenarios.push(compare(expectation, actual));
					}
				}
				results.push(result);
			}
		}
		const mapped = new Set(CHECKS.map((check) => check.rule).filter((rule) => rule !== undefined));
		const ownRules: OwnRuleResult[] = RULES.filter((rule) => !mapped.has(rule.id)).map((rule) => ({
			rule: rule.id,
			findings: Object.fromEntries(OWN_RULE_ITEMS.map((item) => [item, linted.get(`${item}:file`)!.findings.filter((finding) => finding.rule === rule.id).map((finding) => finding.target)])),
			...(OWN_RULE_REVIEWS[rule.id] ? {verdict: OWN_RULE_REVIEWS[rule.id]!.verdict} : {}),
		}));
		const rendered = renderConformance(results, renderOwnRules(OWN_RULE_ITEMS, ownRules));
		const doc = path.resolve(new URL('../../docs/conformance.md', import.meta.url).pathname);
		if (process.env.UPDATE_CONFORMANCE) await writeFile(doc, rendered);

		const wrong = results.flatMap((result) =>
			result.scenarios
				.filter((scenario) => scenario.missed.length > 0 || scenario.extra.length > 0)
				.map((scenario) => `${result.check} (${result.mode}) ${scenario.schema} ${scenario.test}: missed ${JSON.stringify(scenario.missed)}, extra ${JSON.stringify(scenario.extra)}`),
		);
		expect(wrong).toEqual([]);
		const covered = new Set(results.filter((result) => result.rule).map((result) => result.check));
		expect(covered.size).toBeGreaterThanOrEqual(30);
		// Every own rule that finds something on lago or openstreetmap has a verdict written for exactly those counts.
		const unreviewed = ownRules.flatMap((result) => {
			const review = OWN_RULE_REVIEWS[result.rule];
			const counts = Object.fromEntries(OWN_RULE_ITEMS.map((item) => [item, result.findings[item]!.length]));
			const reviewed = review ? Object.fromEntries(OWN_RULE_ITEMS.map((item) => [item, review[item]])) : undefined;
			if (!review && Object.values(counts).every((count) => count === 0)) return [];
			if (JSON.stringify(counts) === JSON.stringify(reviewed)) return [];
			return [`${result.rule}: findings ${JSON.stringify(counts)}, reviewed ${reviewed ? JSON.stringify(reviewed) : 'never'} (review them, then update test/conformance/own-rules-review.ts)`];
		});
		const stale = Object.keys(OWN_RULE_REVIEWS).filter((rule) => !ownRules.some((result) => result.rule === rule));
		expect(unreviewed).toEqual([]);
		expect(stale).toEqual([]);
		expect(rendered).toBe(await readFile(doc, 'utf8').catch(() => ''));
	}, 120_000);
});
