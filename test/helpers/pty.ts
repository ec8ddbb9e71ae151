/**
 * The real binary in a pseudo-terminal (node-pty): keys in, screen text out.
 */
import pty from '@lydell/node-pty';

// CSI and OSC sequences, and the other escapes Ink writes.
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007|\u001b[()][0-9A-B]|\u001b[=>78]/g;

export interface PtySession {
	/** Everything written since the session started, without escape codes. */
	text(): string;
	/** Waits until text appears after the mark (the position when the last key was sent). */
	waitFor(text: string, timeoutMs?: number): Promise<void>;
	press(keys: string): Promise<void>;
	readonly exited: Promise<number>;
	kill(signal?: string): void;
	readonly pid: number;
}

/** Starts the CLI with arguments in a folder, at 80x24. */
export function spawnCli(cli: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): PtySession {
	// Ink (through is-in-ci) draws only the last frame when a CI variable exists at all, even empty.
	const {CI: _ci, CONTINUOUS_INTEGRATION: _integration, BUILD_NUMBER: _build, RUN_ID: _run, ...inherited} = process.env;
	const child = pty.spawn(process.execPath, [cli, ...args], {
		name: 'xterm-256color',
		cols: 80,
		rows: 24,
		cwd,
		env: {...inherited, NO_COLOR: '1', ...env} as Record<string, string>,
	});
	let output = '';
	let mark = 0;
	child.onData((data) => {
		output += data.replace(ANSI, '');
	});
	const exited = new Promise<number>((resolve) => child.onExit(({exitCode}) => resolve(exitCode)));
	return {
		pid: child.pid,
		text: () => output,
		async waitFor(text, timeoutMs = 15_000) {
			const started = Date.now();
			while (!output.slice(mark).includes(text)) {
				if (Date.now() - started > timeoutMs) throw new Error(`"${text}" did not appear within ${timeoutMs} ms; the screen ended with:\n${output.slice(-1500)}`);
				await new Promise((resolve) => setTimeout(resolve, 20));
			}
			// A screen's key handlers subscribe in an effect after its frame: on a loaded machine, not at once.
			await new Promise((resolve) => setTimeout(resolve, 80));
		},
		async press(keys) {
			mark = output.length;
			child.write(keys);
			await new Promise((resolve) => setTimeout(resolve, 10));
		},
		exited,
		kill: (signal) => child.kill(signal),
	};
}
