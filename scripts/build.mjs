// Bundles the CLI into dist/ (one ESM entry, lazily loaded chunks): start-up reads a few files
// instead of hundreds. PGlite stays external: it loads its WebAssembly and data files from its package.
import {build} from 'esbuild';

await build({
	entryPoints: {cli: 'source/cli.tsx'},
	outdir: 'dist',
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	minify: true,
	sourcemap: 'linked',
	define: {'process.env.NODE_ENV': '"production"'},
	external: ['@electric-sql/pglite', '@electric-sql/pglite/*', 'libpg-query', 'pg-native'],
	alias: {'react-devtools-core': './scripts/devtools-stub.js'},
	// Bundled CommonJS modules call require(); give the ESM bundle one.
	banner: {js: "import {createRequire as __pgdCreateRequire} from 'node:module'; const require = __pgdCreateRequire(import.meta.url);"},
	logLevel: 'warning',
});
