import { readdirSync } from 'node:fs';

import js from '@eslint/js';
import pluginQuery from '@tanstack/eslint-plugin-query';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import { reactRefresh } from 'eslint-plugin-react-refresh';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const features = readdirSync(new URL('./src/features', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

// Imports go through the @/ alias, so where a module may import from is visible in its path.
const parentImports = {
  regex: String.raw`(^|/)\.\.(/|$)`,
  message: 'Import with the @/ alias instead of a ../ path.',
};

function restrictImports(...patterns) {
  return { 'no-restricted-imports': ['error', { patterns: [parentImports, ...patterns] }] };
}

export default defineConfig(
  globalIgnores(['dist', 'coverage', 'src/types/api.gen.ts', 'playwright-report', 'test-results']),
  {
    files: ['**/*.{js,mjs}'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [
      js.configs.recommended,
      tseslint.configs.strictTypeChecked,
      tseslint.configs.stylisticTypeChecked,
      reactHooks.configs.flat['recommended-latest'],
      reactRefresh.configs.vite(),
      pluginQuery.configs['flat/recommended'],
    ],
    languageOptions: {
      globals: globals.browser,
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      ...restrictImports(),
    },
  },
  // Imports flow one way: shared code -> features -> app; features never import each other.
  ...features.map((feature) => ({
    files: [`src/features/${feature}/**`],
    rules: restrictImports(
      {
        regex: String.raw`^@/features/(?!${feature}/)`,
        message: 'Features do not import each other; compose them in src/app.',
      },
      { regex: '^@/app/', message: 'Features do not import from src/app.' },
    ),
  })),
  {
    files: ['src/{components,config,lib,types}/**'],
    rules: restrictImports({
      regex: '^@/(features|app)/',
      message: 'Shared code does not import from features or the app.',
    }),
  },
  {
    // Declaration files exist to merge into global interfaces.
    files: ['**/*.d.ts'],
    rules: { '@typescript-eslint/consistent-type-definitions': 'off' },
  },
  {
    files: ['src/**/*.test.{ts,tsx}', 'src/testing/**'],
    rules: { 'react-refresh/only-export-components': 'off' },
  },
  prettier,
);
