import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { describeEachEngine, type Store } from './helpers.ts';

// `homeward serve --backup-every …`: scheduled backups wired into the server process.
const BIN = fileURLToPath(new URL('../../cli/bin/homeward.mjs', import.meta.url));
const SLOW = 180_000;
const PASSPHRASE = 'a fictional backup passphrase';

interface Result { code: number | null; stdout: string; stderr: string }

/** Runs `serve` with extra flags until `stderr` matches `done` (or the process exits), then stops it. */
function serveUntil(store: Store, flags: string[], done: RegExp, env: NodeJS.ProcessEnv = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--data', store.dataDir, '--port', '0', ...flags], { env: { ...store.env(), ...env } });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      if (done.test(stderr)) child.kill('SIGTERM');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describeEachEngine('serve with scheduled backups', (_engine, fresh) => {
  it('takes a backup every interval and keeps only the newest N', async () => {
    const store = await fresh();
    const dir = mkdtempSync(join(tmpdir(), 'homeward-scheduled-'));
    try {
      const r = await serveUntil(store, ['--backup-every', '2s', '--backup-dir', dir, '--backup-keep', '1'], /(scheduled backup written.*\n[^]*){2}/, { HOMEWARD_BACKUP_PASSPHRASE: PASSPHRASE });
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/removed 1 older/);
      expect(r.stderr).not.toMatch(/failed/);
      expect(readdirSync(dir).filter((f) => f.endsWith('.hwbackup'))).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, SLOW);

  it('refuses to start with a bad interval, no directory or no passphrase, naming the flag', async () => {
    const store = await fresh();
    const bad = await serveUntil(store, ['--backup-every', 'daily', '--backup-dir', store.dataDir], /never/, { HOMEWARD_BACKUP_PASSPHRASE: PASSPHRASE });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--backup-every must be/);
    const noDir = await serveUntil(store, ['--backup-every', '24h'], /never/, { HOMEWARD_BACKUP_PASSPHRASE: PASSPHRASE });
    expect(noDir.code).toBe(2);
    expect(noDir.stderr).toMatch(/needs --backup-dir/);
    const noPass = await serveUntil(store, ['--backup-every', '24h', '--backup-dir', store.dataDir], /never/, { HOMEWARD_BACKUP_PASSPHRASE: '' });
    expect(noPass.code).toBe(2);
    expect(noPass.stderr).toMatch(/HOMEWARD_BACKUP_PASSPHRASE/);
    expect(noPass.stdout).not.toMatch(/setup#/);
  }, SLOW);
});
