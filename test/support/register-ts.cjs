// `node -r ./test/support/register-ts.cjs file.ts`: runs the TypeScript sources directly, compiled by swc the way
// Jest compiles them (type-only imports stripped, as tsc does), for child processes the tests start.
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
