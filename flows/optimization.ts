/**
 * Phase 5, Optimization: the deployment facts that size the connection pools, then the pool
 * sizing and PERFORMANCE.md, and the final write.
 */
import type {Session} from '../source/model/session.js';
import type {Step, TextStep} from './step.js';

type Deployment = Session['deployment'];

function countStep(session: Session, key: 'appInstances' | 'workersPerInstance' | 'databaseCores' | 'maxConnections', prompt: string, help: string, max: number): TextStep {
	return {
		id: `deployment:${key}`,
		phase: 5,
		kind: 'number',
		breadcrumb: 'Optimization > Deployment',
		prompt,
		help: [help],
		writes: `deployment.${key}`,
		value: String(session.deployment[key]),
		validate: (text) => (/^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= max ? undefined : `A whole number from 1 to ${max.toLocaleString('en-US')}.`),
		apply: (current, text) => ({...current, deployment: {...current.deployment, [key]: Number(text)} as Deployment}),
	};
}

/** The steps of phase 5. */
export function optimizationSteps(session: Session): Step[] {
	return [
		countStep(session, 'appInstances', 'How many application instances (containers, processes) run at peak?', 'Each keeps its own pool of connections.', 10_000),
		countStep(session, 'workersPerInstance', 'How many workers (threads, event-loop tasks) per instance use the database?', 'A worker holds a connection while it runs a query.', 1000),
		countStep(session, 'databaseCores', 'How many CPU cores does the database server have?', 'Active connections beyond about twice the cores only queue.', 1024),
		{
			id: 'deployment:pooler',
			phase: 5,
			kind: 'select',
			breadcrumb: 'Optimization > Deployment',
			prompt: 'A connection pooler in front of PostgreSQL?',
			writes: 'deployment.pooler',
			value: session.deployment.pooler,
			choices: [
				{value: 'pgbouncer', label: 'PgBouncer', tradeoff: 'Thousands of cheap client connections on a few server ones; transaction mode.', recommended: true},
				{value: 'none', label: 'None', tradeoff: 'Each instance connects directly: pools must add up under max_connections.'},
			],
			apply: (current, value) => ({...current, deployment: {...current.deployment, pooler: value as Deployment['pooler']}}),
		},
		{id: 'pool', phase: 5, kind: 'pool', breadcrumb: 'Optimization > pools and PERFORMANCE.md', prompt: 'Pool sizing, transactions, monitoring and growth.', writes: 'wizard.written'},
	];
}
