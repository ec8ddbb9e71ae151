/**
 * The lint rule contract. One file per rule in rules/, its id the file name (kebab-case, Squawk's
 * id where the rules overlap), with a doc page in docs/rules/<id>.md.
 */
import type {CatalogObjectKind, Design} from '../../model/design.js';

export type Severity = 'error' | 'warning' | 'info';

/** What a rule found: the problem in the user's terms, the action, and a fix as SQL where possible. */
export interface Violation {
	/** The object, as `table`, `table.column`, or an index/constraint name: what suppressions match. */
	readonly target: string;
	readonly message: string;
	readonly action: string;
	readonly fixSql?: string;
	/**
	 * When one finding of a rule is graver or lighter than the rule's default (a hand-added index
	 * that serves nothing is information, an unserved pattern a warning). A severity the user
	 * configured for the rule wins.
	 */
	readonly severity?: Severity;
	/** The table the finding is on, when the target does not name it (a constraint, a trigger). */
	readonly table?: string;
	/** The other objects the finding is about: the index another one duplicates, a pair of overlapping keys. */
	readonly related?: readonly string[];
	/** What kind of object the target is, when it can be any (naming rules): 'index', 'sequence', 'constraint' ... */
	readonly objectType?: CatalogObjectKind;
}

/** What rules may know beyond the design (later: live statistics of an existing database). */
export interface LintContext {
	readonly source: 'session' | 'sql' | 'database';
}

export interface Rule {
	readonly id: string;
	readonly summary: string;
	readonly defaultSeverity: Severity;
	check(design: Design, context: LintContext): Violation[];
}

/** A violation with its rule and severity, as reported. */
export interface Finding extends Violation {
	readonly rule: string;
	readonly severity: Severity;
	/** The reason, when the user suppressed it. */
	readonly suppressed?: string;
}
