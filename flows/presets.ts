/**
 * The presets a design can start from: the examples of examples/, plus a blank start. The
 * examples are the one source: the wizard's todo preset is examples/todo.json.
 */
import blog from '../examples/blog.json' with {type: 'json'};
import saas from '../examples/saas.json' with {type: 'json'};
import shop from '../examples/shop.json' with {type: 'json'};
import todo from '../examples/todo.json' with {type: 'json'};
import {Session} from '../source/model/session.js';

export interface Preset {
	readonly id: 'todo' | 'blog' | 'saas' | 'shop' | 'blank';
	readonly label: string;
	readonly hint: string;
	readonly session: Session;
}

function fromExample(example: unknown): Session {
	const {$schema: _schema, ...session} = Session.parse(example);
	return session;
}

/** Every preset, in the order the first screen lists them. */
export const PRESETS: readonly Preset[] = [
	{id: 'todo', label: 'Multi-user todo', hint: 'users, tasks, tags, task_tags; rows private per user', session: fromExample(todo)},
	{id: 'blog', label: 'Blog', hint: 'authors, posts, comments, tags; full-text search', session: fromExample(blog)},
	{id: 'saas', label: 'Multi-tenant SaaS', hint: 'tenants, members, projects, issues; rows isolated per tenant', session: fromExample(saas)},
	{id: 'shop', label: 'Shop', hint: 'customers, products, orders, order_items; money', session: fromExample(shop)},
	{id: 'blank', label: 'Blank', hint: 'no tables; you enter every entity', session: Session.parse({version: 1, project: {name: 'my-app'}, preset: 'blank'})},
];

/** A one-line summary of what a preset fills in. */
export function presetSummary(preset: Preset): string {
	const {session} = preset;
	if (session.entities.length === 0) return 'Starts empty: you name the entities and their fields. Nothing is written until phase 4.';
	const fields = session.entities.reduce((sum, entity) => sum + entity.fields.length, 0);
	return `${preset.label} fills in ${session.entities.length} tables, ${fields} fields, ${session.relationships.length} relationships and ${session.accessPatterns.length} access patterns, each one editable. Nothing is written until phase 4.`;
}
