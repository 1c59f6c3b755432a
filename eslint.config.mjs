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
const providerRootPaths = providerRoots.map((name) => ({
  name,
  message: `Import a deep path (${name}/lib/<resource>) from lib/terraform/internal/ instead of the package root.`,
}));
const providerDeepPaths = {
  group: ['@cdktf/provider-*/lib/*'],
  message: 'Provider bindings are imported only in lib/terraform/internal/ (one small place to move when the provider distribution changes).',
};

// The library has two halves and a contract between them (CONTRIBUTING.md, "Layout"):
//   core      <- contract <- terraform (cdktf)  \
//                         <- k8s (cdk8s)        -> config (the environment model) <- platform/{terraform,kubernetes}
// Neither half imports the other, so a YAML-only consumer never needs cdktf and the Terraform app never
// renders Kubernetes objects. Each rule lists what a folder may NOT reach; relative imports are matched by
// the folder names in their path.
const forbid = (groups, why) => ({ group: groups, message: why });
const noCdktf = forbid(['cdktf', 'cdktf/**', '@cdktf/**'], 'loads cdktf, which a YAML-only consumer does not install');
const noCdk8s = forbid(['cdk8s', 'cdk8s/**', 'cdk8s-plus-28', 'cdk8s-plus-28/**', '**/imports/**'], 'loads cdk8s, which the Terraform half never renders');
const noConstructs = forbid(['constructs'], 'constructs belong to the halves; the contract is plain data and functions');
const noTerraformHalf = forbid(['**/terraform/**'], 'is the Terraform half; move what both halves need into lib/contract/');
const noKubernetesHalf = forbid(['**/k8s/**', '**/kubernetes/**'], 'is the Kubernetes half; move what both halves need into lib/contract/');
const noConfig = forbid(['**/config/**'], 'is the environment model; constructs take props, the platform maps config to props');
const noPlatform = forbid(['**/platform/**'], 'is the composition layer; nothing below it may depend on it');
const noContract = forbid(['**/contract/**'], 'core sits below the contract');

const restrict = (files, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { paths: providerRootPaths, patterns: [providerDeepPaths, ...patterns] }] },
});

// The same, for what a file loads at run time: type-only imports (`import type`) are erased by the compiler.
const restrictValues = (files, patterns) => ({
  files,
  rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: patterns.map((p) => ({ ...p, allowTypeImports: true })) }] },
});

export default tseslint.config(
  { ignores: ['build/**', 'imports/**', 'node_modules/**', 'cdktf.out/**', 'dist/**', 'docs/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: providerRootPaths, patterns: [providerDeepPaths] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  restrict(['lib/core/**/*.ts'], [noContract, noTerraformHalf, noKubernetesHalf, noConfig, noPlatform, noCdktf, noCdk8s, noConstructs]),
  restrict(['lib/contract/**/*.ts'], [noTerraformHalf, noKubernetesHalf, noConfig, noPlatform, noCdktf, noCdk8s, noConstructs]),
  restrict(['lib/k8s/**/*.ts'], [noTerraformHalf, noConfig, noPlatform, noCdktf]),
  restrict(['lib/terraform/**/*.ts'], [noKubernetesHalf, noConfig, noPlatform, noCdk8s]),
  // Config validation runs in the YAML app too: it may use the halves' pure rule files, never cdktf.
  restrict(['lib/config/**/*.ts'], [noPlatform, noCdktf, forbid(['**/internal/**'], 'loads provider bindings')]),
  // ... and in the Terraform app, which should load no cdk8s: from the Kubernetes half it reads types, rule files and
  // the dataplane facts only (test/packaging/config-loads.test.ts checks what it loads at run time).
  restrictValues(['lib/config/**/*.ts'], [{
    regex: '/k8s/(?!.*-rules$|network/dataplane-capabilities$)',
    message: 'is a construct file of the Kubernetes half, which loads cdk8s; import its rule file (<construct>-rules.ts), or types only (import type)',
  }]),
  // A construct's rule file holds what config validation runs without cdk8s: rules, and the defaults they check.
  restrictValues(['lib/k8s/**/*-rules.ts'], [noCdk8s, noConstructs]),
  restrict(['lib/platform/kubernetes/**/*.ts', 'stacks/cdk8s-main.ts'], [noTerraformHalf, noCdktf]),
  restrict(['lib/platform/terraform/**/*.ts', 'stacks/cdktf-main.ts'], [noKubernetesHalf, noCdk8s]),
  {
    // Output must not depend on the machine it is synthesized on.
    files: ['lib/**/*.ts', 'stacks/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', {
        selector: "CallExpression[callee.property.name='localeCompare']",
        message: "localeCompare sorts in the machine's locale (LANG), so output would differ between machines; sort with textOrder (lib/core/text-order.ts).",
      }],
    },
  },
  {
    files: ['lib/terraform/internal/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: providerRootPaths }] },
  },
  {
    // The one CommonJS file: a require hook has to be CommonJS (`node -r`).
    files: ['test/support/register-ts.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests poke at synthesized JSON, whose shape is the thing under test.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
