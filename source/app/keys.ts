/**
 * The keys, in one table: the key bar's labels and the `?` overlay are generated from it.
 */

export type Command = 'choose' | 'back' | 'move' | 'page' | 'tab' | 'toggle' | 'suppress' | 'drop' | 'add' | 'help' | 'quit';

export interface KeyBinding {
	readonly command: Command;
	/** As the bar shows it. */
	readonly key: string;
	/** The bar's word for it, depending on the screen. */
	readonly label: string;
	/** The overlay's sentence. */
	readonly description: string;
}

/** Every binding, in the order the overlay lists them. */
export const KEYS: readonly KeyBinding[] = [
	{command: 'choose', key: 'Enter', label: 'choose', description: 'Take the option, add the line, finish the step'},
	{command: 'back', key: 'Esc', label: 'back', description: 'Back a step, across phases; closes an input or overlay first'},
	{command: 'move', key: 'Up/Dn', label: 'move', description: 'Move the highlight or scroll'},
	{command: 'page', key: 'PgUp/PgDn', label: 'page', description: 'Scroll a page'},
	{command: 'tab', key: 'Tab', label: 'next file', description: 'Complete a type; next file in the preview'},
	{command: 'toggle', key: 'Space', label: 'select', description: 'Tick or untick an option of a multiple choice'},
	{command: 'suppress', key: 's', label: 'suppress', description: 'Keep a finding, with a reason saved in the session'},
	{command: 'drop', key: 'd', label: 'drop', description: 'Drop the highlighted index (asks when it serves a pattern)'},
	{command: 'add', key: '+', label: 'add', description: 'Add an index by hand, with the reason for it'},
	{command: 'help', key: '?', label: 'help', description: 'This overlay'},
	{command: 'quit', key: 'Ctrl-C', label: 'quit', description: 'Save, stop any run, print the resume command'},
];

/**
 * The bar for a screen: the commands that work there (callers list help and quit last), with a
 * label override where it reads better. When it does not fit, the ones just before help and quit
 * go first: those two stay.
 */
export function keyBar(commands: readonly (Command | readonly [Command, string])[], width = 80): string {
	const entries = commands.map((entry) => {
		const [command, label] = typeof entry === 'string' ? [entry, undefined] : entry;
		const binding = KEYS.find((candidate) => candidate.command === command)!;
		return `${binding.key} ${label ?? binding.label}`;
	});
	while (entries.join('  ').length > width && entries.length > 2) entries.splice(entries.length - 3, 1);
	return entries.join('  ');
}
