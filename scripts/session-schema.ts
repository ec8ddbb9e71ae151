// Writes session.schema.json from the zod Session schema: npm run schema. A test keeps it current.
import {writeFileSync} from 'node:fs';
import {sessionJsonSchema} from '../source/model/session-schema.js';

writeFileSync(new URL('../session.schema.json', import.meta.url), sessionJsonSchema());
