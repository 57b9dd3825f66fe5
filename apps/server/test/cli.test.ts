import { spawn } from 'node:child_process';
import { Readable, Writable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { main } from '../../cli/src/main.ts';
import { openDeps } from '../src/deps.ts';
import { prepareDemo } from '../src/services/demo.ts';
import { describeEachEngine, type Store } from './helpers.ts';

const BIN = fileURLToPath(new URL('../../cli/bin/homeward.mjs', import.meta.url));
const year = new Date().getUTCFullYear();
// Each command is a fresh Node process loading TypeScript through tsx: seconds each on a busy machine.
const SLOW = 180_000;

interface Result { code: number | null; stdout: string; stderr: string }

function cli(store: Store, args: string[], input = '', env: NodeJS.ProcessEnv = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args, '--data', store.dataDir], { env: { ...store.env(), ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** Starts a long-running command, waits for a line matching `ready`, then stops it with SIGTERM. */
function cliUntil(store: Store, args: string[], ready: RegExp, env: NodeJS.ProcessEnv = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args, '--data', store.dataDir, '--port', '0'], { env: { ...store.env(), ...env } });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 100_000);
    child.stdout.on('data', (d) => {
      stdout += d;
      if (ready.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Runs a command in this process: for refusals and usage errors, where a new
 * process per case would only add start-up time. Main flows run as processes.
 */
async function inProcess(store: Store, args: string[], input = ''): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const sink = (add: (s: string) => void) => new Writable({ write(chunk, _enc, cb) { add(String(chunk)); cb(); } });
  const saved = process.env.HOMEWARD_DATABASE_URL;
  if (store.databaseUrl) process.env.HOMEWARD_DATABASE_URL = store.databaseUrl;
  try {
    const code = await main([...args, '--data', store.dataDir], {
      stdout: sink((s) => (stdout += s)),
      stderr: sink((s) => (stderr += s)),
      stdin: Readable.from([input]),
    });
    return { code, stdout, stderr };
  } finally {
    if (saved === undefined) delete process.env.HOMEWARD_DATABASE_URL;
    else process.env.HOMEWARD_DATABASE_URL = saved;
  }
}

async function countCases(store: Store): Promise<number> {
  const deps = await openDeps(store.config());
  try {
    return (await deps.db.selectFrom('cases').select('id').execute()).length;
  } finally {
    await deps.db.destroy();
  }
}

/** Canonical interchange entries: exactly what export writes back. */
const FILE = [
  {
    reference: `HW-${year}-0100`, status: 'tracing', riskLevel: 'high', riskNotes: 'Keep away from the husband',
    applicant: { names: [{ text: '박순옥', script: 'hangul', kind: 'korean' }, { text: '朴順玉', script: 'hanzi-traditional', kind: 'legal' }], sex: 'female', birth: { year: 1980, month: 2 }, safeContact: 'Via the office only' },
    sought: [
      { names: [{ text: '王小龙', script: 'hanzi-simplified', kind: 'chinese' }, { text: 'Wang Xiaolong', script: 'latin', kind: 'chinese' }], sex: 'male', birth: { approxAge: 3, atYear: 2014 }, lastKnownPlace: 'Tumen', separatedOn: { year: 2014, month: 9, day: 30 }, separationCircumstances: 'Left asleep at the grandmother\'s', notes: 'Scar on the left hand', relation: 'son' },
    ],
    consents: [{ purpose: 'tracing', givenOn: { year: 2025, month: 4 } }, { purpose: 'un_sharing', givenOn: { year: 2025 }, scope: 'Special Rapporteur only', withdrawnOn: { year: 2025, month: 10 } }],
    notes: 'Fictional test case',
  },
  {
    reference: `HW-${year}-0101`, status: 'open', riskLevel: 'low',
    applicant: { names: [{ text: 'Choe Kyong-hui', script: 'latin', kind: 'legal' }] },
    sought: [{ names: [{ text: '丫丫', script: 'hanzi-simplified', kind: 'nickname' }], relation: 'daughter' }],
    consents: [],
  },
];

describeEachEngine('homeward CLI', (_engine, fresh) => {
  it('user create reads the password from stdin and prints the TOTP secret once', async () => {
    const store = await fresh();
    const r = await cli(store, ['user', 'create', '--email', 'Worker@Example.org', '--role', 'caseworker', '--name', 'Case Worker'], 'a long enough passphrase\n');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/created caseworker worker@example\.org/);
    expect(r.stdout).toMatch(/TOTP secret .*: [A-Z2-7]{32}\n/);
    expect(r.stdout).not.toContain('passphrase');
    const again = await inProcess(store, ['user', 'create', '--email', 'worker@example.org', '--role', 'caseworker'], 'a long enough passphrase\n');
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists/);
    const bad = await inProcess(store, ['user', 'create', '--email', 'x@example.org', '--role', 'boss'], 'a long enough passphrase\n');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--role must be one of administrator, caseworker, field_partner, advocate, auditor/);
  }, SLOW);

  it('cases import reports every error with its path and writes nothing; a good file round-trips through export', async () => {
    const store = await fresh();
    const badFile = join(store.dataDir, 'bad.json');
    const bad = structuredClone(FILE) as unknown as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any -- deliberately broken JSON
    bad[1]!.sought[0].birth = { year: 2012, month: 13 };
    bad[1]!.applicant.names = [];
    bad.push({ applicant: { names: [{ text: 'x' }] }, sought: [{ names: [{ text: 'y' }], relation: 'cousin' }] });
    writeFileSync(badFile, JSON.stringify(bad));
    const r = await cli(store, ['cases', 'import', badFile]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toContain('[1].sought[0].birth.month: must be 1-12');
    expect(lines.some((l) => l.startsWith('[1].applicant.names: '))).toBe(true);
    expect(lines.some((l) => l.startsWith('[2].sought[0].relation: '))).toBe(true);
    expect(r.stderr).toMatch(/nothing was imported/);
    expect(await countCases(store)).toBe(0);

    const notJson = join(store.dataDir, 'not.json');
    writeFileSync(notJson, '[{"applicant": ');
    expect((await inProcess(store, ['cases', 'import', notJson])).code).toBe(2);

    const good = join(store.dataDir, 'good.json');
    writeFileSync(good, JSON.stringify(FILE));
    const ok = await cli(store, ['cases', 'import', good]);
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toBe('imported 2 case(s)\n');
    const out = join(store.dataDir, 'export.json');
    const ex = await cli(store, ['cases', 'export', '--out', out]);
    expect(ex.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(FILE);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const stdoutExport = await inProcess(store, ['cases', 'export']);
    expect(JSON.parse(stdoutExport.stdout)).toEqual(FILE);

    // Importing the same references again is refused as a whole.
    const dup = await inProcess(store, ['cases', 'import', good]);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toMatch(/\[0\]\.reference: already exists/);
    expect(await countCases(store)).toBe(2);

    // The operator, not a user, is recorded as the actor.
    const deps = await openDeps(store.config());
    try {
      const events = await deps.db.selectFrom('audit_events').selectAll().where('action', '=', 'case.created').execute();
      expect(events).toHaveLength(2);
      expect(events.every((e) => e.actor_kind === 'operator' && e.actor_id === null)).toBe(true);
    } finally {
      await deps.db.destroy();
    }
  }, SLOW);

  it('serve prints exactly one setup link on first run, and refuses a wrong master key', async () => {
    const store = await fresh();
    const key = randomBytes(32).toString('base64');
    const r = await cliUntil(store, ['serve'], /setup#/, { HOMEWARD_MASTER_KEY: key });
    const links = r.stdout.split('\n').filter((l) => /http:\/\/127\.0\.0\.1:\d+\/setup#[A-Za-z0-9_-]{20,}/.test(l));
    expect(links).toHaveLength(1);
    expect(r.code).toBe(0);
    const wrong = await cli(store, ['serve'], '', { HOMEWARD_MASTER_KEY: randomBytes(32).toString('base64') });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/master key does not match this database/);
    expect(wrong.stderr).not.toContain(key);
  }, SLOW);

  it('demo fills a fresh data directory with fictional data and refuses one with real data', async () => {
    const store = await fresh();
    const r = await cliUntil(store, ['demo'], /running at/);
    expect(r.stdout).toMatch(/administrator +email admin@demo\.invalid +password demo-\S+ +TOTP secret [A-Z2-7]{32}/);
    expect(r.stdout).toMatch(/caseworker +email caseworker@demo\.invalid/);
    expect(r.stdout).not.toMatch(/setup#/);
    expect(await countCases(store)).toBeGreaterThanOrEqual(10);
    // A second start reuses the demo and its logins.
    const deps = await openDeps(store.config());
    try {
      const creds = await prepareDemo(deps);
      expect(creds.map((c) => c.password)[0]).toBe(r.stdout.match(/password (\S+)/)?.[1]);
    } finally {
      await deps.db.destroy();
    }

    const real = await fresh();
    expect((await inProcess(real, ['user', 'create', '--email', 'a@example.org', '--role', 'administrator'], 'a long enough passphrase\n')).code).toBe(0);
    const refused = await inProcess(real, ['demo', '--port', '0']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/real \(non-demo\) data/);
    expect(await countCases(real)).toBe(0);
  }, SLOW);
});
