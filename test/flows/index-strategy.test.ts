import {describe, expect, it} from 'vitest';
import {parseIndexLine} from '../../flows/index-strategy.js';
import {PRESETS} from '../../flows/presets.js';
import {deriveDesign} from '../../source/engine/derive.js';

const design = deriveDesign(PRESETS[0]!.session);

describe('parseIndexLine', () => {
	it('reads an added index with its order, condition and reason', () => {
		expect(parseIndexLine('tasks (priority, due desc) where completed_at is null because the weekly report sorts by it', design)).toEqual({
			ok: true,
			addition: {
				entity: 'tasks',
				columns: ['priority', {column: 'due', direction: 'desc'}],
				unique: false,
				include: [],
				where: [{column: 'completed_at', is: 'null'}],
				method: 'btree',
				reason: 'the weekly report sorts by it',
			},
		});
	});

	it('names the table or column that does not exist, and asks for a reason', () => {
		expect(parseIndexLine('taks (priority) because x', design)).toMatchObject({ok: false, error: expect.stringContaining('There is no table taks')});
		expect(parseIndexLine('tasks (prio) because x', design)).toEqual({ok: false, error: 'tasks has no column prio.'});
		expect(parseIndexLine('tasks (priority)', design)).toMatchObject({ok: false, error: expect.stringContaining('because reason')});
	});
});
