import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		globalSetup: ['test/global-setup.ts'],
		testTimeout: 120_000,
		hookTimeout: 120_000,
		// PGlite instances are big (hundreds of MB): two workers on two cores.
		maxWorkers: 2,
	},
});
