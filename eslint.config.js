/**
 * eslint for the front end (flat config): the recommended rules and a few more that catch real
 * bugs. The page's modules run in the browser (JointJS arrives as the `joint` global from its
 * script tag); the tests run under node --test. Run: `npx eslint static/js eslint.config.js`.
 */
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['staticfiles/**', 'node_modules/**', 'test-artifacts/**'] },
  js.configs.recommended,
  {
    files: ['static/js/**/*.js'],
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: 'module',
      globals: { ...globals.browser },
    },
    rules: {
      'no-unused-vars': ['error', { args: 'after-used', argsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-undef': 'error',
      eqeqeq: ['error', 'smart'],
      'prefer-const': 'error',
    },
  },
  {
    files: ['static/js/tests/**/*.js', 'eslint.config.js'],
    languageOptions: { globals: { ...globals.node } },
  },
];
