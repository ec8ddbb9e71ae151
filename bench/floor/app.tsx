// The floor of the start-up benchmark: the smallest Ink app, bundled the way the CLI is.
import {Text, render} from 'ink';

render(<Text>floor ready</Text>);
