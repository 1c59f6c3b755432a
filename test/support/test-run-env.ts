/** The environment variables test/global-setup.ts hands what it prepared to the test files with. */
export const TEST_RUN_ENV = {
  /** The temp folder of the run, removed by test/global-teardown.ts. */
  runDir: 'ML_MESH_TEST_RUN_DIR',
  /** Every environment synthesized (test/support/synth-all.ts): read by `sharedSynth`. */
  synthDir: 'ML_MESH_SYNTH_DIR',
  /** The same synthesized from another working directory, as JSON `{ dir, cwd }`: read by `synthElsewhere`. */
  synthElsewhere: 'ML_MESH_SYNTH_ELSEWHERE',
  /** The folder of the CRD catalog with every version's validator compiled (test/support/crd-precompile.ts). */
  crdCatalog: 'ML_MESH_CRD_CATALOG',
} as const;

/**
 * What differs on another machine, for the second synth the determinism test compares: a locale whose collation
 * differs from English (Danish sorts `aa` after `z`; the `qa` test environment has a namespace starting with `aa`) and
 * a time zone 12h45 from UTC.
 */
export const ANOTHER_MACHINE_ENV = { LANG: 'da_DK.UTF-8', LC_ALL: 'da_DK.UTF-8', TZ: 'Pacific/Chatham' } as const;
