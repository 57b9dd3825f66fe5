import { writeXlsx } from '@homeward/intake';
import { beforeAll, expect, it } from 'vitest';
import { recordBackupEvent } from '../src/backup/audit-events.ts';
import { matchCase } from '../src/matching/engine.ts';
import type { Client } from './helpers.ts';
import { describeEachEngine, freshApp, sampleCase, signedInAs } from './helpers.ts';

// POST /api/import/check and /commit, GET /api/admin/backup-status (issue 9),
// on SQLite and PostgreSQL.

const HEADERS = ['신청인 이름', '자녀 이름', '생년월일', '성별', '관계', '마지막 거주지', '메모'];
const csv = (rows: string[][]) => rows.map((r) => r.map((v) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)).join(',')).join('\r\n') + '\r\n';
const body = (text: string | Uint8Array, extra: Record<string, unknown> = {}) => ({
  fileName: 'cases.csv',
  contentBase64: Buffer.from(text).toString('base64'),
  ...extra,
});

const GOOD = csv([
  HEADERS,
  ['김영희', '李美玲', '2012년 5월', '여', '딸', '연변 룡정', '메모'],
  ['박철호', '최광철', '2010', '남', '아들', '연길', ''],
]);

describeEachEngine('spreadsheet import API', (_engine, fresh) => {
  let admin: Client;
  let alice: Client & { userId: string };
  let bob: Client & { userId: string };
  let partner: Client & { userId: string };
  beforeAll(async () => {
    admin = await freshApp(await fresh());
    await admin.setupAndLogin();
    alice = await signedInAs(admin, 'caseworker', 'Alice');
    bob = await signedInAs(admin, 'caseworker', 'Bob');
    partner = await signedInAs(admin, 'field_partner', 'Partner');
    // An existing case of Alice's that the file repeats: a duplicate for her, invisible to Bob.
    expect((await alice.post('/api/cases', sampleCase())).statusCode).toBe(201);
  });

  it('dry run: encoding, suggested mapping, problems by row and column, duplicates with what agreed; nothing written', async () => {
    const bad = csv([...GOOD.trim().split('\r\n').map((l) => l.split(',')), ['', '왕명', '13/13/2012', '남', '아들', '虚构村', '']]);
    const r = await alice.post('/api/import/check', body(bad));
    expect(r.statusCode).toBe(200);
    const report = r.json();
    expect(report.format).toBe('csv');
    expect(report.encoding.encoding).toBe('utf-8');
    expect(report.suggestion.columns[0]).toMatchObject({ header: '신청인 이름', field: 'applicant.name' });
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 4, columnLetter: 'A', code: 'name_required', severity: 'error' }),
        expect.objectContaining({ row: 4, columnLetter: 'C', severity: 'error' }),
        expect.objectContaining({ row: 4, columnLetter: 'F', code: 'place_unknown', severity: 'warning' }),
      ]),
    );
    // Row 2 repeats Alice's case: sought name and applicant agree.
    const dup = report.duplicates.find((d: { existingReference?: string }) => d.existingReference);
    expect(dup).toMatchObject({ rows: [2] });
    expect(dup.agreed.map((a: { field: string }) => a.field)).toEqual(expect.arrayContaining(['sought', 'applicant']));
    // Need-to-know: Bob is not told about Alice's case.
    expect((await bob.post('/api/import/check', body(GOOD))).json().duplicates).toEqual([]);
    expect((await alice.get('/api/cases')).json().items).toHaveLength(1);
    // Nothing identifying in what the report says about problems.
    expect(JSON.stringify(report.problems)).not.toContain('왕명');
    expect(JSON.stringify(report.problems)).not.toContain('虚构村');
  });

  it('commit: all rows in one transaction, assigned to the importer, audited with the count only', async () => {
    const r = await bob.post('/api/import/commit', body(GOOD));
    expect(r.statusCode).toBe(201);
    expect(r.json()).toEqual({ imported: 2, rowsRead: 2 });
    const mine = (await bob.get('/api/cases')).json().items;
    expect(mine).toHaveLength(2);
    expect(mine.every((c: { assignedTo: { id: string } }) => c.assignedTo.id === bob.userId)).toBe(true);
    const db = admin.app.homeward.deps.db;
    const events = await db.selectFrom('audit_events').selectAll().where('action', '=', 'cases.imported').execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor_id: bob.userId, record_type: 'cases', record_id: '2' });
    // Sealed like any case: no name, place or note in plaintext anywhere an import writes.
    for (const table of ['cases', 'people', 'name_index', 'case_history', 'audit_events'] as const) {
      const raw = JSON.stringify(await db.selectFrom(table).selectAll().execute());
      for (const value of ['최광철', '박철호', '李美玲', '연변 룡정', '메모']) expect(raw, table).not.toContain(value);
    }
  });

  it('refuses a file with errors, a damaged file and an edited mapping naming a missing column, writing nothing', async () => {
    const before = (await bob.get('/api/cases')).json().items.length;
    const withError = csv([HEADERS, ['', '최광철', '2010', '남', '아들', '연길', '']]);
    const r1 = await bob.post('/api/import/commit', body(withError));
    expect(r1.statusCode).toBe(400);
    expect(r1.json().issues[0]).toMatchObject({ path: 'row.2.A', code: 'name_required' });
    const xlsx = await writeXlsx([HEADERS, ['김영희', '李美玲', '2012', '여', '딸', '', '']]);
    const r2 = await bob.post('/api/import/commit', body(xlsx.subarray(0, xlsx.length - 200), { fileName: 'cases.xlsx' }));
    expect(r2.statusCode).toBe(400);
    expect(r2.json().issues[0]).toMatchObject({ path: 'file', code: 'intake.xlsx_corrupt' });
    const mapping = { version: 1, columns: [{ header: '없는 열', field: 'applicant.name' }] };
    const r3 = await bob.post('/api/import/check', body(GOOD, { mapping }));
    expect(r3.statusCode).toBe(400);
    expect(r3.json().issues[0]).toMatchObject({ path: 'file', code: 'intake.mapping_invalid' });
    const r4 = await bob.post('/api/import/commit', body(csv([HEADERS])));
    expect(r4.statusCode).toBe(400);
    expect((await bob.get('/api/cases')).json().items).toHaveLength(before);
  });

  it('an edited mapping is used: a default relation fills rows without one', async () => {
    const noRelation = csv([['신청인 이름', '자녀 이름'], ['김순옥', '박미영']]);
    const check = (await alice.post('/api/import/check', body(noRelation))).json();
    expect(check.problems.map((p: { code: string }) => p.code)).toContain('relation_required');
    const mapping = { ...check.mapping, defaults: { relation: 'child' } };
    const r = await alice.post('/api/import/check', body(noRelation, { mapping }));
    expect(r.json().ok).toBe(true);
    expect((await alice.post('/api/import/commit', body(noRelation, { mapping }))).statusCode).toBe(201);
  });

  it('takes files over the general 1 MB body limit up to 16 MiB, and refuses larger ones', async () => {
    // 1.5 MB in one cell: past the body limit of other routes, refused by intake for its cell, not by size.
    const wide = csv([HEADERS, ['김영희', '李美玲', '2012', '여', '딸', '', 'x'.repeat(1_500_000)]]);
    const r1 = await alice.post('/api/import/check', body(wide));
    expect(r1.statusCode).toBe(400);
    expect(r1.json().issues[0]).toMatchObject({ path: 'file', code: 'intake.cell_too_large' });
    const huge = Buffer.alloc(16 * 1024 * 1024 + 1, 0x61);
    const r2 = await alice.post('/api/import/check', body(huge));
    expect(r2.statusCode).toBe(413);
    expect(r2.json().code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('imported cases join matching: the same index a case made by hand gets, and candidates against existing leads', async () => {
    const carol = await signedInAs(admin, 'caseworker', 'Carol');
    const lead = await carol.post('/api/leads', { names: [{ text: '류가영' }], source: 'Fictional partner', reliability: 'medium', receivedOn: { year: 2025, month: 6 } });
    expect(lead.statusCode).toBe(201);
    const file = csv([HEADERS, ['송가희', '류가영', '2012년 5월', '여', '딸', '연변 룡정', '']]);
    expect((await carol.post('/api/import/commit', body(file))).statusCode).toBe(201);
    const deps = admin.app.homeward.deps;
    const caseId = (await carol.get('/api/cases')).json().items[0].id as string;
    const indexOf = async () =>
      (await deps.db.selectFrom('match_index').select(['owner_table', 'owner_id', 'value']).where('case_id', '=', caseId).execute()).map((r) => `${r.owner_table}:${r.owner_id}:${r.value}`).sort();
    // Found by the run after the import's commit, before anything else touched the case.
    const candidates = await deps.db.selectFrom('match_candidates').select(['case_id', 'lead_id']).where('case_id', '=', caseId).execute();
    expect(candidates).toEqual([{ case_id: caseId, lead_id: lead.json().id }]);
    const imported = await indexOf();
    expect(imported.length).toBeGreaterThan(0);
    await matchCase(deps, caseId);
    expect(await indexOf()).toEqual(imported);
  });

  it('only caseworkers and administrators import', async () => {
    expect((await partner.post('/api/import/check', body(GOOD))).statusCode).toBe(403);
    expect((await partner.post('/api/import/commit', body(GOOD))).statusCode).toBe(403);
  });

  it('shows administrators when the last backup and restore succeeded, from the audit trail', async () => {
    const deps = admin.app.homeward.deps;
    expect((await admin.get('/api/admin/backup-status')).json()).toEqual({ lastBackupAt: null, lastBackupKind: null, lastRestoreAt: null });
    await recordBackupEvent(deps, 'created');
    await recordBackupEvent(deps, 'scheduled');
    const s = (await admin.get('/api/admin/backup-status')).json();
    expect(s.lastBackupKind).toBe('scheduled');
    expect(Date.parse(s.lastBackupAt)).toBeGreaterThan(0);
    expect(s.lastRestoreAt).toBeNull();
    await recordBackupEvent(deps, 'restored');
    expect((await admin.get('/api/admin/backup-status')).json().lastRestoreAt).not.toBeNull();
    expect((await alice.get('/api/admin/backup-status')).statusCode).toBe(403);
  });
});
