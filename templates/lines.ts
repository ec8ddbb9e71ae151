/**
 * Small helpers for templates that build files from lines.
 */

/** Joins lines into file text ending with one newline. */
export function file(lines: readonly string[]): string {
	return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/**
 * Text that is safe inside a `--` SQL comment or a `#` Python comment: line breaks (which would
 * end the comment and let the rest run as code) become spaces.
 */
export function commentText(text: string): string {
	return text.replace(/[\r\n\u000b\u000c\u0085\u2028\u2029]+/g, ' ').trim();
}

/**
 * Wraps text into comment lines of at most `width` characters, each with the given prefix.
 *
 * @example commentLines('a long reason ...', '-- ') // ['-- a long', '-- reason ...']
 */
export function commentLines(text: string, prefix = '-- ', width = 100): string[] {
	const words = commentText(text).split(/\s+/).filter(Boolean);
	const lines: string[] = [];
	let current = '';
	for (const word of words) {
		if (current && prefix.length + current.length + 1 + word.length > width) {
			lines.push(prefix + current);
			current = word;
		} else {
			current = current ? `${current} ${word}` : word;
		}
	}
	if (current) lines.push(prefix + current);
	return lines.length > 0 ? lines : [prefix.trimEnd()];
}

/** Pads every first cell to the widest, for aligned columns. */
export function aligned(rows: readonly (readonly [string, string])[], indent = '    '): string[] {
	const width = Math.max(0, ...rows.map(([first]) => first.length));
	return rows.map(([first, rest]) => (rest ? `${indent}${first.padEnd(width)} ${rest}` : `${indent}${first}`));
}

/** A Markdown table. Cells have their pipes escaped and line breaks flattened. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
	const cell = (text: string) => commentText(text).replaceAll('|', '\\|');
	return [
		`| ${header.map(cell).join(' | ')} |`,
		`| ${header.map(() => '---').join(' | ')} |`,
		...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
	];
}
