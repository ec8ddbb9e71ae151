/**
 * The two kinds of error: a UserError is something the user can fix (bad input, a contradiction,
 * a file in the way) and exits 1 with its message and hint; anything else is a bug and exits 2.
 */
export class UserError extends Error {
	override readonly name = 'UserError';
	readonly hint: string | undefined;

	constructor(message: string, options: {hint?: string; cause?: unknown} = {}) {
		super(message, {cause: options.cause});
		this.hint = options.hint;
	}
}

/** One problem found in a session, with the path of the answer it comes from. */
export interface SessionProblem {
	readonly path: string;
	readonly message: string;
}

/** A session the engine cannot turn into a design: every problem is listed, not just the first. */
export class DesignError extends UserError {
	readonly problems: readonly SessionProblem[];

	constructor(problems: readonly SessionProblem[]) {
		super(
			problems.length === 1
				? `${problems[0]!.path}: ${problems[0]!.message}`
				: `${problems.length} problems in the session:\n${problems.map((problem) => `  ${problem.path}: ${problem.message}`).join('\n')}`,
		);
		this.problems = problems;
	}
}
