/**
 * Row counts from the user's volume answers, and the thresholds where the design changes.
 */
import type {Volume} from '../model/session.js';

/** Rows a table is expected to hold for each rough answer. */
export const VOLUME_ROWS = {thousands: 10_000, millions: 5_000_000, billions: 2_000_000_000} as const;

/** From this many rows, keys are bigint everywhere and random UUID keys cost noticeable index writes. */
export const MILLIONS = 1_000_000;
/** From this many rows, tables are partitioned. */
export const BILLIONS = 1_000_000_000;

/**
 * The expected row count.
 *
 * @example volumeRows('millions') // 5000000
 */
export function volumeRows(volume: Volume): number {
	return typeof volume === 'number' ? volume : VOLUME_ROWS[volume];
}

/** A row count as people say it: 2,000,000. */
export function formatCount(count: number): string {
	return Math.round(count).toLocaleString('en-US');
}

/** The volume band of a row count. */
export function volumeBand(rows: number): 'thousands' | 'millions' | 'billions' {
	if (rows >= BILLIONS) return 'billions';
	if (rows >= MILLIONS) return 'millions';
	return 'thousands';
}
