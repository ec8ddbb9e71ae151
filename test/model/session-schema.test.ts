import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {sessionJsonSchema} from '../../source/model/session-schema.js';

describe('session.schema.json', () => {
	it('is the JSON Schema of the current Session schema (run npm run schema after changing it)', () => {
		expect(readFileSync(new URL('../../session.schema.json', import.meta.url), 'utf8')).toBe(sessionJsonSchema());
	});

	it('describes strict objects, so editors flag unknown keys', () => {
		const schema = JSON.parse(sessionJsonSchema());
		expect(schema.additionalProperties).toBe(false);
		expect(schema.required).toEqual(['version', 'project']);
		expect(schema.properties.version).toEqual({type: 'number', const: 1});
	});
});
