import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { SQLITE_FILE } from '../src/db/create-db.ts';
import { describeEachEngine, freshApp } from './helpers.ts';

// Everything identifying that goes in, in every script. None of it may be
// found in a raw copy of the database.
const SECRETS = [
  '김영희', '金英姬', 'Kim Yong-hui',
  '李美玲', '李美玲', 'Li Meiling', '리미령', '이미영',
  '龍井', '龙井', 'Longjing', '룡정',
  'Hoeryong riverside hamlet', 'Helong bus depot',
  'Only by text after 9pm to the second phone',
  'Husband drinks and must not learn of the search',
  'She hid the baby photo in a bible', 'Red school bag with a rabbit',
  'Noodle shop behind Yanji station', 'Pastor Choi of the Tumen church',
  'Field partner Wang in Hunchun',
  // Steps already taken (issue #8): who she asked and what came of it identify her as surely as a name.
  '회령 보위부에 편지', 'Complaint to the Tumen border office', 'Told her daughter was sold to Antu',
];

const CASE = {
  applicant: {
    names: [{ text: '김영희' }, { text: '金英姬', kind: 'chinese' }, { text: 'Kim Yong-hui' }],
    lastKnownPlace: 'Hoeryong riverside hamlet',
    safeContact: 'Only by text after 9pm to the second phone',
    notes: 'She hid the baby photo in a bible',
  },
  sought: [{
    names: [{ text: '李美玲' }, { text: 'Li Meiling' }, { text: '리미령' }, { text: '이미영', kind: 'korean' }],
    relation: 'daughter', lastKnownPlace: '龍井', separatedOn: { year: 2017 },
    separationCircumstances: 'Taken by the husband to the Helong bus depot',
    notes: 'Red school bag with a rabbit',
  }, { names: [{ text: '龙井' }, { text: 'Longjing' }, { text: '룡정' }], relation: 'son' }],
  riskNotes: 'Husband drinks and must not learn of the search',
  notes: 'Pastor Choi of the Tumen church',
  stepsTaken: [
    { date: { year: 2019, month: 2 }, description: '회령 보위부에 편지', outcome: 'Told her daughter was sold to Antu' },
    { description: 'Asked at the border', authority: 'Complaint to the Tumen border office' },
  ],
};
const LEAD = {
  names: [{ text: '李美玲' }], place: 'Noodle shop behind Yanji station', source: 'Field partner Wang in Hunchun',
  reliability: 'medium', receivedOn: { year: 2025, month: 6 }, notes: 'Red school bag with a rabbit',
};

function findIn(haystack: Buffer, needles: string[]): string[] {
  const found: string[] = [];
  for (const n of needles) {
    // UTF-8 is what both engines store; UTF-16 catches a driver that would use it.
    if (haystack.includes(Buffer.from(n, 'utf8')) || haystack.includes(Buffer.from(n, 'utf16le'))) found.push(n);
    // Also case-insensitively for Latin text.
    else if (/^[\x20-\x7e]+$/.test(n) && haystack.toString('latin1').toLowerCase().includes(n.toLowerCase())) found.push(n);
  }
  return found;
}

describeEachEngine('no plaintext at rest', (engine, fresh) => {
  it('keeps every name, note and place out of the raw database', async () => {
    const store = await fresh();
    const c = await freshApp(store);
    await c.setupAndLogin();
    const created = await c.post('/api/cases', CASE);
    expect(created.statusCode).toBe(201);
    const kase = created.json();
    // Edit once, so older row versions (WAL frames, dead tuples) exist too.
    expect((await c.put(`/api/cases/${kase.id}`, { ...kase, assignedTo: kase.assignedTo?.id ?? null, status: 'tracing', version: 1 })).statusCode).toBe(200);
    expect((await c.post('/api/leads', LEAD)).statusCode).toBe(201);
    // The API still returns them: proof the test data really went in.
    const stored = JSON.stringify((await c.get(`/api/cases/${kase.id}`)).json());
    expect(stored).toContain('Red school bag with a rabbit');
    expect(stored).toContain('Complaint to the Tumen border office');

    let raw: Buffer;
    if (engine === 'sqlite') {
      const file = join(store.dataDir, SQLITE_FILE);
      raw = Buffer.concat([file, `${file}-wal`, `${file}-shm`].filter(existsSync).map((f) => readFileSync(f)));
      expect(existsSync(`${file}-wal`)).toBe(true);
    } else {
      const db = c.app.homeward.deps.db;
      const tables = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = 'public'`.execute(db);
      const parts: string[] = [];
      for (const { table_name } of tables.rows) {
        const rows = await sql<{ row: string }>`select t::text as row from ${sql.table(table_name)} t`.execute(db);
        for (const r of rows.rows) parts.push(r.row);
      }
      raw = Buffer.from(parts.join('\n'), 'utf8');
    }
    // Positive control: things that are not secret are found, so the search works.
    expect(findIn(raw, [kase.reference, 'daughter', 'tracing'])).toEqual([kase.reference, 'daughter', 'tracing']);
    expect(findIn(raw, SECRETS)).toEqual([]);

    await c.app.close();
    if (engine === 'sqlite') {
      // After close the WAL is checkpointed into the main file: check that too.
      const file = join(store.dataDir, SQLITE_FILE);
      expect(findIn(readFileSync(file), SECRETS)).toEqual([]);
    }
  });
});
