/**
 * The state of a choice list: the highlighted option, the window of visible rows, and for a
 * multiple choice the ticked options. A pure reducer.
 */

export interface ChoiceListState {
	readonly count: number;
	readonly highlighted: number;
	/** First visible row. */
	readonly offset: number;
	/** How many rows fit. */
	readonly visible: number;
	readonly ticked: ReadonlySet<number>;
}

export type ChoiceListAction =
	| {readonly type: 'up'}
	| {readonly type: 'down'}
	| {readonly type: 'page-up'}
	| {readonly type: 'page-down'}
	| {readonly type: 'toggle'}
	| {readonly type: 'reset'; readonly count: number; readonly highlighted: number; readonly visible: number; readonly ticked?: ReadonlySet<number>};

/** A list of `count` options showing `visible` rows at a time. */
export function choiceList(count: number, highlighted = 0, visible = 8, ticked: ReadonlySet<number> = new Set()): ChoiceListState {
	const start = Math.min(Math.max(0, highlighted), Math.max(0, count - 1));
	return {count, highlighted: start, offset: Math.max(0, Math.min(start - Math.floor(visible / 2), count - visible)), visible, ticked};
}

function moveTo(state: ChoiceListState, highlighted: number): ChoiceListState {
	const target = Math.min(Math.max(0, highlighted), Math.max(0, state.count - 1));
	let offset = state.offset;
	if (target < offset) offset = target;
	if (target >= offset + state.visible) offset = target - state.visible + 1;
	return {...state, highlighted: target, offset};
}

export function choiceListReducer(state: ChoiceListState, action: ChoiceListAction): ChoiceListState {
	switch (action.type) {
		case 'up':
			return moveTo(state, state.highlighted === 0 ? state.count - 1 : state.highlighted - 1);
		case 'down':
			return moveTo(state, state.highlighted === state.count - 1 ? 0 : state.highlighted + 1);
		case 'page-up':
			return moveTo(state, state.highlighted - state.visible);
		case 'page-down':
			return moveTo(state, state.highlighted + state.visible);
		case 'toggle': {
			const ticked = new Set(state.ticked);
			if (ticked.has(state.highlighted)) ticked.delete(state.highlighted);
			else ticked.add(state.highlighted);
			return {...state, ticked};
		}
		case 'reset':
			return choiceList(action.count, action.highlighted, action.visible, action.ticked);
	}
}
