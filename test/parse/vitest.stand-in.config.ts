import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, mergeConfig } from 'vitest/config';
import base from '../../vitest.config.js';

/*
 * Temporary: until src/parse/form-js-schema.ts lands, run the parser tests with
 * `npx vitest run --config test/parse/vitest.stand-in.config.ts test/parse`; the alias maps the missing
 * module to a stand-in. Once the real module exists the alias switches itself off.
 */
const real = resolve(import.meta.dirname, '../../src/parse/form-js-schema.ts');
export default mergeConfig(
  base,
  defineConfig({
    resolve: {
      alias: existsSync(real) ? [] : [{ find: /^\.\/form-js-schema\.js$/, replacement: resolve(import.meta.dirname, 'form-js-schema-stand-in.ts') }],
    },
  }),
);
