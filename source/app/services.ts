/**
 * What the wizard needs from the world, passed in by the CLI: saving the session, validating on a
 * database, writing the folder, listing saved sessions. The screens stay free of I/O, and tests
 * pass fakes or the real thing.
 */
import type {ValidationProgress} from '../db/validate.js';
import type {Design} from '../model/design.js';
import type {Session} from '../model/session.js';
import type {ValidationReport} from '../model/validation.js';
import type {WriteRequest, Written} from '../export/write-design.js';

export type {WriteRequest, Written} from '../export/write-design.js';

/** A session file found in the session folder. */
export interface SavedSession {
	readonly file: string;
	readonly name: string;
	/** Where it stands ("3 Indexes"), or why it cannot be opened. */
	readonly summary: string;
	readonly savedAt?: Date;
	readonly session?: Session;
	readonly problem?: string;
}

export interface WizardServices {
	/** Makes the session this wizard's own (its lock); rejects with a reason when another wizard has it open. */
	claim(session: Session): Promise<void>;
	/** Saves the session after an answer, in order; resolves with the file, or rejects with a reason. */
	save(session: Session): Promise<string>;
	listSessions(): Promise<SavedSession[]>;
	validate(design: Design, files: ReadonlyMap<string, string>, onProgress: (progress: ValidationProgress) => void): Promise<ValidationReport>;
	/**
	 * Writes the folder: the first migration, or a new one for what changed since the folder's last
	 * write (asking what it needs to know). Rejects with a UserError when the folder holds edited
	 * files and force is off.
	 */
	write(request: WriteRequest): Promise<Written>;
	/** The folder the session files live in, for the first screen. */
	readonly sessionFolder: string;
}
