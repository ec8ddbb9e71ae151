/**
 * The presets the first screen lists, as the examples of examples/ spell them: labels and a
 * summary, read from the JSON without parsing a session, so the first frame needs neither the
 * session schema nor the engine. presets.ts turns each into a session when one is opened.
 */
import blog from '../examples/blog.json' with {type: 'json'};
import saas from '../examples/saas.json' with {type: 'json'};
import shop from '../examples/shop.json' with {type: 'json'};
import todo from '../examples/todo.json' with {type: 'json'};

export type PresetId = 'todo' | 'blog' | 'saas' | 'shop' | 'blank';

/** What the first screen shows of a preset; `example` is the raw session it starts from. */
export interface PresetEntry {
	readonly id: PresetId;
	readonly label: string;
	readonly hint: string;
	readonly summary: string;
	readonly example: unknown;
}

interface ExampleShape {
	readonly entities?: readonly {readonly fields?: readonly unknown[]}[];
	readonly relationships?: readonly unknown[];
	readonly accessPatterns?: readonly unknown[];
}

const BLANK = {version: 1, project: {name: 'my-app'}, preset: 'blank'};

/** A one-line summary of what a preset fills in. */
function summaryOf(label: string, example: ExampleShape): string {
	const entities = example.entities ?? [];
	if (entities.length === 0) return 'Starts empty: you name the entities and their fields. Nothing is written until phase 4.';
	const fields = entities.reduce((sum, entity) => sum + (entity.fields?.length ?? 0), 0);
	return `${label} fills in ${entities.length} tables, ${fields} fields, ${example.relationships?.length ?? 0} relationships and ${example.accessPatterns?.length ?? 0} access patterns, each one editable. Nothing is written until phase 4.`;
}

function entry(id: PresetId, label: string, hint: string, example: object): PresetEntry {
	return {id, label, hint, summary: summaryOf(label, example as ExampleShape), example};
}

/** Every preset, in the order the first screen lists them. */
export const PRESET_LIST: readonly PresetEntry[] = [
	entry('todo', 'Multi-user todo', 'users, tasks, tags, task_tags; rows private per user', todo),
	entry('blog', 'Blog', 'authors, posts, comments, tags; full-text search', blog),
	entry('saas', 'Multi-tenant SaaS', 'tenants, members, projects, issues; rows isolated per tenant', saas),
	entry('shop', 'Shop', 'customers, products, orders, order_items; money', shop),
	entry('blank', 'Blank', 'no tables; you enter every entity', BLANK),
];
