/**
 * The hostile-input promise over generated strings (fast-check): any code points, half surrogate
 * pairs and NULs included, and strings spliced from the pieces that end quotes, comments and
 * dollar quotes. Through the wizard's steps, each is refused with a message or kept exactly; in a
 * session file, text PostgreSQL can hold is always taken, and then every artifact applies on the
 * server and means what was typed (proveHostileArtifacts), while anything else is refused with the
 * path of the field and the rule.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {allSteps} from '../../flows/index.js';
import {presetSession} from '../../flows/presets.js';
import {applyAnswer, type LinesStep, type TextStep} from '../../flows/step.js';
import {Session} from '../../source/model/session.js';
import {formatIssues} from '../../source/store/session-file.js';
import {HOSTILE_STRINGS, hostileSession, proveHostileArtifacts} from '../helpers/hostile.js';
import {serverUrl} from '../helpers/pg.js';

const SEED = Number(process.env.PROPERTY_SEED ?? 20261207);

/** Pieces that end or open a string, an identifier, a comment or a dollar quote, or a line. */
const PIECES = ["'", "''", '"', '\\', '$$', '$a$', '--', '/*', '*/', ';', '\n', '\r\n', '\u2028', ':x', '$1', '%s', 'DROP TABLE notes', '\u202E', '\u200B', 'é', '😀', '\uD83D', '\u0000', ' '];

const hostileText = fc.oneof(
	fc.string({unit: 'binary', maxLength: 40}),
	fc.string({unit: 'grapheme', maxLength: 40}),
	fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({maxLength: 6})), {maxLength: 12}).map((parts) => parts.join('')),
	fc.constantFrom(...HOSTILE_STRINGS),
);

/** Text PostgreSQL can hold and a session keeps: no NUL, no half of a surrogate pair. */
function holdable(text: string): boolean {
	return !text.includes('\u0000') && !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

describe('hostile input, generated (property)', () => {
	const session = presetSession('todo');
	const steps = allSteps(session);
	const fields = steps.find((step) => step.id === 'fields:tasks') as LinesStep;
	const out = steps.find((step) => step.id === 'out') as TextStep;

	it('through the wizard steps: refused with a message, or kept exactly as typed', () => {
		fc.assert(
			fc.property(hostileText, (text) => {
				// As a folder.
				const refusal = out.validate(text);
				if (refusal) expect(refusal.length).toBeGreaterThan(10);
				else {
					const applied = applyAnswer(out, session, text);
					expect(applied.ok && applied.session.wizard?.out).toBe(text.trim());
				}
				// As a default and as an allowed value in the field syntax.
				for (const [as, line] of [['default', `label text =${text}`], ['allowed', `label text ${text}|plain`]] as const) {
					const parsed = fields.parse(line);
					if (!parsed.ok) {
						expect(parsed.error.length, line).toBeGreaterThan(10);
						continue;
					}
					const applied = applyAnswer(fields, session, [...fields.value, line]);
					if (!applied.ok) {
						expect(applied.error.length, line).toBeGreaterThan(10);
						continue;
					}
					// The syntax splits a line at spaces: a text with one inside is other tokens, not one value.
					if (/\s/.test(text.trim())) continue;
					const label = applied.session.entities.find((entity) => entity.name === 'tasks')!.fields.find((field) => field.name === 'label')!;
					if (as === 'default') expect(label.default).toBe(text.trim().replace(/^'(.*)'$/s, '$1'));
					else expect(label.check?.oneOf).toEqual([...text.trim().split('|').filter(Boolean), 'plain']);
				}
			}),
			{numRuns: 300, seed: SEED},
		);
	});

	it('in a session file: text PostgreSQL can hold is taken, anything else is refused with the path and the rule', () => {
		fc.assert(
			fc.property(fc.array(hostileText, {minLength: 1, maxLength: 6}), (strings) => {
				const parsed = Session.safeParse(hostileSession(strings));
				if (strings.every(holdable)) {
					expect(parsed.success, parsed.success ? '' : formatIssues(parsed.error.issues)).toBe(true);
					return;
				}
				expect(parsed.success).toBe(false);
				for (const issue of parsed.error!.issues) {
					expect(issue.path.length).toBeGreaterThan(0);
					expect(issue.message).toMatch(/NUL|surrogate/);
				}
			}),
			{numRuns: 500, seed: SEED},
		);
	});

	it.skipIf(!serverUrl())('in every artifact on the server: applies with psql and means what was typed', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(hostileText.filter(holdable), {minLength: 1, maxLength: 6}), async (strings) => {
				await proveHostileArtifacts(Session.parse(hostileSession(strings)), strings, serverUrl()!);
			}),
			{numRuns: 12, seed: SEED},
		);
	});
});
