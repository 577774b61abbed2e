// Lint rules, including the architecture boundaries of ../shared/ARCHITECTURE.md:
// the domain and the use cases import no @forge/* package and no Node built-in; src/ never
// imports from static/; static/ imports only types from src/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'dist/**', 'coverage/**', 'static/*/build/**', 'static/*/dist/**', '.sandbox/**', 'test-results/**', 'bin/**', '*.config.js', '*.config.mjs'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/domain/**/*.ts', 'src/app/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'src/domain and src/app are pure: no Node built-ins (pass data and ports in).' })),
          patterns: [
            { group: ['@forge/*'], message: 'src/domain and src/app import no @forge/* package: use a port.' },
            { group: ['**/static/**'], message: 'src/ never imports from static/.' },
            { group: ['**/adapters/**', '**/handlers/**', '**/composition'], message: 'src/domain and src/app depend on ports, not on adapters or handlers.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'I/O goes through a port.' },
        { name: 'process', message: 'Configuration comes in as data.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Time is an argument (the Clock port in src/app).' },
        { object: 'Math', property: 'random', message: 'Randomness is an argument: keep the domain deterministic.' },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/domain/**', 'src/app/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/static/**'], message: 'src/ never imports from static/.' }] }],
    },
  },
);
