/**
 * The JSON Schema of session files, from the zod schema (zod 4 emits it), published as
 * session.schema.json so editors validate hand-written sessions.
 */
import {z} from 'zod';
import {Session} from './session.js';

/** The JSON Schema text, as committed in session.schema.json. */
export function sessionJsonSchema(): string {
	const schema = z.toJSONSchema(Session, {io: 'input', unrepresentable: 'any'});
	return `${JSON.stringify({...schema, title: 'pg-designer session', description: 'The answers of a pg-designer design session (version 1).'}, null, 2)}\n`;
}
