// Bundles the CLI into dist/ (one ESM entry, lazily loaded chunks): start-up reads a few files
// instead of hundreds. PGlite stays external: it loads its WebAssembly and data files from its package.
import {build} from 'esbuild';
import {bundleOptions} from './build-options.mjs';

await build({...bundleOptions, entryPoints: {cli: 'source/cli.tsx'}, outdir: 'dist', sourcemap: 'linked'});
