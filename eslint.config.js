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
