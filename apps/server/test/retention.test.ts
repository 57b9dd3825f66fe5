import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FileCase } from '@homeward/contracts';
import { expect, it } from 'vitest';
import { openDeps } from '../src/deps.ts';
import { importCases } from '../src/services/cases.ts';
import { OPERATOR } from '../src/services/context.ts';
import { runRetention } from '../src/services/retention.ts';
import { createUser } from '../src/services/users.ts';
import { describeEachEngine, sampleCase, type Store } from './helpers.ts';

const BIN = fileURLToPath(new URL('../../cli/bin/homeward.mjs', import.meta.url));
const SLOW = 240_000;

function cli(store: Store, args: string[], input = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args, '--data', store.dataDir], { env: store.env() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

function fileCase(reference: string, status: 'closed' | 'open'): FileCase {
  const base = sampleCase() as unknown as FileCase;
  return { reference, status, applicant: base.applicant, sought: base.sought, consents: [{ purpose: 'tracing', givenOn: { year: 2015 } }] } as FileCase;
}

describeEachEngine('retention and user commands', (_engine, fresh) => {
  it('purges closed cases past retention by crypto-shredding, audited, from the service and the CLI', { timeout: SLOW }, async () => {
    const store = await fresh();
    const deps = await openDeps(store.config());
    try {
      await importCases(deps, OPERATOR, [fileCase('HW-2015-0001', 'closed'), fileCase('HW-2015-0002', 'open'), fileCase('HW-2024-0003', 'closed'), fileCase('HW-2016-0004', 'closed')]);
      const ids = Object.fromEntries((await deps.db.selectFrom('cases').select(['id', 'reference']).execute()).map((r) => [r.reference, r.id]));
      const at = (year: number) => new Date(Date.UTC(year, 0, 1)).toISOString();
      await deps.db.updateTable('cases').set({ updated_at: at(2015) }).where('reference', 'in', ['HW-2015-0001', 'HW-2015-0002']).execute();
      await deps.db.updateTable('cases').set({ updated_at: at(2018) }).where('reference', '=', 'HW-2016-0004').execute();
      // Off by default: nothing happens.
      expect(await runRetention(deps)).toMatchObject({ purged: 0, cutoff: null });
      const dry = await runRetention(deps, 9, true);
      expect(dry.ids).toEqual([ids['HW-2015-0001']]);
      expect(await deps.db.selectFrom('cases').select('id').execute()).toHaveLength(4);
      // Older than 9 years and closed: only the first. An open case of the same age stays.
      const r = await runRetention(deps, 9);
      expect(r.purged).toBe(1);
      const left = (await deps.db.selectFrom('cases').select('reference').orderBy('reference').execute()).map((x) => x.reference);
      expect(left).toEqual(['HW-2015-0002', 'HW-2016-0004', 'HW-2024-0003']);
      // Its consents (their rows hold their only data keys) went with it.
      expect(await deps.db.selectFrom('consents').select('id').where('case_id', '=', ids['HW-2015-0001']!).execute()).toEqual([]);
      const events = await deps.db.selectFrom('audit_events').select(['action', 'record_id', 'actor_kind']).where('action', 'in', ['case.deleted', 'retention.run']).execute();
      expect(events).toEqual(expect.arrayContaining([{ action: 'case.deleted', record_id: ids['HW-2015-0001'], actor_kind: 'operator' }, { action: 'retention.run', record_id: null, actor_kind: 'operator' }]));
      await createUser(deps, OPERATOR, { email: 'someone@example.org', displayName: 'Someone', role: 'caseworker', password: 'a long enough test passphrase' });
    } finally {
      await deps.db.destroy();
    }
    const run = await cli(store, ['retention', 'run', '--years', '7']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^purged 1 closed case\(s\) last changed before \d{4}-\d{2}-\d{2}\n$/);
    expect(run.code).toBe(0);
    expect((await cli(store, ['retention', 'run', '--years', 'soon'])).code).toBe(2);
    // User commands through the CLI: list, disable, and a breached password refused with exit 2.
    const list = await cli(store, ['user', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/\tcaseworker\tactive\t0 session\(s\)\tsomeone@example\.org\n/);
    const disabled = await cli(store, ['user', 'disable', '--email', 'someone@example.org']);
    expect(disabled.stdout).toBe('disabled someone@example.org; their sessions ended\n');
    const weak = await cli(store, ['user', 'create', '--email', 'weak@example.org', '--role', 'caseworker'], 'password123456\n');
    expect(weak.code).toBe(2);
    expect(weak.stderr).toMatch(/too common/);
    const check = await openDeps(store.config());
    try {
      const actions = (await check.db.selectFrom('audit_events').select('action').where('actor_kind', '=', 'operator').execute()).map((e) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['retention.run', 'user.listed', 'user.disabled']));
      expect(await check.db.selectFrom('users').select('id').where('email', '=', 'weak@example.org').execute()).toEqual([]);
    } finally {
      await check.db.destroy();
    }
  });
});
