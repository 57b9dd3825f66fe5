import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Why the server cannot start, phrased as what to do about it. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface Argon2Params {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  /** postgres://... when set; otherwise the embedded SQLite file in dataDir. */
  databaseUrl: string | undefined;
  /** From HOMEWARD_MASTER_KEY; otherwise the key file in dataDir is used (or created on first run). */
  masterKey: Buffer | undefined;
  webDist: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  argon2: Argon2Params;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  loginRateLimit: { max: number; windowMs: number };
  bodyLimitBytes: number;
  /** Access hardening (issue #6, docs/security.md): field partners' idle timeout, break-glass length, re-auth window, account backoff, retention. */
  partnerIdleMinutes: number;
  breakGlassMinutes: number;
  reauthMinutes: number;
  loginBackoff: { freeFailures: number; baseSeconds: number; maxSeconds: number };
  /** Closed cases are purged this many years after they were last changed; 0 turns retention off. */
  retentionYears: number;
  /** Every write (POST/PUT/PATCH/DELETE under /api) per signed-in user, or per address when signed out (route-policy.ts). */
  writeRateLimit: { max: number; windowMs: number };
  /** Age from which a child's own assent is needed before disclosure (issue #7); HOMEWARD_ASSENT_AGE, default 12. */
  assentAge: number;
}

export interface ConfigFlags {
  port?: string | number;
  host?: string;
  data?: string;
}

const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** OWASP's argon2id minimum (19 MiB, 2 passes); tests may lower it, production never does. */
export const PRODUCTION_ARGON2: Argon2Params = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

function parsePort(raw: string | number, source: string): number {
  const n = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) {
    throw new ConfigError(`${source} must be a port number 0-65535 (got "${String(raw)}"); e.g. --port 8080`);
  }
  return n;
}

function parseMasterKey(raw: string): Buffer {
  const key = Buffer.from(raw.trim(), 'base64');
  if (key.length !== 32 || key.toString('base64') !== raw.trim()) {
    throw new ConfigError(
      'HOMEWARD_MASTER_KEY must be 32 random bytes in base64 (44 characters); create one with: ' +
        'node -e "console.log(require(\'crypto\').randomBytes(32).toString(\'base64\'))"',
    );
  }
  return key;
}

function envInt(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be a whole number ${min}-${max} (got "${raw}")`);
  return n;
}

/**
 * Reads flags (win) and environment into a validated configuration.
 * Example: `loadConfig({ port: '9000', data: '/srv/homeward' })`.
 */
export function loadConfig(flags: ConfigFlags = {}, env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const port = flags.port !== undefined ? parsePort(flags.port, '--port') : env.HOMEWARD_PORT ? parsePort(env.HOMEWARD_PORT, 'HOMEWARD_PORT') : 8080;
  const host = flags.host ?? env.HOMEWARD_HOST ?? '127.0.0.1';
  const dataDir = resolve(flags.data ?? env.HOMEWARD_DATA_DIR ?? './data');
  const databaseUrl = env.HOMEWARD_DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('HOMEWARD_DATABASE_URL must start with postgres:// (or leave it unset for the embedded SQLite database)');
  }
  const masterKey = env.HOMEWARD_MASTER_KEY ? parseMasterKey(env.HOMEWARD_MASTER_KEY) : undefined;
  const logLevel = (env.HOMEWARD_LOG_LEVEL ?? 'info') as Config['logLevel'];
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'silent'].includes(logLevel)) {
    throw new ConfigError('HOMEWARD_LOG_LEVEL must be one of fatal, error, warn, info, debug, silent');
  }
  return {
    host,
    port,
    dataDir,
    databaseUrl,
    masterKey,
    webDist: env.HOMEWARD_WEB_DIST ? resolve(env.HOMEWARD_WEB_DIST) : DEFAULT_WEB_DIST,
    logLevel,
    argon2: PRODUCTION_ARGON2,
    sessionIdleMinutes: 30,
    sessionAbsoluteHours: 12,
    loginRateLimit: { max: 10, windowMs: 60_000 },
    bodyLimitBytes: 1_048_576,
    partnerIdleMinutes: envInt(env, 'HOMEWARD_PARTNER_IDLE_MINUTES', 10, 1, 240),
    breakGlassMinutes: envInt(env, 'HOMEWARD_BREAK_GLASS_MINUTES', 120, 5, 24 * 60),
    reauthMinutes: 5,
    loginBackoff: { freeFailures: 5, baseSeconds: 2, maxSeconds: 900 },
    retentionYears: envInt(env, 'HOMEWARD_RETENTION_YEARS', 0, 0, 100),
    writeRateLimit: { max: 600, windowMs: 60_000 },
    assentAge: envInt(env, 'HOMEWARD_ASSENT_AGE', 12, 0, 18),
    ...overrides,
  };
}
