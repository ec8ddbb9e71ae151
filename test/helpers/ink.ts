/**
 * Driving Ink screens in tests: wait for the frame a key should produce, then send the next key.
 * A key sent right after a screen change can reach the old screen (Ink subscribes input in an
 * effect), so every press waits for its frame first.
 */

/** Key sequences as a terminal sends them. */
export const KEY = {
	enter: '\r',
	escape: '\u001b',
	up: '\u001b[A',
	down: '\u001b[B',
	tab: '\t',
	space: ' ',
	backspace: '\u007f',
	ctrlC: '\u0003',
} as const;

/** Resolves with the first frame that satisfies the predicate; fails with the last frame after the timeout. */
export async function waitForFrame(lastFrame: () => string | undefined, predicate: (frame: string) => boolean, timeoutMs = 5000): Promise<string> {
	const started = Date.now();
	for (;;) {
		const frame = lastFrame() ?? '';
		if (predicate(frame)) {
			// Let the screen's input handler subscribe before the next key.
			await new Promise((resolve) => setTimeout(resolve, 40));
			return frame;
		}
		if (Date.now() - started > timeoutMs) throw new Error(`no frame matched within ${timeoutMs} ms; the last one was:\n${frame}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

/** Waits for text on screen. */
export function waitForText(lastFrame: () => string | undefined, text: string, timeoutMs?: number): Promise<string> {
	return waitForFrame(lastFrame, (frame) => frame.includes(text), timeoutMs);
}

/** Types text a character at a time, as a person does (Ink takes a burst as one paste). */
export async function type(stdin: {write(data: string): void}, text: string): Promise<void> {
	for (const character of text) {
		stdin.write(character);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}
