/**
 * Reading SQL text as PostgreSQL prints it (pg_get_indexdef, pg_get_constraintdef, pg_get_expr):
 * quotes, parentheses, AND-ed parts, identifiers. Used by introspection and by the lint rules that
 * judge what an existing database holds. Pure: no parser round trip for a few characters of text.
 */

/** The position of the quote closing the one at `open` (a doubled quote is part of the text), or the text's length. */
export function closingQuote(text: string, open: number): number {
	const quote = text[open]!;
	for (let position = open + 1; position < text.length; position++) {
		if (text[position] !== quote) continue;
		if (text[position + 1] === quote) position++;
		else return position;
	}
	return text.length;
}

/** The position of the parenthesis closing the one at `open`, or -1. */
export function matchingParen(text: string, open: number): number {
	let depth = 0;
	for (let position = open; position < text.length; position++) {
		const char = text[position]!;
		if (char === '"' || char === "'") position = closingQuote(text, position);
		else if (char === '(') depth++;
		else if (char === ')' && --depth === 0) return position;
	}
	return -1;
}

/** The position of `needle` outside quotes and parentheses, or -1. */
export function findTopLevel(text: string, needle: string, from: number): number {
	let depth = 0;
	for (let position = from; position < text.length; position++) {
		const char = text[position]!;
		if (char === '"' || char === "'") {
			position = closingQuote(text, position);
			continue;
		}
		if (char === '(') depth++;
		else if (char === ')') depth--;
		else if (depth === 0 && text.startsWith(needle, position)) return position;
	}
	return -1;
}

/** Splits on a separator outside quotes and parentheses. */
export function splitTopLevel(text: string, separator: string): string[] {
	const parts: string[] = [];
	let start = 0;
	for (let position = findTopLevel(text, separator, 0); position >= 0; position = findTopLevel(text, separator, start)) {
		parts.push(text.slice(start, position));
		start = position + separator.length;
	}
	parts.push(text.slice(start));
	return parts;
}

/** An expression without the parentheses that enclose all of it. */
export function stripParens(sql: string): string {
	let text = sql.trim();
	while (text.startsWith('(') && matchingParen(text, 0) === text.length - 1) text = text.slice(1, -1).trim();
	return text;
}

/** The AND-ed parts of a boolean expression as PostgreSQL prints it: `((a IS NOT NULL) AND (b > 5))` gives both, outer parentheses removed. */
export function conjuncts(sql: string): string[] {
	return splitTopLevel(stripParens(sql), ' AND ').map(stripParens);
}

/** An identifier as the catalog holds it, quotes removed. */
export function unquoteIdent(text: string): string {
	return /^".*"$/.test(text) ? text.slice(1, -1).replaceAll('""', '"') : text;
}

/** Text that a RegExp matches literally. */
export function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Whether an expression names a column (or another identifier) as a word of its own, quoted or not.
 *
 * @example mentionsIdentifier('lower((email)::text)', 'email') // true
 * @example mentionsIdentifier('email_domain', 'email') // false
 */
export function mentionsIdentifier(sql: string, name: string): boolean {
	const quoted = escapeRegExp(`"${name.replaceAll('"', '""')}"`);
	return new RegExp(`(^|[^\\w"$])(${quoted}|${escapeRegExp(name)})($|[^\\w"$])`).test(sql);
}
