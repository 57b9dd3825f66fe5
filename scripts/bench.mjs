#!/usr/bin/env node
// `npm run bench -- NAME [args]` runs bench/NAME/index.ts (or bench/NAME.ts) under tsx.
// Each benchmark prints its figures; its last line is `NAME: key=value ...`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [name, ...rest] = process.argv.slice(2);
const available = () =>
  readdirSync(join(root, 'bench'), { withFileTypes: true })
    .filter((e) => (e.isDirectory() && existsSync(join(root, 'bench', e.name, 'index.ts'))) || (e.isFile() && e.name.endsWith('.ts')))
    .map((e) => e.name.replace(/\.ts$/, ''))
    .sort();
if (!name) {
  console.error(`usage: npm run bench -- NAME\navailable: ${available().join(', ') || '(none yet)'}`);
  process.exit(2);
}
const candidates = [join(root, 'bench', name, 'index.ts'), join(root, 'bench', `${name}.ts`)];
const file = candidates.find((f) => existsSync(f));
if (!file) {
  console.error(`no benchmark named "${name}"; available: ${available().join(', ') || '(none yet)'}`);
  process.exit(2);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', file, ...rest], { stdio: 'inherit', cwd: root });
process.exit(r.status ?? 1);
