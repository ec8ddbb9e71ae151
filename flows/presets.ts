/**
 * The presets a design can start from: the examples of examples/, plus a blank start. The
 * examples are the one source: the wizard's todo preset is examples/todo.json.
 */
import {Session} from '../source/model/session.js';
import {PRESET_LIST, type PresetEntry, type PresetId} from './preset-list.js';

export type {PresetId} from './preset-list.js';

export interface Preset extends PresetEntry {
	readonly session: Session;
}

function fromExample(example: unknown): Session {
	const {$schema: _schema, ...session} = Session.parse(example);
	return session;
}

/** Every preset, in the order the first screen lists them, with the session it opens. */
export const PRESETS: readonly Preset[] = PRESET_LIST.map((entry) => ({...entry, session: fromExample(entry.example)}));

/** The session a preset opens. */
export function presetSession(id: PresetId): Session {
	return PRESETS.find((preset) => preset.id === id)!.session;
}
