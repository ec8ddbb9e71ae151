/**
 * session.json: the answers that produced the folder, normalised (every default written out), so
 * the folder can be exported again or resumed.
 */
import type {Session} from '../source/model/session.js';

/**
 * Renders session.json (2-space JSON), without the editor's $schema pointer (relative to the
 * source) and the wizard's position: the same answers give the same bytes however they were given.
 */
export function renderSessionJson(session: Session): string {
	const {$schema: _schema, wizard: _wizard, ...answers} = session;
	return `${JSON.stringify(answers, null, 2)}\n`;
}
