/** The synthetic designs of bench section 2, shared with bench/profile-generation.ts. */
import {Session, type SessionInput} from '../source/model/session.js';

/** A synthetic session: `count` tables of 10 columns, 2 foreign keys and 3 access patterns each. */
export function syntheticSession(count: number): Session {
	const name = (index: number) => `items_${String(index).padStart(3, '0')}`;
	const entities: NonNullable<SessionInput['entities']> = Array.from({length: count}, (_, index) => ({
		name: name(index),
		fields: [
			{name: 'title', type: 'text'},
			{name: 'code', type: 'text', unique: true},
			{name: 'amount', type: 'money', required: false},
			{name: 'score', type: 'int', check: {min: 0, max: 100}},
			{name: 'happened_on', type: 'date', required: false},
			{name: 'status', type: 'text', check: {oneOf: ['open', 'done']}, default: 'open'},
		],
		volume: 'millions',
	}));
	const relationships: NonNullable<SessionInput['relationships']> = [];
	for (let index = 2; index < count; index++) {
		relationships.push({kind: 'one-to-many', parent: name(index - 1), child: name(index), onDelete: 'cascade'});
		relationships.push({kind: 'one-to-many', parent: name(index - 2), child: name(index), column: `other_${name(index - 2)}_id`, required: false, onDelete: 'set-null'});
	}
	const accessPatterns: NonNullable<SessionInput['accessPatterns']> = entities.flatMap((entity, index) => [
		{name: `ListOpen${index}`, entity: entity.name, equals: ['status'], sort: [{column: 'happened_on', direction: 'desc' as const}], limit: 20},
		{name: `CountScored${index}`, entity: entity.name, kind: 'count' as const, conditions: [{column: 'amount', is: 'not-null' as const}]},
		{name: `GetByCode${index}`, entity: entity.name, kind: 'get' as const, equals: ['code']},
	]);
	return Session.parse({version: 1, project: {name: 'synthetic'}, entities, relationships, accessPatterns, audit: {timestamps: false}});
}
