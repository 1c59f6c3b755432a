/** Tests run TypeScript through swc (no type check); `npm run typecheck` does the types once. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  // Every environment is synthesized once per run and shared by the whole-output suites (test/global-setup.ts).
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  // One worker per core: the suites are CPU-bound and independent.
  maxWorkers: '100%',
  // A worker that grew past this after a suite is replaced: Jest keeps each suite's module registry alive until GC, and
  // suites that load cdktf's providers or cdk8s' imports hold a few hundred MB. 250 MB keeps the two workers together
  // under 1 GB; starting a worker costs less than the CRD validators did before they were compiled once per run.
  workerIdleMemoryLimit: '250MB',
  testTimeout: 120000,
};
