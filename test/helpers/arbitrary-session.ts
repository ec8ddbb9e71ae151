/**
 * fast-check arbitraries for valid sessions: random entities, fields of every type with consistent
 * rules, relationships of every kind, isolation, keys, soft delete, search and access patterns.
 */
import fc from 'fast-check';
import {Session, type FieldType, type SessionInput} from '../../source/model/session.js';

const TABLES = ['accounts', 'projects', 'documents', 'comments', 'labels', 'invoices', 'events'];
const FIELDS = ['title', 'body', 'amount', 'score', 'starts_on', 'happened_at', 'flag', 'kind', 'code', 'payload', 'contact', 'secret', 'link', 'ratio', 'span', 'address', 'token', 'opens_at', 'blob'];
const TYPES: FieldType[] = ['text', 'varchar', 'int', 'smallint', 'bigint', 'numeric', 'money', 'float', 'bool', 'date', 'timestamptz', 'time', 'interval', 'uuid', 'jsonb', 'bytes', 'inet', 'email', 'password', 'url'];

type FieldInput = NonNullable<NonNullable<SessionInput['entities']>[number]['fields']>[number];

const field = (name: string): fc.Arbitrary<FieldInput> =>
	fc
		.record({
			type: fc.constantFrom(...TYPES),
			required: fc.boolean(),
			unique: fc.boolean(),
			array: fc.boolean(),
			bound: fc.integer({min: 0, max: 3}),
		})
		.map(({type, required, unique, array, bound}) => {
			const base: FieldInput = {name, type, required};
			const scalarArray = array && ['text', 'int', 'bigint', 'date', 'uuid', 'bool'].includes(type);
			if (scalarArray) return {...base, array: true};
			if (type === 'varchar') return {...base, length: 10 + bound * 20, unique};
			if (type === 'password') return base;
			if (['int', 'smallint', 'bigint', 'numeric', 'money'].includes(type) && bound > 0) {
				return {...base, unique: unique && type !== 'money', check: bound === 1 ? {min: 0} : bound === 2 ? {min: 1, max: 5} : {max: 1000}};
			}
			if (type === 'text' && bound === 1) return {...base, unique, check: {minLength: 1, maxLength: 80}};
			if (type === 'text' && bound === 2) return {...base, check: {oneOf: ['draft', 'live', 'gone']}, default: 'draft'};
			if (type === 'text' && bound === 3) return {...base, unique, check: {pattern: '^[A-Z]{2}-[0-9]{3}$'}};
			if (type === 'timestamptz' && bound > 1) return {...base, default: {fn: 'now'}};
			if (['email', 'text', 'uuid', 'date', 'timestamptz', 'inet', 'url', 'bigint', 'int'].includes(type)) return {...base, unique};
			return base;
		});

/**
 * Valid sessions with 1 to 4 entities. The project name names the RLS role, which belongs to the
 * whole server: test files running at once on one server each pass their own.
 */
export const arbitrarySession = (project: string): fc.Arbitrary<Session> => fc
	.record({
		tableCount: fc.integer({min: 1, max: 4}),
		fieldNames: fc.array(fc.subarray(FIELDS, {minLength: 1, maxLength: 5}), {minLength: 4, maxLength: 4}),
		seeds: fc.array(fc.integer({min: 0, max: 1000}), {minLength: 12, maxLength: 12}),
		keys: fc.constantFrom('bigint-identity', 'uuid') as fc.Arbitrary<'bigint-identity' | 'uuid'>,
		isolation: fc.constantFrom('none', 'user-app', 'user-rls'),
		audit: fc.boolean(),
		volumes: fc.array(fc.constantFrom('thousands', 'millions', 'billions', 500) as fc.Arbitrary<'thousands' | 'millions' | 'billions' | number>, {minLength: 4, maxLength: 4}),
	})
	.chain((shape) =>
		fc.tuple(...shape.fieldNames.slice(0, shape.tableCount).map((names) => fc.tuple(...names.map(field)))).map((fieldSets) => ({shape, fieldSets})),
	)
	.map(({shape, fieldSets}) => {
		const isolated = shape.isolation !== 'none';
		const names = [...(isolated ? ['users'] : []), ...TABLES.slice(0, shape.tableCount)];
		const entities = names.map((name, position) => {
			const own = isolated ? position - 1 : position;
			const fields = own >= 0 ? fieldSets[own]! : [{name: 'email', type: 'email' as const, unique: true}];
			const seed = shape.seeds[position] ?? 0;
			const searchable = fields.filter((candidate) => candidate.type === 'text' && !candidate.array).map((candidate) => candidate.name);
			return {
				name,
				fields,
				volume: own >= 0 ? shape.volumes[own]! : ('thousands' as const),
				softDelete: seed % 3 === 0,
				appendOnly: seed % 5 === 0,
				...(searchable.length > 0 && seed % 4 === 1 ? {search: {fields: searchable}} : {}),
			};
		});
		const relationships: NonNullable<SessionInput['relationships']> = [];
		for (let position = 1; position < names.length; position++) {
			const seed = shape.seeds[position + 4] ?? 0;
			const parent = names[seed % position]!;
			const child = names[position]!;
			if (isolated && parent === 'users') continue;
			const kind = seed % 4 === 0 ? 'many-to-many' : seed % 4 === 1 ? 'one-to-one' : 'one-to-many';
			if (kind === 'many-to-many') relationships.push({kind, left: child, right: parent});
			else relationships.push({kind, parent, child, required: seed % 2 === 0, onDelete: seed % 2 === 0 ? 'cascade' : 'set-null'});
			if (seed % 7 === 3) relationships.push({kind: 'one-to-many', parent: child, child, required: false, onDelete: 'set-null'});
		}
		const first = entities.find((entity) => entity.name !== 'users' && entity.fields.length > 0);
		const sortable = first?.fields.find((candidate) => ['date', 'timestamptz', 'int', 'bigint', 'text'].includes(candidate.type) && !candidate.array);
		const nullable = first?.fields.find((candidate) => candidate.required === false && !candidate.array && candidate.type !== 'password');
		const accessPatterns = first
			? [
					{name: 'ListFirst', entity: first.name, ...(sortable ? {sort: [{column: sortable.name, direction: 'desc' as const}]} : {}), ...(nullable ? {conditions: [{column: nullable.name, is: 'not-null' as const}]} : {}), perSecond: 50},
					{name: 'CountFirst', entity: first.name, kind: 'count' as const},
				]
			: [];
		return Session.parse({
			version: 1,
			project: {name: project},
			entities,
			relationships,
			accessPatterns,
			isolation: isolated ? {mode: 'user', enforcement: shape.isolation === 'user-rls' ? 'rls' : 'application'} : {mode: 'none'},
			keys: {primaryKey: shape.keys},
			audit: {timestamps: shape.audit},
		});
	});
