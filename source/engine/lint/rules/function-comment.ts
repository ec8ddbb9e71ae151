/**
 * function-comment: every function and procedure of a database says what it does, in a COMMENT:
 * what it computes or changes, what its arguments mean, and who calls it (a trigger, a job, the
 * application). The comment travels with the schema into psql's \df+, pg_dump and schema tools.
 * A blank comment counts as none.
 *
 * It reads the routines of a database (lint FILE.sql, lint --database-url); the functions the
 * engine writes into a design always carry a comment. Routines that belong to an extension are
 * the extension's business and are not read.
 */
import type {CatalogRoutine} from '../../../model/design.js';
import {quoteTable} from '../../sql.js';
import type {Rule, Violation} from '../rule.js';

const KEYWORD: Readonly<Record<CatalogRoutine['kind'], string>> = {function: 'FUNCTION', window: 'FUNCTION', procedure: 'PROCEDURE', aggregate: 'AGGREGATE'};

/** Every function and procedure has a comment. */
export const rule: Rule = {
	id: 'function-comment',
	summary: 'Every function and procedure of a database has a comment saying what it does.',
	defaultSeverity: 'info',
	check(design) {
		const violations: Violation[] = [];
		for (const routine of design.catalog?.routines ?? []) {
			const comment = routine.comment ?? '';
			if (comment.trim() !== '') continue;
			const kind = routine.kind === 'procedure' ? 'procedure' : routine.kind === 'aggregate' ? 'aggregate' : 'function';
			const signature = `${quoteTable({name: routine.name, schema: routine.schema === 'public' ? undefined : routine.schema})}(${routine.arguments})`;
			violations.push({
				target: `${routine.name}(${routine.arguments})`,
				objectType: kind,
				message:
					`The ${kind} ${routine.name}(${routine.arguments}) has ${comment === '' ? 'no comment' : 'a blank comment'}: whoever reads the schema must read its body ` +
					`to learn what it does, what its arguments mean and who calls it.`,
				action: `Describe it in a sentence: COMMENT ON ${KEYWORD[routine.kind]} ${signature} IS '...';`,
			});
		}
		return violations;
	},
};
