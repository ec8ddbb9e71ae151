/**
 * The rules of the command line's option values (parseArgs has checked their names and types):
 * a whole --sample-rows in range, a known --fail-on level, no empty paths.
 */
import {z} from 'zod';

export const Options = z.strictObject({
	out: z.string().min(1).optional(),
	force: z.boolean().optional(),
	'no-validate': z.boolean().optional(),
	'sample-rows': z
		.string()
		.regex(/^\d+$/, '--sample-rows takes a whole number, like 50000')
		.transform(Number)
		.pipe(z.number().int().min(100, '--sample-rows must be at least 100').max(100_000_000))
		.optional(),
	json: z.boolean().optional(),
	'fail-on': z.enum(['error', 'warning', 'info', 'none']).optional(),
	plain: z.boolean().optional(),
	'database-url': z.string().min(1).optional(),
	queries: z.string().min(1).optional(),
	migration: z.boolean().optional(),
	alembic: z.boolean().optional(),
	rename: z.array(z.string().min(1)).optional(),
	backfill: z.array(z.string().min(1)).optional(),
	'allow-drop': z.array(z.string().min(1)).optional(),
	'session-dir': z.string().min(1).optional(),
	help: z.boolean().optional(),
	version: z.boolean().optional(),
});

export type CliOptions = z.infer<typeof Options>;
