/**
 * Decides once which PostgreSQL server the tests use: PG_TEST_URL when set (CI sets it; then it
 * must answer), else the local socket if a server answers there. When none does, server tests are
 * skipped and this says so loudly, once.
 */
import pg from 'pg';

const LOCAL_URL = 'postgresql://postgres@localhost/postgres?host=/var/run/postgresql';

export default async function setup(): Promise<void> {
	const configured = process.env.PG_TEST_URL;
	const candidate = configured || LOCAL_URL;
	const client = new pg.Client({connectionString: candidate, connectionTimeoutMillis: 3000});
	try {
		await client.connect();
		await client.query('SELECT 1');
		process.env.PG_TEST_URL = candidate;
	} catch (error) {
		if (configured) throw new Error(`PG_TEST_URL is set but the server does not answer: ${(error as Error).message}`);
		process.env.PG_TEST_URL = '';
		console.warn('\n!!! No PostgreSQL server answers (PG_TEST_URL unset, nothing on the local socket): tests that need a server are SKIPPED. !!!\n');
	} finally {
		await client.end().catch(() => undefined);
	}
}
