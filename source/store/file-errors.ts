/**
 * What a failed file operation means, in the words an error message uses.
 */
export function fileErrorReason(error: unknown): string {
	switch ((error as NodeJS.ErrnoException).code) {
		case 'EACCES':
		case 'EPERM':
			return 'permission denied';
		case 'ENOSPC':
		case 'EDQUOT':
			return 'the disk is full';
		case 'EROFS':
			return 'the file system is read-only';
		case 'ENOENT':
			return 'no such file or folder';
		case 'ENOTDIR':
			return 'a file stands where a folder should be';
		case 'EISDIR':
			return 'a folder stands where a file should be';
		default:
			return (error as Error).message;
	}
}
