import pluginVue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '.tmp/**', 'out/**', 'dist/**', 'node_modules/**', 'bench/results/**', 'playwright-report/**', 'test-results/**',
      'build/**', 'src/engine/math/wasm/assembly/**', 'src/engine/math/wasm/*.generated.ts',
    ],
  },
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Formatting is not what the linter is for here.
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
    },
  },
  {
    // The renderer ships the engine's catalogs (pure data and checks), never its classes or kernels: those run
    // in an engine process. Types may come from anywhere in the engine (they vanish from the bundle).
    // `npm test` also checks the built bundle (scripts/check-renderer-bundle.mjs).
    files: ['src/renderer/**/*.ts', 'src/renderer/**/*.vue'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{
          group: ['**/engine/*', '!**/engine/catalog'],
          allowTypeImports: true,
          message: 'The renderer imports only src/engine/catalog/** from the engine at runtime (use `import type` for engine types).',
        }],
      }],
    },
  },
  {
    // The catalogs are what the renderer may ship: they import only each other (and types from the engine).
    files: ['src/engine/catalog/**/*.ts'],
    ignores: ['src/engine/catalog/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{
          group: ['../*'],
          allowTypeImports: true,
          message: 'Catalog modules import only other catalog modules at runtime (use `import type` for engine types).',
        }],
      }],
    },
  },
  {
    // The engine runs in any JS host: keep Node, Electron and database modules out of it.
    files: ['src/engine/**/*.ts'],
    ignores: ['src/engine/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads'], message: 'src/engine must not import Node modules.' },
          { group: ['electron', 'better-sqlite3', 'zod', 'papaparse', '**/main/**', '**/shared/**', '**/renderer/**'], message: 'src/engine imports only itself and ml-matrix.' },
        ],
      }],
    },
  },
);
