import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from '@playwright/test';
import { authenticator } from 'otplib';

// What every browser test shares: the message catalogues, a fresh server on a
// throwaway data directory, labelled inputs and single-use TOTP codes.

export const root = fileURLToPath(new URL('..', import.meta.url));

type Catalogue = Record<string, unknown>;
export function catalogue(language: string): (key: string) => string {
  const data = JSON.parse(readFileSync(join(root, 'apps/web/src/locales', `${language}.json`), 'utf8')) as Catalogue;
  return (key) => {
    const value = key.split('.').reduce<unknown>((node, part) => (node as Catalogue | undefined)?.[part], data);
    if (typeof value !== 'string') throw new Error(`no catalogue entry ${language}:${key}`);
    return value;
  };
}
export const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name]));

export const ADMIN = {
  organisation: '가상 가족찾기 센터',
  name: '테스트 관리자',
  email: 'admin@example.org',
  password: 'correct horse battery staple 42',
};

/**
 * The input labelled exactly `label` inside `scope`. Required inputs show a
 * visual asterisk in their <label>, which getByLabel's exact match would see.
 */
export function field(scope: Page | Locator, label: string): Locator {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return scope.getByLabel(new RegExp(`^${escaped}(\\s*\\*)?$`));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts `homeward serve` and resolves with the one-time setup link it prints. */
export async function startServer(dataDir: string, port: number): Promise<{ child: ChildProcess; setupUrl: string; log: () => string }> {
  const env = { ...process.env };
  // A fresh embedded database only: never a configured PostgreSQL or key.
  for (const name of Object.keys(env)) if (name.startsWith('HOMEWARD_')) delete env[name];
  env.NODE_ENV = 'test';
  const child = spawn(process.execPath, ['apps/cli/bin/homeward.mjs', 'serve', '--data', dataDir, '--port', String(port)], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const log = () => output;
  const setupUrl = await new Promise<string>((resolve, reject) => {
    // Generous: the server compiles its TypeScript on start, on a shared two-core machine.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server printed no setup link within 120 s:\n${output}`));
    }, 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /https?:\/\/[^\s"']+\/setup#[^\s"']+/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before printing a setup link:\n${output}`));
    });
  });
  return { child, setupUrl, log };
}

export async function stopServer(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** A TOTP code from a time step later than `after`, so that no code is ever used twice. */
export async function freshCode(secret: string, after: number): Promise<{ code: string; step: number }> {
  let step = Math.floor(Date.now() / 30_000);
  while (step <= after) {
    await new Promise((r) => setTimeout(r, 30_000 - (Date.now() % 30_000) + 200));
    step = Math.floor(Date.now() / 30_000);
  }
  return { code: authenticator.generate(secret), step };
}
