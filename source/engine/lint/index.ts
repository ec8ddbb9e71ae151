/**
 * The lint engine: runs every rule of rules/ on a Design, applies the user's severities and
 * suppressions (both data from the session), and reports what no longer matches.
 *
 * @example
 *   const {findings, unusedSuppressions} = lintDesign(design, {suppressions: session.suppressions});
 *   process.stdout.write(formatFindings(findings));
 */
import type {Design} from '../../model/design.js';
import type {Finding, LintContext, Rule, Severity} from './rule.js';
import {rule as allColumnsNullable} from './rules/all-columns-nullable.js';
import {rule as booleanIndex} from './rules/boolean-index.js';
import {rule as btreeArrayIndex} from './rules/btree-array-index.js';
import {rule as cascadeChain} from './rules/cascade-chain.js';
import {rule as columnComment} from './rules/column-comment.js';
import {rule as consistentColumnTypes} from './rules/consistent-column-types.js';
import {rule as deliberateOnDelete} from './rules/deliberate-on-delete.js';
import {rule as duplicateForeignKey} from './rules/duplicate-foreign-key.js';
import {rule as duplicateIndex} from './rules/duplicate-index.js';
import {rule as foreignKeyIndex} from './rules/foreign-key-index.js';
import {rule as foreignKeyTarget} from './rules/foreign-key-target.js';
import {rule as foreignKeyTypeMismatch} from './rules/foreign-key-type-mismatch.js';
import {rule as functionComment} from './rules/function-comment.js';
import {rule as invalidIndex} from './rules/invalid-index.js';
import {rule as largeObjectColumn} from './rules/large-object-column.js';
import {rule as nameLengthLimit} from './rules/name-length-limit.js';
import {rule as naturalKeyUnique} from './rules/natural-key-unique.js';
import {rule as naturalPrimaryKey} from './rules/natural-primary-key.js';
import {rule as noPlaintextPassword} from './rules/no-plaintext-password.js';
import {rule as notValidConstraint} from './rules/not-valid-constraint.js';
import {rule as nullableCompositeForeignKey} from './rules/nullable-composite-foreign-key.js';
import {rule as nullableIndex} from './rules/nullable-index.js';
import {rule as numberedColumns} from './rules/numbered-columns.js';
import {rule as overlappingForeignKeys} from './rules/overlapping-foreign-keys.js';
import {rule as overlappingIndexes} from './rules/overlapping-indexes.js';
import {rule as ownerLeadsIndex} from './rules/owner-leads-index.js';
import {rule as patternIndex} from './rules/pattern-index.js';
import {rule as preferBigintKeys} from './rules/prefer-bigint-keys.js';
import {rule as preferIdentity} from './rules/prefer-identity.js';
import {rule as preferJsonb} from './rules/prefer-jsonb.js';
import {rule as preferNumericMoney} from './rules/prefer-numeric-money.js';
import {rule as preferTextField} from './rules/prefer-text-field.js';
import {rule as preferTextOverChar} from './rules/prefer-text-over-char.js';
import {rule as preferTimestamptz} from './rules/prefer-timestamptz.js';
import {rule as primaryKeyFirst} from './rules/primary-key-first.js';
import {rule as quotedColumnName} from './rules/quoted-column-name.js';
import {rule as quotedObjectName} from './rules/quoted-object-name.js';
import {rule as randomUuidKeys} from './rules/random-uuid-keys.js';
import {rule as readModifyWrite} from './rules/read-modify-write.js';
import {rule as redundantIndex} from './rules/redundant-index.js';
import {rule as redundantIndexPredicate} from './rules/redundant-index-predicate.js';
import {rule as requireAuditTimestamps} from './rules/require-audit-timestamps.js';
import {rule as requireCheckRules} from './rules/require-check-rules.js';
import {rule as requireNotNull} from './rules/require-not-null.js';
import {rule as requirePrimaryKey} from './rules/require-primary-key.js';
import {rule as rowLevelSecurity} from './rules/row-level-security.js';
import {rule as selfReferencingForeignKey} from './rules/self-referencing-foreign-key.js';
import {rule as sequenceOverflow} from './rules/sequence-overflow.js';
import {rule as tableComment} from './rules/table-comment.js';
import {rule as tableInheritance} from './rules/table-inheritance.js';
import {rule as timestampMidIndex} from './rules/timestamp-mid-index.js';
import {rule as tooFewColumns} from './rules/too-few-columns.js';
import {rule as tooManyIndexes} from './rules/too-many-indexes.js';
import {rule as unlinkedTable} from './rules/unlinked-table.js';
import {rule as updatedAtTrigger} from './rules/updated-at-trigger.js';
import {rule as varcharPrimaryKey} from './rules/varchar-primary-key.js';

export type {Finding, LintContext, Rule, Severity, Violation} from './rule.js';

/** Every rule, sorted by id. docs/rules/README.md lists the same (a test keeps them in step). */
export const RULES: readonly Rule[] = [
	allColumnsNullable,
	booleanIndex,
	btreeArrayIndex,
	cascadeChain,
	columnComment,
	consistentColumnTypes,
	deliberateOnDelete,
	duplicateForeignKey,
	duplicateIndex,
	foreignKeyIndex,
	foreignKeyTarget,
	foreignKeyTypeMismatch,
	functionComment,
	invalidIndex,
	largeObjectColumn,
	nameLengthLimit,
	naturalKeyUnique,
	naturalPrimaryKey,
	noPlaintextPassword,
	notValidConstraint,
	nullableCompositeForeignKey,
	nullableIndex,
	numberedColumns,
	overlappingForeignKeys,
	overlappingIndexes,
	ownerLeadsIndex,
	patternIndex,
	preferBigintKeys,
	preferIdentity,
	preferJsonb,
	preferNumericMoney,
	preferTextField,
	preferTextOverChar,
	preferTimestamptz,
	primaryKeyFirst,
	quotedColumnName,
	quotedObjectName,
	randomUuidKeys,
	readModifyWrite,
	redundantIndex,
	redundantIndexPredicate,
	requireAuditTimestamps,
	requireCheckRules,
	requireNotNull,
	requirePrimaryKey,
	rowLevelSecurity,
	selfReferencingForeignKey,
	sequenceOverflow,
	tableComment,
	tableInheritance,
	timestampMidIndex,
	tooFewColumns,
	tooManyIndexes,
	unlinkedTable,
	updatedAtTrigger,
	varcharPrimaryKey,
].sort((a, b) => a.id.localeCompare(b.id));

/** A finding the user keeps, with the reason (the session's `suppressions`). */
export interface LintSuppression {
	readonly rule: string;
	readonly target: string;
	readonly reason: string;
}

/** What lintDesign needs besides the design: the user's suppressions and severities (session data). */
export interface LintOptions {
	readonly suppressions: readonly LintSuppression[];
	/** Per-rule severity, or 'off' to skip the rule; a configured severity applies to all its findings. */
	readonly severities?: Readonly<Record<string, Severity | 'off'>>;
	readonly context?: LintContext;
	/** Rules that run besides RULES: those that read a live database (already evaluated). */
	readonly extraRules?: readonly Rule[];
}

/** The findings of one lint run, and what the user's configuration names that no longer applies. */
export interface LintResult {
	/** Sorted by severity (error, warning, info), then rule, then target; suppressed ones stay, marked. */
	readonly findings: Finding[];
	/** Suppressions that match no finding any more (Squawk's unused-ignore): remove them. */
	readonly unusedSuppressions: LintSuppression[];
	/** Rule ids named by suppressions or severities that no rule has (a typo, or a rule since renamed). */
	readonly unknownRules: string[];
}

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = {error: 0, warning: 1, info: 2};

/**
 * Lints a design. A suppression matches the findings with its rule and target and marks them
 * `suppressed: reason`. Suppressions of rules switched off are neither used nor unused: the rule
 * did not run.
 *
 * @example lintDesign(design, {suppressions: [{rule: 'prefer-text-field', target: 'users.code', reason: 'ISO code'}]})
 */
export function lintDesign(design: Design, options: LintOptions): LintResult {
	const context = options.context ?? {source: 'session'};
	const severities = options.severities ?? {};
	const rules = [...RULES, ...(options.extraRules ?? [])];
	const known = new Set(rules.map((rule) => rule.id));
	const findings: Finding[] = [];
	for (const rule of rules) {
		const configured = severities[rule.id];
		if (configured === 'off') continue;
		for (const violation of rule.check(design, context)) {
			const {severity: graded, ...rest} = violation;
			const suppression = options.suppressions.find((candidate) => candidate.rule === rule.id && candidate.target === violation.target);
			findings.push({
				...rest,
				rule: rule.id,
				severity: configured ?? graded ?? rule.defaultSeverity,
				...(suppression ? {suppressed: suppression.reason} : {}),
			});
		}
	}
	findings.sort(
		(a, b) =>
			SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
			a.rule.localeCompare(b.rule) ||
			a.target.localeCompare(b.target) ||
			a.message.localeCompare(b.message),
	);
	const unusedSuppressions = options.suppressions.filter(
		(suppression) =>
			known.has(suppression.rule) &&
			severities[suppression.rule] !== 'off' &&
			!findings.some((finding) => finding.rule === suppression.rule && finding.target === suppression.target),
	);
	const named = [...options.suppressions.map((suppression) => suppression.rule), ...Object.keys(severities)];
	const unknownRules = [...new Set(named.filter((id) => !known.has(id)))].sort();
	return {findings, unusedSuppressions, unknownRules};
}

const HEADINGS: Readonly<Record<Severity, string>> = {error: 'Errors', warning: 'Warnings', info: 'Information'};

/**
 * Findings as plain text for a terminal or a log: a count, then the findings grouped by severity,
 * each with its message, action and fix SQL indented; suppressed findings last, one line each.
 *
 * @example
 *   formatFindings(findings)
 *   // 1 error, 0 warnings, 0 information
 *   //
 *   // Errors
 *   //
 *   //   no-plaintext-password  users.password
 *   //     users.password stores passwords as typed: ...
 *   //     Action: Store only a hash ...
 *   //     Fix:
 *   //       ALTER TABLE users RENAME COLUMN password TO password_hash;
 */
export function formatFindings(findings: readonly Finding[]): string {
	const active = findings.filter((finding) => finding.suppressed === undefined);
	const suppressed = findings.filter((finding) => finding.suppressed !== undefined);
	if (findings.length === 0) return 'No findings.\n';
	const count = (severity: Severity) => active.filter((finding) => finding.severity === severity).length;
	const plural = (n: number, word: string) => `${n} ${word}${n === 1 || word === 'information' ? '' : 's'}`;
	const lines = [
		[plural(count('error'), 'error'), plural(count('warning'), 'warning'), plural(count('info'), 'information')].join(', ') +
			(suppressed.length > 0 ? `; ${suppressed.length} suppressed` : ''),
	];
	for (const severity of ['error', 'warning', 'info'] as const) {
		const group = active.filter((finding) => finding.severity === severity);
		if (group.length === 0) continue;
		lines.push('', HEADINGS[severity]);
		for (const finding of group) {
			lines.push('', `  ${finding.rule}  ${finding.target}`, ...indent(finding.message, 4), ...indent(`Action: ${finding.action}`, 4));
			if (finding.fixSql) lines.push('    Fix:', ...indent(finding.fixSql, 6));
		}
	}
	if (suppressed.length > 0) {
		lines.push('', 'Suppressed', '');
		for (const finding of suppressed) lines.push(`  ${finding.rule}  ${finding.target}: ${finding.suppressed}`);
	}
	return `${lines.join('\n')}\n`;
}

function indent(text: string, width: number): string[] {
	return text.split('\n').map((line) => (line ? `${' '.repeat(width)}${line}` : ''));
}
