/**
 * What the CLI renders: the first screen at once, while the rest of the wizard (the flows, the
 * session schema, the engine) loads behind it. The app then takes over with the same screen,
 * interactive; keys typed meanwhile wait in the terminal's input.
 */
import React, {Suspense, lazy} from 'react';
import type {AppProps} from './app.js';
import {StartFrame} from './screens/start-screen.js';

const App = lazy(async () => ({default: (await import('./app.js')).App}));

const ignore = () => {};

export function Boot(props: AppProps): React.JSX.Element {
	const loading = (
		<StartFrame
			theme={props.theme}
			version={props.version}
			status={{text: props.initial ? `opening ${props.initial.project.name}` : 'no session open'}}
			saved={[]}
			sessionFolder={props.services.sessionFolder}
			isActive={false}
			onOpen={ignore}
			onOpenPreset={ignore}
			onHelp={ignore}
			onProblem={ignore}
		/>
	);
	return (
		<Suspense fallback={loading}>
			<App {...props} />
		</Suspense>
	);
}
