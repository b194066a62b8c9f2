import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'out/', 'node_modules/', '.vscode-test/', '.rgw/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always'],
      curly: 'error',
    },
  },
  {
    // The extension imports the VS Code API with `import vscode = require('vscode')`: esbuild wraps
    // every ES import of a CommonJS module in __toESM, which copies the whole API object (about 300
    // properties) once per importing file while the bundle loads: 6 ms of activation (issue 6).
    files: ['src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='vscode'][importKind='value']",
          message: "Import the VS Code API as `import vscode = require('vscode');` (see eslint.config.mjs).",
        },
      ],
    },
  },
);
