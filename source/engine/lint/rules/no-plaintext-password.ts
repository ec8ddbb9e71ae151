/**
 * no-plaintext-password: passwords are stored only as a hash. A column named password, passwd,
 * pass or pwd (or ending in _password, _passwd, _pwd) that is not a hash (role password-hash, or a
 * name ending in _hash or _digest) holds what users typed — readable in every backup, replica,
 * dump and log of the table, and reused by people on their other accounts.
 *
 * The fix renames the column to <name>_hash and hashes the stored values in place with bcrypt
 * (pgcrypto's crypt() with gen_salt('bf')), which the usual bcrypt libraries verify; new hashes are
 * best made by the application (argon2id, or bcrypt).
 */
import type {Column, Table} from '../../../model/design.js';
import {quoteIdent, quoteTable} from '../../sql.js';
import {findColumn} from '../design-facts.js';
import type {Rule, Violation} from '../rule.js';

const NAMES: ReadonlySet<string> = new Set(['password', 'passwd', 'pass', 'pwd']);
const SUFFIXES = ['_password', '_passwd', '_pwd'];
const TEXT_TYPES: ReadonlySet<string> = new Set(['text', 'varchar', 'citext']);

/** Password columns hold a hash only. */
export const rule: Rule = {
	id: 'no-plaintext-password',
	summary: 'Passwords are stored only as a hash (argon2id or bcrypt), never as written.',
	defaultSeverity: 'error',
	check(design) {
		const violations: Violation[] = [];
		for (const table of design.tables) {
			for (const column of table.columns) {
				if (!isPlaintextPassword(column)) continue;
				const fixSql = hashSql(table, column);
				violations.push({
					target: `${table.name}.${column.name}`,
					message:
						`${table.name}.${column.name} stores passwords as typed: anyone who reads the table, a backup or a replica has every password — ` +
						`and, since people reuse them, their other accounts too.`,
					action:
						`Store only a hash made by the application (argon2id, or bcrypt) and compare by hashing the attempt. ` +
						`The SQL renames the column to ${column.name}_hash and hashes what is stored with bcrypt; if the table may have leaked, ask users to change their passwords.`,
					...(fixSql ? {fixSql} : {}),
				});
			}
		}
		return violations;
	},
};

function isPlaintextPassword(column: Column): boolean {
	if (column.role === 'password-hash' || !TEXT_TYPES.has(column.type.name) || column.type.isArray) return false;
	const name = column.name.toLowerCase();
	if (name.endsWith('_hash') || name.endsWith('_digest')) return false;
	return NAMES.has(name) || SUFFIXES.some((suffix) => name.endsWith(suffix));
}

function hashSql(table: Table, column: Column): string | undefined {
	const hashName = `${column.name}_hash`;
	if (findColumn(table, hashName)) return undefined;
	const target = quoteTable(table);
	const hash = quoteIdent(hashName);
	// Length and format rules were written for the password, not for a 60-character hash.
	const checks = table.checks.filter((check) => check.rule.column === column.name);
	return [
		'CREATE EXTENSION IF NOT EXISTS pgcrypto;',
		...checks.map((check) => `ALTER TABLE ${target} DROP CONSTRAINT ${quoteIdent(check.name)};`),
		`ALTER TABLE ${target} RENAME COLUMN ${quoteIdent(column.name)} TO ${hash};`,
		...(column.type.name === 'text' ? [] : [`ALTER TABLE ${target} ALTER COLUMN ${hash} TYPE text;`]),
		`UPDATE ${target} SET ${hash} = crypt(${hash}, gen_salt('bf', 12)) WHERE ${hash} IS NOT NULL;`,
	].join('\n');
}
