// Lint: the recommended JavaScript and TypeScript rules, plus the habits this code base keeps.
// Layering (which folder may import which) is dependency-cruiser's job: see .dependency-cruiser.cjs.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {ignores: ['.dependency-cruiser.cjs', 'dist/**', 'dist-lambda/**', 'node_modules/**', '**/node_modules/**', 'coverage/**', 'plugins/*/dist/**', 'plugins/*/assets/**']},
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly',
        clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', structuredClone: 'readonly', queueMicrotask: 'readonly', fetch: 'readonly', Response: 'readonly', Request: 'readonly', Headers: 'readonly'},
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none'}],
      'no-console': 'off',
      // Answers from the wire are `any` where they are read field by field; shapes are checked at their use.
      '@typescript-eslint/no-explicit-any': 'off',
      eqeqeq: ['error', 'smart'],
      'prefer-const': ['error', {ignoreReadBeforeAssign: true}],
    },
  },
  {
    // The library renders nothing: colours and cursor moves belong to the terminal edge (src/cli).
    files: ['src/lib/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error',
        {selector: 'Literal[raw=/\\\\(x1b|u001b|033)/i]', message: 'No ANSI escapes in src/lib: render in src/cli.'},
        {selector: 'TemplateElement[value.raw=/\\\\(x1b|u001b|033)/i]', message: 'No ANSI escapes in src/lib: render in src/cli.'}],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-expressions': 'off', // chai's expect(x).to.be.true
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-control-regex': 'off', // tests strip ANSI colours to read what a person sees
    },
  },
)
