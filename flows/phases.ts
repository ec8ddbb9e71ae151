/**
 * The wizard's five phases, by number: what the frame's phase line and the resume lines name.
 * Kept apart from the steps so the first frame draws them without loading the engine.
 */
export type PhaseNumber = 1 | 2 | 3 | 4 | 5;

/** The five phases, in order. */
export const PHASES: readonly {readonly number: PhaseNumber; readonly name: string}[] = [
	{number: 1, name: 'Requirements'},
	{number: 2, name: 'Schema'},
	{number: 3, name: 'Indexes'},
	{number: 4, name: 'Implementation'},
	{number: 5, name: 'Optimization'},
];
