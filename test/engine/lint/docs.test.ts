import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {LIVE_RULES} from '../../../source/db/live-rules.js';
import {RULES} from '../../../source/engine/lint/index.js';
import {MIGRATION_RULES} from '../../../source/engine/migration-lint.js';

const docs = new URL('../../../docs/rules/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, docs), 'utf8');

describe('docs/rules', () => {
	it('README.md lists every rule with its default severity and summary, in order', () => {
		const rows = read('README.md')
			.split('## Migration rules')[0]!
			.split('\n')
			.filter((line) => /^\| \[/.test(line))
			.map((line) => line.split(/(?<!\\) \| /).map((cell) => cell.replace(/^\| |\s\|$/g, '').replaceAll('\\|', '|')));
		expect(rows).toEqual([...RULES, ...LIVE_RULES].map((rule) => [`[${rule.id}](${rule.id}.md)`, rule.defaultSeverity, rule.summary]));
	});

	it('README.md lists every migration rule, and migrations.md explains each', () => {
		const section = read('README.md').split('## Migration rules')[1]!;
		const rows = section.split('\n').filter((line) => /^\| \[/.test(line));
		expect(rows).toEqual(Object.entries(MIGRATION_RULES).map(([id, rule]) => `| [${id}](migrations.md#${id}) | ${rule.severity} | ${rule.summary} |`));
		const headings = read('migrations.md').split('\n').filter((line) => line.startsWith('## ')).map((line) => line.slice(3));
		expect(headings.filter((heading) => heading !== 'Links').sort()).toEqual(Object.keys(MIGRATION_RULES).sort());
	});

	it.each([...RULES, ...LIVE_RULES].map((rule) => rule.id))('%s.md has the problem, instead of / use SQL, the SQLModel side and links', (id) => {
		const text = read(`${id}.md`);
		expect(text.split('\n')[0]).toBe(`# ${id}`);
		const headings = text.split('\n').filter((line) => line.startsWith('## '));
		expect(headings).toEqual(['## Problem', '## Instead of', '## Use', '## SQLModel', '## Links']);
		expect(text).toMatch(/## Instead of\n\n```sql\n/);
		expect(text).toMatch(/## Use\n\n```sql\n/);
		expect(text).toMatch(/## SQLModel\n\n```python\n/);
		expect(text).toMatch(/## Links\n\n- \[.+\]\(https:\/\//);
	});
});
