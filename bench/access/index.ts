import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { build } from '../../apps/server/src/app.ts';
import { audit } from '../../apps/server/src/audit/audit.ts';
import { verifyTrail } from '../../apps/server/src/audit/verify.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import { OPERATOR } from '../../apps/server/src/services/context.ts';
import { auditKeys } from '../../apps/server/src/services/keys.ts';
import { passwordProblem } from '../../apps/server/src/services/passwords.ts';
import { createSession } from '../../apps/server/src/services/sessions.ts';
import { createUser } from '../../apps/server/src/services/users.ts';

// Costs of the access layer (issue #6) on the embedded SQLite engine:
// the breached-password check, one audit append (hash chain, with origin),
// verifying the trail, and one signed-in request through the policy layer
// (session lookup, role check, origin). CPU time on one core is the figure
// reported (the machine is shared); wall time is printed beside it.

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const time = async (fn: () => Promise<void> | void): Promise<{ cpuMs: number; wallMs: number }> => {
  const c0 = cpu();
  const w0 = performance.now();
  await fn();
  return { cpuMs: cpu() - c0, wallMs: performance.now() - w0 };
};

const dir = mkdtempSync(join(os.tmpdir(), 'homeward-bench-access-'));
try {
  const config = loadConfig({ data: dir }, { HOMEWARD_LOG_LEVEL: 'silent' }, { argon2: { memoryCost: 1024, timeCost: 1, parallelism: 1 } });
  const app = await build(config);
  const deps = app.homeward.deps;

  const words = ['correct horse battery staple', 'sunshine2024!!', 'password123456', '숲속의 작은 집 창가에', 'qwertyqwerty'];
  const nPw = 20_000;
  passwordProblem(words[0]!);
  const pw = await time(() => {
    for (let i = 0; i < nPw; i++) passwordProblem(words[i % words.length]!);
  });

  const nAudit = 2000;
  const actor = { kind: 'user' as const, id: 'bench-user', organisationId: 'org', role: 'caseworker' as const, origin: '203.0.113.7' };
  const ap = await time(async () => {
    for (let i = 0; i < nAudit; i++) await audit(deps.db, i % 2 ? actor : OPERATOR, 'case.viewed', 'case', `case-${i}`, new Date());
  });

  let events = 0;
  const vf = await time(async () => {
    const r = await verifyTrail(deps.db, auditKeys(deps));
    if (r.problems.length) throw new Error('trail does not verify');
    events = r.events;
  });

  const { user } = await createUser(deps, OPERATOR, { email: 'bench@example.org', displayName: 'Bench', role: 'caseworker', password: 'a long enough bench passphrase' });
  const { token } = await createSession(deps, user.id);
  const headers = { cookie: `__Host-homeward_session=${token}` };
  const nReq = 1000;
  for (let i = 0; i < 50; i++) await app.inject({ url: '/api/session', headers });
  const rq = await time(async () => {
    for (let i = 0; i < nReq; i++) {
      const r = await app.inject({ url: '/api/session', headers });
      if (r.statusCode !== 200) throw new Error(`session: ${r.statusCode}`);
    }
  });
  await app.close();

  const us = (ms: number, n: number) => ((ms * 1000) / n).toFixed(1);
  console.log(`password check: ${us(pw.cpuMs, nPw)} us CPU per call (${us(pw.wallMs, nPw)} us wall)`);
  console.log(`audit append: ${(ap.cpuMs / nAudit).toFixed(3)} ms CPU per event (${(ap.wallMs / nAudit).toFixed(3)} ms wall)`);
  console.log(`audit verify: ${((vf.cpuMs / events) * 1000).toFixed(1)} ms CPU per 1000 events over ${events} events (${((vf.wallMs / events) * 1000).toFixed(1)} ms wall)`);
  console.log(`signed-in request through the policy layer: ${(rq.cpuMs / nReq).toFixed(3)} ms CPU (${(rq.wallMs / nReq).toFixed(3)} ms wall); load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`);
  console.log(
    `access: password_check_us=${us(pw.cpuMs, nPw)} audit_append_ms=${(ap.cpuMs / nAudit).toFixed(3)} verify_ms_per_1000=${((vf.cpuMs / events) * 1000).toFixed(1)} request_ms=${(rq.cpuMs / nReq).toFixed(3)} events=${events}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
