// The esbuild options of the CLI bundle, shared with the start-up benchmark's floor app so both
// are bundled the same way.
export const bundleOptions = {
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	minify: true,
	define: {'process.env.NODE_ENV': '"production"'},
	external: ['@electric-sql/pglite', '@electric-sql/pglite/*', 'libpg-query', 'pg-native'],
	alias: {'react-devtools-core': './scripts/devtools-stub.js'},
	// Bundled CommonJS modules call require(); give the ESM bundle one.
	banner: {js: "import {createRequire as __pgdCreateRequire} from 'node:module'; const require = __pgdCreateRequire(import.meta.url);"},
	logLevel: 'warning',
};
