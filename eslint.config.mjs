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
    // Logs go through src/ui/log.ts, which redacts presigned URLs and tokens (issue 5).
    files: ['src/**/*.ts'],
    ignores: ['src/ui/log.ts'],
    rules: {
      'no-console': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[property.name='createOutputChannel']", message: 'Log through src/ui/log.ts, which redacts.' },
        { selector: "MemberExpression[object.name='process'][property.name=/^std(out|err)$/]", message: 'Log through src/ui/log.ts, which redacts.' },
      ],
    },
  },
);
