/**
 * Whether a process of this host still runs: how a lock or a temporary folder left by a killed
 * pg-designer is told from one in use.
 */
export function isRunning(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: it runs, as another user.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}
