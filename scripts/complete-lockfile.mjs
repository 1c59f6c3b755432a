// Adds lock entries for optional platform binaries that npm left out of package-lock.json.
//
// Why: the registry this project is developed against serves only some platforms' builds of packages
// such as @swc/core-* and @unrs/resolver-binding-*. npm then writes no lock entry for the others, and
// `npm ci` refuses the lock ("Missing: @swc/core-darwin-arm64@ from lock file"). An entry that carries the
// os and cpu it is built for is skipped on every other platform, so nothing is downloaded for it.
// Run after `npm install` changes the lock: `node scripts/complete-lockfile.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';
import process from 'node:process';
import { URL } from 'node:url';

const FILE = new URL('../package-lock.json', import.meta.url);
const OSES = ['android', 'darwin', 'freebsd', 'linux', 'openharmony', 'win32'];
const CPUS = ['arm64', 'arm', 'ia32', 'loong64', 'ppc64', 'riscv64', 's390x', 'x64'];
const PLATFORM_PACKAGE = /^@(swc\/core|unrs\/resolver-binding)-/;

const lock = JSON.parse(readFileSync(FILE, 'utf8'));
const packages = lock.packages;
const added = [];
for (const entry of Object.values(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (packages[key] || !PLATFORM_PACKAGE.test(name)) continue;
    const parts = name.split('/').pop().split('-');
    const os = OSES.filter((o) => parts.includes(o));
    const cpu = CPUS.filter((c) => parts.includes(c) || (c === 'arm' && parts.some((p) => p.endsWith('eabihf') || p === 'eabi')));
    if (os.length !== 1 || cpu.length !== 1) throw new Error(`${name}: cannot tell its os and cpu from the name`);
    packages[key] = { version, dev: true, optional: true, os, cpu };
    added.push(`${name}@${version}`);
  }
}
writeFileSync(FILE, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(added.length ? `added ${added.length} entries:\n  ${added.join('\n  ')}\n` : 'lock complete\n');
