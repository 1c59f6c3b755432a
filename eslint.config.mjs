import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Provider package roots load every resource binding (seconds and hundreds of MB per synth).
// Deep paths such as '@cdktf/provider-azurerm/lib/kubernetes-cluster' load one file, and keeping
// them in lib/terraform/internal/ makes a later move to another provider distribution a small change.
const providerRoots = [
  '@cdktf/provider-azurerm',
  '@cdktf/provider-google',
  '@cdktf/provider-google-beta',
  '@cdktf/provider-azuread',
  '@cdktf/provider-helm',
  '@cdktf/provider-kubernetes',
  '@cdktf/provider-random',
  '@cdktf/provider-tls',
  '@cdktf/provider-time',
];

export default tseslint.config(
  { ignores: ['build/**', 'imports/**', 'node_modules/**', 'cdktf.out/**', 'dist/**', 'docs/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: providerRoots.map((name) => ({ name, message: `Import a deep path (${name}/lib/<resource>) from lib/terraform/internal/ instead of the package root.` })),
        patterns: [{
          group: ['@cdktf/provider-*/lib/*'],
          message: 'Provider bindings are imported only in lib/terraform/internal/ (one small place to move when the provider distribution changes).',
        }],
      }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests poke at synthesized JSON, whose shape is the thing under test.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['lib/terraform/internal/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: providerRoots.map((name) => ({ name, message: `Import a deep path (${name}/lib/<resource>) instead of the package root.` })),
      }],
    },
  },
);
