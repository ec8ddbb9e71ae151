/**
 * plans.md: EXPLAIN (ANALYZE, BUFFERS) of every access pattern, measured on sample data, with the
 * engine, its version and the row counts stated. Timings are the one part of the folder that is
 * not the same bytes on every run.
 */
import type {Design} from '../source/model/design.js';
import type {ValidationReport} from '../source/model/validation.js';
import {formatCount} from '../source/engine/volume.js';
import {file, markdownTable} from './lines.js';

const VERDICT_WORDS = {
	'planned-index': 'uses the planned index',
	'other-index': 'uses another index',
	'sequential-scan': 'sequential scan',
} as const;

/** Renders plans.md; without a validation report it says how to produce one. */
export function renderPlans(design: Design, report?: ValidationReport): string {
	if (!report) {
		return file([
			`# ${design.project.name}: query plans`,
			'',
			'Not measured: this folder was exported with --no-validate.',
			'Run `pg-designer check .` to apply it to a throwaway database, load sample data and EXPLAIN every access pattern.',
		]);
	}
	const counts = Object.entries(report.rowCounts).map(([table, rows]) => `${table} ${formatCount(rows)}`);
	return file([
		`# ${design.project.name}: query plans`,
		'',
		`Measured on ${report.engine}, in a throwaway database holding sample data generated from the design (${counts.join(', ')} rows), after VACUUM ANALYZE.`,
		`Timings depend on the machine and are measured, not promised; the shape of each plan is what the design guarantees. p95 target: ${design.p95Ms} ms.`,
		'',
		...(report.plans.length > 0
			? markdownTable(
					['pattern', 'plan', 'index', 'execution'],
					report.plans.map((plan) => [plan.pattern, VERDICT_WORDS[plan.verdict], plan.usedIndexes.join(', ') || '-', `${plan.executionMs.toFixed(2)} ms`]),
				)
			: ['No access patterns: nothing to EXPLAIN.']),
		'',
		...report.plans.flatMap((plan) => [
			`## ${plan.pattern}`,
			'',
			`${plan.description}. Planned index: ${plan.intendedIndex ? `\`${plan.intendedIndex}\`` : 'none'}; ${VERDICT_WORDS[plan.verdict]}${plan.verdict === 'planned-index' ? '' : ` (${plan.usedIndexes.join(', ') || 'no index'})`}.`,
			'',
			'```sql',
			plan.sql,
			'```',
			'',
			`Parameters: ${plan.parameters.map((value, position) => `$${position + 1} = ${value}`).join(', ') || 'none'}.`,
			'',
			'```text',
			plan.text,
			'```',
			'',
		]),
	]);
}
