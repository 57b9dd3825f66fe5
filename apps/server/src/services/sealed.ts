import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashRaw } from '@node-rs/argon2';
import Fastify, { type FastifyInstance } from 'fastify';
import { audit } from '../audit/audit.ts';
import { PRODUCTION_ARGON2, type Argon2Params, type Config } from '../config.ts';
import { MASTER_KEY_FILE, readKeyFile } from '../crypto/master-key.ts';
import { OPERATOR } from './context.ts';

/**
 * Optional sealed start for laptops (issue #6): the master key file is
 * replaced by `master.key.sealed`, the key encrypted (AES-256-GCM) under a key
 * derived from a passphrase with argon2id. A server started on a sealed
 * installation serves nothing but an unseal page until someone who knows the
 * passphrase (the administrator) enters it; then it builds the real app and
 * hands every request to it. A stolen, powered-off laptop holds only the
 * sealed key. `homeward keys seal` seals, `homeward keys unseal` writes the
 * plain key file back (e.g. before a key rotation).
 */

export const SEALED_KEY_FILE = 'master.key.sealed';

interface SealedFile {
  v: 1;
  kdf: 'argon2id';
  m: number;
  t: number;
  p: number;
  salt: string;
  iv: string;
  tag: string;
  ct: string;
}

const AAD = Buffer.from('homeward sealed master key v1');

async function kek(passphrase: string, salt: Buffer, params: Argon2Params): Promise<Buffer> {
  // argon2id (RFC 9106) with the OWASP minimum cost the password hashes use; raw 32-byte output as the AES key.
  return hashRaw(passphrase, { ...params, salt, outputLen: 32 });
}

/** Is this installation sealed (a sealed key file, no plain key file, no key in the environment)? */
export function isSealed(config: Pick<Config, 'dataDir' | 'masterKey'>): boolean {
  return !config.masterKey && existsSync(join(config.dataDir, SEALED_KEY_FILE)) && !existsSync(join(config.dataDir, MASTER_KEY_FILE));
}

/** Seals the key file of `dataDir` under `passphrase` and deletes the plain key file. */
export async function sealMasterKey(dataDir: string, passphrase: string, params: Argon2Params = PRODUCTION_ARGON2): Promise<void> {
  const plainFile = join(dataDir, MASTER_KEY_FILE);
  if (!existsSync(plainFile)) throw new Error(`there is no ${MASTER_KEY_FILE} to seal in the data directory (a key from HOMEWARD_MASTER_KEY cannot be sealed)`);
  if (existsSync(join(dataDir, SEALED_KEY_FILE))) throw new Error(`${SEALED_KEY_FILE} already exists; remove it first if you mean to seal again`);
  const master = readKeyFile(plainFile);
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', await kek(passphrase, salt, params), iv);
  cipher.setAAD(AAD);
  const ct = Buffer.concat([cipher.update(master), cipher.final()]);
  const file: SealedFile = { v: 1, kdf: 'argon2id', m: params.memoryCost, t: params.timeCost, p: params.parallelism, salt: salt.toString('base64'), iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ct: ct.toString('base64') };
  writeFileSync(join(dataDir, SEALED_KEY_FILE), JSON.stringify(file) + '\n', { mode: 0o600, flag: 'wx' });
  // The sealed copy must open before the plain key goes.
  if (!(await unsealMasterKey(dataDir, passphrase))?.equals(master)) throw new Error('the sealed key did not open again; the plain key was kept');
  unlinkSync(plainFile);
}

/** The master key, or undefined when the passphrase is wrong. */
export async function unsealMasterKey(dataDir: string, passphrase: string): Promise<Buffer | undefined> {
  const f = JSON.parse(readFileSync(join(dataDir, SEALED_KEY_FILE), 'utf8')) as SealedFile;
  if (f.v !== 1 || f.kdf !== 'argon2id') throw new Error(`${SEALED_KEY_FILE} has an unknown format`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', await kek(passphrase, Buffer.from(f.salt, 'base64'), { memoryCost: f.m, timeCost: f.t, parallelism: f.p }), Buffer.from(f.iv, 'base64'));
    decipher.setAAD(AAD);
    decipher.setAuthTag(Buffer.from(f.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(f.ct, 'base64')), decipher.final()]);
  } catch {
    return undefined;
  }
}

/** Writes the plain key file back from the sealed one (then the installation starts unsealed). */
export async function unsealToFile(dataDir: string, passphrase: string): Promise<boolean> {
  const key = await unsealMasterKey(dataDir, passphrase);
  if (!key) return false;
  writeFileSync(join(dataDir, MASTER_KEY_FILE), key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  unlinkSync(join(dataDir, SEALED_KEY_FILE));
  return true;
}

const PAGE = (message: string) => `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Homeward: 잠금 해제 / Unseal</title></head>
<body><main><h1>Homeward</h1>
<p>이 서버는 잠겨 있습니다. 관리자가 잠금 해제 암호를 입력해야 시작됩니다.<br>This server is sealed. An administrator must enter the unseal passphrase to start it.<br>此服务器已锁定，需由管理员输入解锁口令后才能启动。</p>
${message ? `<p role="alert"><strong>${message}</strong></p>` : ''}
<form method="post" action="/unseal"><label for="passphrase">잠금 해제 암호 / Passphrase / 解锁口令</label><br>
<input id="passphrase" name="passphrase" type="password" autocomplete="off" required autofocus><br>
<button type="submit">잠금 해제 / Unseal / 解锁</button></form></main></body></html>
`;

const WRONG = '암호가 맞지 않습니다. / The passphrase is not right. / 口令不正确。';
const WAIT = '잠시 후 다시 시도하세요. / Too many attempts: wait a moment. / 尝试次数过多，请稍后再试。';

/**
 * The app a sealed installation serves: only the unseal page (GET any path),
 * `POST /unseal` (form) and `POST /api/unseal` (JSON, for scripts); every
 * other /api path answers 503 SEALED. After a right passphrase it builds the
 * real app with `buildFull` and hands it every request from then on. Wrong
 * passphrases slow down exponentially (in memory, per process).
 */
export async function buildSealed<T>(config: Config, options: T, buildFull: (config: Config, options: T) => Promise<FastifyInstance>): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: 4096 });
  let inner: FastifyInstance | undefined;
  let failures = 0;
  let lockedUntil = 0;
  let opening: Promise<FastifyInstance | undefined> | undefined;
  app.decorate('homeward', { deps: undefined as never, setupToken: undefined, routes: [] });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))));
  app.addHook('onRequest', async (req, reply) => {
    if (inner) {
      // Unsealed: the real app answers everything (its own hooks, policies and body parsing).
      reply.hijack();
      inner.routing(req.raw, reply.raw);
      return;
    }
    reply.header('cache-control', 'no-store');
    reply.header('content-security-policy', "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    reply.header('x-content-type-options', 'nosniff');
  });
  const tryUnseal = async (passphrase: unknown): Promise<'ok' | 'wrong' | 'wait'> => {
    if (Date.now() < lockedUntil) return 'wait';
    if (typeof passphrase !== 'string' || passphrase.length === 0 || passphrase.length > 1024) return 'wrong';
    opening ??= (async () => {
      const key = await unsealMasterKey(config.dataDir, passphrase);
      if (!key) return undefined;
      const full = await buildFull({ ...config, masterKey: key }, options);
      await full.ready();
      await audit(full.homeward.deps.db, OPERATOR, 'server.unsealed', null, null, full.homeward.deps.now());
      return full;
    })().finally(() => {
      opening = undefined;
    });
    const full = await opening;
    if (!full) {
      failures++;
      if (failures >= 3) lockedUntil = Date.now() + Math.min(300, 2 ** (failures - 3)) * 1000;
      return 'wrong';
    }
    inner = full;
    app.homeward = full.homeward;
    return 'ok';
  };
  app.post('/unseal', async (req, reply) => {
    const r = await tryUnseal((req.body as Record<string, unknown> | undefined)?.passphrase);
    if (r === 'ok') return reply.redirect('/', 303);
    return reply.code(r === 'wait' ? 429 : 401).type('text/html; charset=utf-8').send(PAGE(r === 'wait' ? WAIT : WRONG));
  });
  app.post('/api/unseal', async (req, reply) => {
    const r = await tryUnseal((req.body as Record<string, unknown> | undefined)?.passphrase);
    if (r === 'ok') return reply.code(204).send();
    return reply.code(r === 'wait' ? 429 : 401).send({ code: r === 'wait' ? 'RATE_LIMITED' : 'INVALID_CREDENTIALS', message: r === 'wait' ? 'too many attempts' : 'the passphrase is not right' });
  });
  app.setNotFoundHandler(async (req, reply) => {
    if (req.url.startsWith('/api/')) return reply.code(503).send({ code: 'SEALED', message: 'the server is sealed; an administrator must unseal it' });
    return reply.type('text/html; charset=utf-8').send(PAGE(''));
  });
  app.addHook('onClose', async () => {
    await inner?.close();
  });
  return app;
}
