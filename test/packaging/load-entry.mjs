// Loads one library entry point in a fresh Node process and prints, as JSON, every package it
// loaded with the import chain that first reached it.
//
// Why a child process: Jest keeps its own module registry, so `require.cache` inside a test says
// nothing about what a consumer's `require('ml-mesh-platform/k8s')` loads.
// Why swc: it strips type-only imports the way tsc does, so the TypeScript source loads the same
// modules as the compiled build, without a build.
//
// Usage: node load-entry.mjs <file.ts | file.js | package/subpath, resolved from the working directory>
import { createRequire } from 'node:module';
import { relative, resolve, sep } from 'node:path';
import process from 'node:process';

const require = createRequire(import.meta.url);
require('../support/register-ts.cjs');
const target = process.argv[2];
// Resolve a package name as the working directory's own code would: `require.resolve` from this file
// would self-reference this repo's package instead of the installed one.
const entry = /^[./]/.test(target) ? resolve(target) : createRequire(resolve('package.json')).resolve(target);

require(entry);

/** `@scope/name` or `name` of the package a file belongs to, or undefined for the project's own files. */
function packageOf(filename) {
  const marker = `${sep}node_modules${sep}`;
  const at = filename.lastIndexOf(marker);
  if (at < 0) return undefined;
  const parts = filename.slice(at + marker.length).split(sep);
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

// The entry's own package (when it is installed) counts as project code, like lib/ in this repo.
const own = packageOf(entry);
const packageOfDependency = (filename) => {
  const pkg = packageOf(filename);
  return pkg === own ? undefined : pkg;
};

// Breadth-first over the project's own modules, so each chain is the shortest one Node took. A
// package's internals are its own business: record one chain per project file that loads it, and stop.
const cwd = process.cwd();
const root = require.cache[entry];
const packages = {};
const seen = new Set([root]);
const queue = [[root, [relative(cwd, entry)]]];
while (queue.length > 0) {
  const [module, chain] = queue.shift();
  for (const child of module.children) {
    const pkg = packageOfDependency(child.filename);
    if (pkg !== undefined) {
      const chains = (packages[pkg] ??= []);
      // A project file that loads several deep paths of one package is one chain.
      if (!chains.some((c) => c.at(-2) === chain.at(-1))) chains.push([...chain, pkg]);
    } else if (!seen.has(child)) {
      seen.add(child);
      queue.push([child, [...chain, relative(cwd, child.filename)]]);
    }
  }
}
process.stdout.write(JSON.stringify({ packages }));
