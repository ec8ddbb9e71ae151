/**
 * Colours are meanings: components ask for a token (accent, success, warning, danger, muted,
 * code), never a colour. NO_COLOR, TERM=dumb or a non-terminal drop colour here, once; the words
 * and glyphs stay.
 */

export type Token = 'accent' | 'success' | 'warning' | 'danger' | 'muted' | 'code';

export interface Theme {
	readonly color: (token: Token) => string | undefined;
	/** Whether muted text is drawn dim (off without colour: dim is a colour effect). */
	readonly isDimmable: boolean;
	readonly glyphs: {readonly done: string; readonly pointer: string; readonly warning: string; readonly error: string; readonly changed: string};
}

const COLOURS: Record<Token, string | undefined> = {
	accent: 'cyan',
	success: 'green',
	warning: 'yellow',
	danger: 'red',
	muted: 'gray',
	code: undefined,
};

/** The theme for an environment and a terminal. */
export function makeTheme(environment: NodeJS.ProcessEnv, isTerminal: boolean): Theme {
	const hasColour = isTerminal && environment.NO_COLOR === undefined && environment.TERM !== 'dumb';
	const unicode = hasColour && /UTF-?8/i.test(`${environment.LC_ALL ?? ''}${environment.LC_CTYPE ?? ''}${environment.LANG ?? ''}`);
	return {
		color: (token) => (hasColour ? COLOURS[token] : undefined),
		isDimmable: hasColour,
		glyphs: unicode
			? {done: '✓', pointer: '❯', warning: '▲', error: '✗', changed: '~'}
			: {done: '*', pointer: '>', warning: '!', error: 'x', changed: '~'},
	};
}

/** The plain theme: what tests and NO_COLOR see. */
export const PLAIN_THEME: Theme = makeTheme({NO_COLOR: '1'}, false);
