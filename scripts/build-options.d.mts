import type {BuildOptions} from 'esbuild';

/** The esbuild options of the CLI bundle (see build-options.mjs). */
export declare const bundleOptions: BuildOptions;
