import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { afterAll, describe, it } from 'vitest';
import { build, type BuildOptions } from '../src/app.ts';
import { loadConfig, type Config } from '../src/config.ts';
import type { Role } from '@homeward/contracts';
import { OPERATOR } from '../src/services/context.ts';
import { currentTotp } from '../src/services/totp.ts';
import { createUser } from '../src/services/users.ts';

export const pgUrl = process.env.HOMEWARD_TEST_PG_URL;
const strict = process.env.HOMEWARD_TEST_STRICT === '1';

export type EngineName = 'sqlite' | 'postgres';

/** A fresh, empty place to keep data: a temp dir, plus a throwaway PostgreSQL database for that engine. */
export interface Store {
  engine: EngineName;
  dataDir: string;
  databaseUrl: string | undefined;
  config(overrides?: Partial<Config>, env?: NodeJS.ProcessEnv): Config;
  /** Env for CLI child processes. */
  env(): NodeJS.ProcessEnv;
  /** Runs at the end of the suite, before the store is removed (e.g. closing an app's pool). */
  onCleanup(fn: () => Promise<void>): void;
}

/** Cheap argon2 and generous limits: tests exercise logic, not cost. Production defaults are untouched. */
export const TEST_OVERRIDES: Partial<Config> = {
  argon2: { memoryCost: 1024, timeCost: 1, parallelism: 1 },
  logLevel: 'silent',
  loginRateLimit: { max: 1000, windowMs: 60_000 },
};

async function createPgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `homeward_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(pgUrl!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * Runs the same suite on SQLite and on PostgreSQL. Without HOMEWARD_TEST_PG_URL
 * the PostgreSQL copy is reported as skipped, or fails under HOMEWARD_TEST_STRICT=1.
 */
export function describeEachEngine(title: string, fn: (engine: EngineName, fresh: () => Promise<Store>) => void): void {
  for (const engine of ['sqlite', 'postgres'] as const) {
    const label = `${title} [${engine}]`;
    if (engine === 'postgres' && !pgUrl && strict) {
      describe(label, () => {
        it('needs PostgreSQL', () => {
          throw new Error('HOMEWARD_TEST_STRICT=1 but HOMEWARD_TEST_PG_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/postgres)');
        });
      });
      continue;
    }
    describe.skipIf(engine === 'postgres' && !pgUrl)(label, () => {
      const cleanups: (() => Promise<void>)[] = [];
      afterAll(async () => {
        for (const c of cleanups.reverse()) await c();
      });
      const fresh = async (): Promise<Store> => {
        const dataDir = mkdtempSync(join(tmpdir(), 'homeward-test-'));
        cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
        let databaseUrl: string | undefined;
        if (engine === 'postgres') {
          const db = await createPgDatabase();
          databaseUrl = db.url;
          cleanups.push(db.drop);
        }
        const envVars = databaseUrl ? { HOMEWARD_DATABASE_URL: databaseUrl } : {};
        return {
          engine,
          dataDir,
          databaseUrl,
          config: (overrides = {}, env = {}) => loadConfig({ data: dataDir }, { ...envVars, ...env }, { ...TEST_OVERRIDES, ...overrides }),
          onCleanup: (fn) => cleanups.push(fn),
          env: () => {
            const e: NodeJS.ProcessEnv = { ...process.env, HOMEWARD_LOG_LEVEL: 'silent' };
            delete e.HOMEWARD_DATABASE_URL;
            delete e.HOMEWARD_MASTER_KEY;
            return { ...e, ...envVars };
          },
        };
      };
      fn(engine, fresh);
    });
  }
}

export const CSRF = { 'x-homeward-csrf': '1' };
export const ADMIN = { email: 'admin@example.org', password: 'correct horse battery staple', displayName: 'Admin One' };

/** A built app plus helpers for signed-in requests. */
export class Client {
  readonly app: FastifyInstance;
  cookie = '';
  /** Last TOTP step used per secret: the server accepts each code once. */
  static readonly usedSteps = new Map<string, number>();
  constructor(app: FastifyInstance) {
    this.app = app;
  }
  /**
   * A code the server has not seen yet for this secret, at the app's clock:
   * the current step, or the next one (still inside the ±1 window).
   */
  freshCode(secret: string): string {
    const now = this.app.homeward.deps.now();
    const current = Math.floor(now.getTime() / 30_000);
    const step = Math.max(current, (Client.usedSteps.get(secret) ?? 0) + 1);
    if (step > current + 1) throw new Error('no unused TOTP code at this time: move the test clock on by 30 s');
    Client.usedSteps.set(secret, step);
    return currentTotp(secret, new Date(step * 30_000));
  }
  headers(write: boolean): Record<string, string> {
    return { ...(write ? CSRF : {}), ...(this.cookie ? { cookie: this.cookie } : {}) };
  }
  get(url: string): Promise<LightMyRequestResponse> {
    return this.app.inject({ method: 'GET', url, headers: this.headers(false) });
  }
  post(url: string, payload?: unknown): Promise<LightMyRequestResponse> {
    return this.app.inject({ method: 'POST', url, headers: this.headers(true), ...(payload === undefined ? {} : { payload: payload as object }) });
  }
  put(url: string, payload: unknown): Promise<LightMyRequestResponse> {
    return this.app.inject({ method: 'PUT', url, headers: this.headers(true), payload: payload as object });
  }
  /** Runs first-run setup and signs in as the administrator; returns the TOTP secret. */
  async setupAndLogin(): Promise<string> {
    const token = this.app.homeward.setupToken!;
    const start = await this.post('/api/setup/start', { token, organisationName: 'Test NGO', ...ADMIN });
    if (start.statusCode !== 200) throw new Error(`setup start: ${start.statusCode} ${start.body}`);
    const secret = start.json<{ totpSecret: string }>().totpSecret;
    const finish = await this.post('/api/setup/finish', { token, totpCode: this.freshCode(secret) });
    if (finish.statusCode !== 204) throw new Error(`setup finish: ${finish.statusCode} ${finish.body}`);
    await this.login(ADMIN.email, ADMIN.password, secret);
    return secret;
  }
  async login(email: string, password: string, secret: string): Promise<LightMyRequestResponse> {
    const r = await this.post('/api/auth/login', { email, password, totpCode: this.freshCode(secret) });
    if (r.statusCode === 200) this.cookie = String(r.headers['set-cookie']).split(';')[0]!;
    return r;
  }
}

/** Builds an app on a fresh store. */
export async function freshApp(store: Store, overrides: Partial<Config> = {}, options: BuildOptions = {}): Promise<Client> {
  const app = await build(store.config(overrides), options);
  let closed = false;
  app.addHook('onClose', async () => {
    closed = true;
  });
  // Close before the throwaway database is dropped, whatever the test did.
  store.onCleanup(async () => {
    if (!closed) await app.close();
  });
  return new Client(app);
}

/** A case body with names in three scripts. */
export function sampleCase(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    applicant: { names: [{ text: '김영희' }, { text: '金英姬', kind: 'chinese' }], sex: 'female', birth: { year: 1985 }, safeContact: 'Only on weekday mornings via the NGO office' },
    sought: [
      { names: [{ text: '李美玲' }, { text: 'Li Meiling', kind: 'chinese' }], relation: 'daughter', sex: 'female', birth: { approxAge: 4, atYear: 2016 }, lastKnownPlace: 'Longjing market street', separatedOn: { year: 2017, month: 3 } },
    ],
    status: 'open',
    riskLevel: 'high',
    riskNotes: 'Husband in Helong must not learn of the search',
    notes: 'Remembers a red school bag',
    ...extra,
  };
}

let userCounter = 0;

/**
 * Creates a user of `role` in the organisation of the app's first run (as the
 * operator would) and returns a client signed in as them on the same app.
 * Example: `const partner = await signedInAs(admin, 'field_partner')`.
 */
export async function signedInAs(c: Client, role: Role, displayName = `${role} ${++userCounter}`): Promise<Client & { userId: string }> {
  const email = `user${++userCounter}-${role.replace('_', '-')}@example.org`;
  const password = 'a long enough test passphrase';
  const made = await createUser(c.app.homeward.deps, OPERATOR, { email, displayName, role, password });
  const other = new Client(c.app) as Client & { userId: string };
  other.userId = made.user.id;
  const r = await other.login(email, password, made.totpSecret);
  if (r.statusCode !== 200) throw new Error(`login as ${role}: ${r.statusCode} ${r.body}`);
  return other;
}
