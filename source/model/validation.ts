/**
 * What validation on a real PostgreSQL found: the steps it ran, the plans of the access patterns,
 * and anything that was not as designed. plans.md is written from it.
 */

/** How an access pattern's plan relates to the index planned for it. */
export type PlanVerdict = 'planned-index' | 'other-index' | 'sequential-scan';

export interface PlanResult {
	readonly pattern: string;
	readonly description: string;
	readonly sql: string;
	/** The parameter values used, in order, as SQL literals. */
	readonly parameters: readonly string[];
	readonly intendedIndex?: string;
	readonly usedIndexes: readonly string[];
	readonly verdict: PlanVerdict;
	readonly executionMs: number;
	readonly planningMs: number;
	/** EXPLAIN (ANALYZE, BUFFERS) output as text. */
	readonly text: string;
}

export interface StepResult {
	readonly name: string;
	readonly detail: string;
	readonly ms: number;
}

export interface ValidationReport {
	/** For example "PGlite (PostgreSQL 18.1)" or "PostgreSQL 15.20". */
	readonly engine: string;
	readonly rowCounts: Readonly<Record<string, number>>;
	readonly steps: readonly StepResult[];
	readonly plans: readonly PlanResult[];
	readonly verifyChecks: number;
	/** Things not as designed that did not stop validation (a pattern not using its index). */
	readonly warnings: readonly string[];
}
