import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Store } from './helpers.ts';

const BIN = fileURLToPath(new URL('../../cli/bin/homeward.mjs', import.meta.url));
/** Each command is a fresh Node process loading TypeScript through tsx: seconds each on a busy machine. */
export const SLOW = 180_000;

export interface Result { code: number | null; stdout: string; stderr: string }

/** Runs `homeward ARGS --data DIR` as a process, as an operator would. */
export function homeward(store: Store, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args, '--data', store.dataDir], { env: { ...store.env(), ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end();
  });
}
