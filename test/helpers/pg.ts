/**
 * A real PostgreSQL server for tests: PG_TEST_URL, or the local socket when it answers.
 * Each test gets a throwaway database it drops afterwards.
 */
import {randomBytes} from 'node:crypto';
import pg from 'pg';

/** The server URL tests use, decided once by the global setup (empty when none answers). */
export function serverUrl(): string | undefined {
	return process.env.PG_TEST_URL || undefined;
}

/** A throwaway database on the test server, with its URL; drop() removes it. */
export interface ThrowawayDatabase {
	readonly url: string;
	readonly name: string;
	readonly client: pg.Client;
	drop(): Promise<void>;
}

/** Creates a database named pgd_test_<random> and connects to it. */
export async function createThrowawayDatabase(baseUrl: string): Promise<ThrowawayDatabase> {
	const name = `pgd_test_${randomBytes(6).toString('hex')}`;
	const admin = new pg.Client({connectionString: baseUrl});
	await admin.connect();
	try {
		await admin.query(`CREATE DATABASE ${name}`);
	} finally {
		await admin.end();
	}
	const url = withDatabase(baseUrl, name);
	const client = new pg.Client({connectionString: url});
	await client.connect();
	client.on('notice', () => undefined);
	return {
		url,
		name,
		client,
		async drop() {
			await client.end().catch(() => undefined);
			const dropper = new pg.Client({connectionString: baseUrl});
			await dropper.connect();
			try {
				await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
			} finally {
				await dropper.end();
			}
		},
	};
}

/** The same server URL with another database name. */
export function withDatabase(url: string, database: string): string {
	const parsed = new URL(url);
	parsed.pathname = `/${database}`;
	return parsed.toString();
}

/** The test server as a validation target. */
export function testServer(): {connectionString: string; shown: string} {
	return {connectionString: serverUrl()!, shown: 'the test server'};
}
