/**
 * Sessions for tests: the examples, and small ones built from parts.
 */
import {readFileSync} from 'node:fs';
import {Session, type SessionInput} from '../../source/model/session.js';

/** An example session from examples/, parsed. */
export function example(name: 'todo' | 'saas' | 'shop'): Session {
	return Session.parse(JSON.parse(readFileSync(new URL(`../../examples/${name}.json`, import.meta.url), 'utf8')));
}

/** A session from the parts given, with a project name. */
export function session(parts: Omit<SessionInput, 'version' | 'project'> & {project?: SessionInput['project']}): Session {
	return Session.parse({version: 1, project: {name: 'test'}, ...parts});
}
