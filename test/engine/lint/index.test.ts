import {readdirSync, readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import type {Finding} from '../../../source/engine/lint/rule.js';
import {formatFindings, lintDesign, RULES} from '../../../source/engine/lint/index.js';
import type {SessionInput} from '../../../source/model/session.js';
import {derive, saasSession, shopSession, todoSession, withColumn, withTable} from './fixtures.js';

const examples = readdirSync(new URL('../../../examples/', import.meta.url)).filter((name) => name.endsWith('.json'));
const loud = (findings: readonly Finding[]) => findings.filter((finding) => finding.severity !== 'info').map((finding) => `${finding.rule} ${finding.target}: ${finding.message}`);

// Findings of every severity: prefer-numeric-money (error), prefer-jsonb (warning), require-check-rules (info).
const design = withTable(withColumn(derive(todoSession()), 'tasks', 'notes', (column) => ({...column, type: {name: 'json'}})), 'tasks', (table) => ({
	...table,
	columns: [...table.columns, {name: 'price', type: {name: 'double precision'}, nullable: true, reason: 'imported', origin: 'field', role: 'plain'}],
}));

describe('RULES', () => {
	it('holds one rule per file of rules/, each named by its id, sorted by id', () => {
		const files = readdirSync(new URL('../../../source/engine/lint/rules/', import.meta.url)).map((name) => name.replace(/\.ts$/, ''));
		const ids = RULES.map((rule) => rule.id);
		expect(ids).toEqual([...files].sort());
		expect(ids).toEqual([...ids].sort());
		for (const rule of RULES) expect(rule.id).toMatch(/^[a-z][a-z0-9-]*$/);
	});
});

describe('lintDesign', () => {
	it.each(examples)('finds no errors or warnings in examples/%s', (name) => {
		const session = JSON.parse(readFileSync(new URL(`../../../examples/${name}`, import.meta.url), 'utf8')) as SessionInput;
		expect(loud(lintDesign(derive(session), {suppressions: []}).findings)).toEqual([]);
	});

	it('finds no errors or warnings in the shop and SaaS sessions of the tests', () => {
		expect(loud(lintDesign(derive(shopSession()), {suppressions: []}).findings)).toEqual([]);
		expect(loud(lintDesign(derive(saasSession()), {suppressions: []}).findings)).toEqual([]);
	});

	it('sorts findings by severity, then rule, then target', () => {
		const {findings} = lintDesign(design, {suppressions: []});
		expect(findings.map((finding) => [finding.severity, finding.rule, finding.target])).toEqual([
			['error', 'prefer-numeric-money', 'tasks.price'],
			['warning', 'prefer-jsonb', 'tasks.notes'],
			['info', 'cascade-chain', 'users'],
			['info', 'require-check-rules', 'tasks.price'],
		]);
	});

	it('keeps suppressed findings, marked, and reports suppressions that match nothing or name no rule', () => {
		const suppressions = [
			{rule: 'prefer-jsonb', target: 'tasks.notes', reason: 'the client sends ordered keys'},
			{rule: 'prefer-jsonb', target: 'tasks.title', reason: 'stale'},
			{rule: 'prefer-jsonb-field', target: 'tasks.notes', reason: 'a typo'},
		];
		const result = lintDesign(design, {suppressions, severities: {'no-such-rule': 'off'}});
		expect(result.findings.find((finding) => finding.rule === 'prefer-jsonb')?.suppressed).toBe('the client sends ordered keys');
		expect(result.unusedSuppressions).toEqual([suppressions[1]]);
		expect(result.unknownRules).toEqual(['no-such-rule', 'prefer-jsonb-field']);
	});

	it('applies configured severities to every finding of a rule, and skips rules that are off', () => {
		const result = lintDesign(design, {
			suppressions: [{rule: 'cascade-chain', target: 'users', reason: 'intended'}],
			severities: {'prefer-numeric-money': 'info', 'cascade-chain': 'off', 'prefer-jsonb': 'error'},
		});
		expect(result.findings.map((finding) => [finding.severity, finding.rule])).toEqual([
			['error', 'prefer-jsonb'],
			['info', 'prefer-numeric-money'],
			['info', 'require-check-rules'],
		]);
		// The rule did not run, so its suppression cannot be judged unused.
		expect(result.unusedSuppressions).toEqual([]);
	});
});

describe('formatFindings', () => {
	it('groups by severity with message, action and indented fix, plain text', () => {
		const {findings} = lintDesign(design, {suppressions: [{rule: 'cascade-chain', target: 'users', reason: 'account deletion'}]});
		const text = formatFindings(findings);
		expect(text).not.toMatch(/\u001b\[/);
		const lines = text.split('\n');
		expect(lines.slice(0, 6)).toEqual(['1 error, 1 warning, 1 information; 1 suppressed', '', 'Errors', '', '  prefer-numeric-money  tasks.price', expect.stringMatching(/^    tasks\.price holds money/)]);
		expect(lines).toContain('    Fix:');
		expect(lines).toContain('      ALTER TABLE tasks ALTER COLUMN price TYPE numeric(12,2);');
		expect(lines).toContain('Warnings');
		expect(lines.slice(-4)).toEqual(['Suppressed', '', '  cascade-chain  users: account deletion', '']);
	});

	it('says so when there is nothing', () => {
		expect(formatFindings([])).toBe('No findings.\n');
	});
});
