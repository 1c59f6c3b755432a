// Compiles the validator of every served version of every CRD once per test run, as standalone code, and writes the
// catalog that names them, in parts that processes compile side by side: <dir>/catalog-<part>.json and
// <dir>/validators/<part>-<n>.js. Test files then load the code of the
// versions they meet instead of each parsing the CRD folder and compiling the same schemas again
// (test/support/crd-catalog.ts, crd-validator.ts). A schema that does not compile is recorded with its error, which
// validating against it throws. Run once per test run by test/global-setup.ts, in a child process:
// `node -r ./test/support/register-ts.cjs test/support/crd-precompile.ts <dir> <part> <parts>`.
import standaloneCode from 'ajv/dist/standalone';
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { crdsDir, parseCrdFolder, type CrdVersion, type PrecompiledCatalog } from './crd-catalog';
import { compileCrdSchema, crdAjv } from './crd-validator';

/** Standalone code requires ajv's runtime by package name; the code lives outside this repo, so make the paths absolute. */
function withAbsoluteRequires(code: string): string {
  return code.replace(/require\("([^"/.][^"]*)"\)/g, (_match, id: string) => `require(${JSON.stringify(require.resolve(id))})`);
}

const [dir, part, parts] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
if (!dir || !(part >= 0 && part < parts)) throw new Error('usage: crd-precompile.ts <dir> <part> <parts>');
mkdirSync(join(dir, 'validators'), { recursive: true });
const versions = parseCrdFolder(part, parts).map((crd, n): CrdVersion => {
  // One instance per schema: its compiled code is kept for the standalone output, and can go once written.
  const ajv = crdAjv(true);
  try {
    const module = join(dir, 'validators', `${part}-${n}.js`);
    writeFileSync(module, withAbsoluteRequires(standaloneCode(ajv, compileCrdSchema(ajv, crd))));
    return { ...crd, precompiled: { module } };
  } catch (error) {
    return { ...crd, precompiled: { error: error instanceof Error ? error.message : String(error) } };
  }
});
const catalog: PrecompiledCatalog = { crdsDir: crdsDir(), versions };
writeFileSync(join(dir, `catalog-${part}.json`), JSON.stringify(catalog));
