#!/usr/bin/env node
// `npm start` (and `npm run demo`): build the web app when its sources are newer
// than the last build, then run `homeward serve` (or `homeward demo`) with the
// remaining arguments, e.g. `npm start -- --port 9000 --data /srv/homeward`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const web = join(root, 'apps/web');
const args = process.argv.slice(2);
const demo = args[0] === '--demo';
if (demo) args.shift();

function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const entry of readdirSync(path)) max = Math.max(max, newest(join(path, entry)));
  return max;
}

const built = join(web, 'dist/index.html');
const sources = Math.max(
  newest(join(web, 'src')),
  newest(join(web, 'index.html')),
  newest(join(web, 'vite.config.ts')),
  newest(join(root, 'packages/contracts/src')),
);
if (existsSync(join(web, 'index.html')) && (!existsSync(built) || statSync(built).mtimeMs < sources)) {
  console.log('Building the web app (first start or changed sources)…');
  const r = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: web,
    stdio: 'inherit',
  });
  if (r.status !== 0) {
    console.error('The web app failed to build; see the messages above.');
    process.exit(1);
  }
}

const child = spawn(process.execPath, [join(root, 'apps/cli/bin/homeward.mjs'), demo ? 'demo' : 'serve', ...args], {
  cwd: root,
  stdio: 'inherit',
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
