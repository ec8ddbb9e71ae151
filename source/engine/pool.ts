/**
 * Connection-pool sizing from the deployment: how many connections each application instance
 * keeps, how many the database serves at once, and PgBouncer's settings — with the arithmetic
 * written out, so the numbers can be checked and changed.
 */
import type {PoolSizing} from '../model/design.js';
import type {Session} from '../model/session.js';

/** Connections PostgreSQL keeps for superusers (superuser_reserved_connections default). */
const SUPERUSER_RESERVED = 3;
/** Room left for migrations, psql sessions, monitoring and replication. */
const MAINTENANCE_HEADROOM = 5;
/** Application-side connections per worker: async workers overlap a few queries each. */
const CLIENT_CONNECTIONS_PER_WORKER = 5;

/**
 * Sizes the pools.
 *
 * Active server connections: cores x 2 + 2. A core runs one query at a time; the second per core
 * covers queries waiting on I/O, the +2 covers storage (the old "effective spindle count").
 * More connections than that queue inside PostgreSQL and add context switches, not throughput.
 *
 * @example sizePool({appInstances: 4, workersPerInstance: 2, databaseCores: 4, maxConnections: 100, pooler: 'pgbouncer'})
 *   // 40 clients; PgBouncer default_pool_size 10
 */
export function sizePool(deployment: Session['deployment']): PoolSizing {
	const {appInstances, workersPerInstance, databaseCores, maxConnections, pooler} = deployment;
	const usable = Math.max(1, maxConnections - SUPERUSER_RESERVED - MAINTENANCE_HEADROOM);
	const active = Math.min(databaseCores * 2 + 2, usable);
	const reasoning: string[] = [
		`Active server connections: ${databaseCores} cores x 2 + 2 = ${databaseCores * 2 + 2}${active < databaseCores * 2 + 2 ? `, capped at ${active} by max_connections ${maxConnections} - ${SUPERUSER_RESERVED} reserved - ${MAINTENANCE_HEADROOM} headroom` : ''}. More would queue inside PostgreSQL and add context switches, not throughput.`,
	];
	if (pooler === 'pgbouncer') {
		const poolPerInstance = workersPerInstance * CLIENT_CONNECTIONS_PER_WORKER;
		const clientConnections = appInstances * poolPerInstance;
		const maxClientConn = Math.ceil((clientConnections * 1.5) / 10) * 10;
		reasoning.push(
			`Clients: ${appInstances} instances x ${workersPerInstance} workers x ${CLIENT_CONNECTIONS_PER_WORKER} = ${clientConnections} connections to PgBouncer; client connections are cheap there.`,
			`PgBouncer in transaction mode multiplexes them onto ${active} server connections (default_pool_size), plus reserve_pool_size 2 for bursts.`,
			'Transaction mode keeps no session state between transactions: use SET LOCAL or set_config(..., true) (as the RLS owner setting does), no session advisory locks, no LISTEN; PgBouncer 1.21+ handles protocol-level prepared statements (max_prepared_statements).',
			`max_client_conn ${maxClientConn} leaves room for one extra instance during a rolling deploy.`,
		);
		return {
			appInstances,
			workersPerInstance,
			databaseCores,
			maxConnections,
			pooler,
			poolPerInstance,
			serverConnections: active,
			clientConnections,
			reasoning,
			pgbouncerIni: [
				'[pgbouncer]',
				'pool_mode = transaction',
				`default_pool_size = ${active}`,
				'reserve_pool_size = 2',
				'reserve_pool_timeout = 3',
				`max_client_conn = ${maxClientConn}`,
				`max_db_connections = ${Math.min(usable, active + 2)}`,
				'max_prepared_statements = 100',
				'server_idle_timeout = 600',
				'query_wait_timeout = 30',
			].join('\n'),
		};
	}
	const poolPerInstance = Math.max(2, Math.floor(active / appInstances));
	const clientConnections = poolPerInstance * appInstances;
	reasoning.push(
		`Without a pooler each instance holds its own pool: ${active} / ${appInstances} instances = ${poolPerInstance} per instance (at least 2), ${clientConnections} in all.`,
		clientConnections > usable
			? `${clientConnections} connections exceed the ${usable} that max_connections ${maxConnections} leaves: add PgBouncer, or fewer instances.`
			: `Workers beyond ${poolPerInstance} per instance wait for a connection (set the pool's timeout to about the p95 target) rather than overloading the server.`,
	);
	return {
		appInstances,
		workersPerInstance,
		databaseCores,
		maxConnections,
		pooler,
		poolPerInstance,
		serverConnections: clientConnections,
		clientConnections,
		reasoning,
	};
}
