import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { CaseFileSchema } from '@homeward/contracts';
import { SQLITE_FILE } from '../src/db/create-db.ts';
import { checkImport, exportCases } from '../src/services/cases.ts';
import { OPERATOR } from '../src/services/context.ts';
import { RESOLVE_RATE_LIMIT } from '../src/routes/places/schema.ts';
import { Client, describeEachEngine, freshApp, sampleCase, type Store } from './helpers.ts';

// Places in the API: autocomplete by POST (never a query string), codes stored
// sealed beside the text the mother said, unknown codes refused by field.

// Fictional place texts; the codes are real gazetteer units.
const LONGJING = 'CN-222405';
const SANHE_TOWNSHIP = 'CN-222405103';
const HOERYONG = 'KP-09-hoeryeong';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON under test
type Json = Record<string, any>;

const resolveQ = (c: Client, q: unknown, limit?: number) => c.post('/api/places/resolve', limit === undefined ? { q } : { q, limit });

describeEachEngine('places', (engine, fresh) => {
  let store: Store;
  let c: Client;
  beforeAll(async () => {
    store = await fresh();
    c = await freshApp(store);
    await c.setupAndLogin();
  });

  describe('POST /api/places/resolve', () => {
    it('reads a place in Korean, Chinese and pinyin, best first, with its hierarchy in three languages', async () => {
      for (const q of ['룡정', '용정', '龙井', 'Longjing']) {
        const r = await resolveQ(c, q);
        expect(r.statusCode, q).toBe(200);
        const best = r.json().candidates[0];
        expect(best, q).toMatchObject({ code: LONGJING, level: 'county', country: 'CN', display: { ko: '용정시', zh: '龙井市', en: 'Longjing' } });
        expect(best.names).toMatchObject({ koreanDprk: '룡정시', zhTraditional: '龍井市' });
        expect(best.hierarchy.map((h: Json) => h.display.en)).toEqual(['Jilin', 'Yanbian', 'Longjing']);
        expect(best.hierarchy.map((h: Json) => h.display.zh)).toEqual(['吉林省', '延边朝鲜族自治州', '龙井市']);
        expect(best.confidence).toBeGreaterThan(0);
        expect(best.explanation.join(' ')).toContain('龙井市');
      }
    });

    it('reads a township with its county, and a DPRK border town', async () => {
      expect((await resolveQ(c, '용정시 삼합')).json().candidates[0].code).toBe(SANHE_TOWNSHIP);
      const hoeryong = (await resolveQ(c, '회령')).json().candidates[0];
      expect(hoeryong).toMatchObject({ code: HOERYONG, display: { ko: '회령시', en: 'Hoeryong-si' } });
      expect(hoeryong.hierarchy[0].display.ko).toBe('함경북도');
    });

    it('offers places whose name starts with a word still being typed', async () => {
      const r = (await resolveQ(c, '룡', 5)).json();
      expect(r.candidates.length).toBeGreaterThan(0);
      expect(r.candidates.length).toBeLessThanOrEqual(5);
      expect(r.candidates.every((x: Json) => x.confidence === 0)).toBe(true);
    });

    it('answers nothing for text that names no place, and honours the limit', async () => {
      expect((await resolveQ(c, 'qqqq')).json()).toEqual({ candidates: [] });
      expect((await resolveQ(c, '和平村', 3)).json().candidates).toHaveLength(3);
    });

    it('refuses empty, oversized and malformed requests by field', async () => {
      const bad: [unknown, number | undefined, string][] = [
        ['', undefined, 'q'],
        ['   ', undefined, 'q'],
        ['龙'.repeat(501), undefined, 'q'],
        [42, undefined, 'q'],
        ['龙井', 0, 'limit'],
        ['龙井', 21, 'limit'],
      ];
      for (const [q, limit, path] of bad) {
        const r = await resolveQ(c, q, limit);
        expect(r.statusCode, `${String(q).slice(0, 5)} ${limit}`).toBe(400);
        expect(r.json().code).toBe('VALIDATION_FAILED');
        expect(r.json().issues.map((i: Json) => i.path)).toContain(path);
        // The error never echoes the typed text.
        if (typeof q === 'string' && q.trim()) expect(r.body).not.toContain('龙');
      }
    });

    it('is for signed-in users, with the CSRF header, and never a GET with the text in the URL', async () => {
      const stranger = new Client(c.app);
      expect((await resolveQ(stranger, '龙井')).statusCode).toBe(401);
      const noCsrf = await c.app.inject({ method: 'POST', url: '/api/places/resolve', headers: { cookie: c.cookie }, payload: { q: '龙井' } });
      expect(noCsrf.statusCode).toBe(403);
      expect((await c.get(`/api/places/resolve?q=${encodeURIComponent('龙井')}`)).statusCode).toBe(404);
    });
  });

  describe('place codes beside the text', () => {
    let kase: Json;

    it('stores the chosen code beside the text and shows the place it names', async () => {
      const body = sampleCase();
      (body.sought as Json[])[0]!.lastKnownPlace = '룡정 시장 골목';
      (body.sought as Json[])[0]!.lastKnownPlaceCode = LONGJING;
      (body.applicant as Json).lastKnownPlace = '회령 강가';
      (body.applicant as Json).lastKnownPlaceCode = HOERYONG;
      const r = await c.post('/api/cases', body);
      expect(r.statusCode).toBe(201);
      kase = r.json();
      expect(kase.sought[0]).toMatchObject({ lastKnownPlace: '룡정 시장 골목', lastKnownPlaceCode: LONGJING, lastKnownPlaceResolved: { code: LONGJING, display: { zh: '龙井市' } } });
      expect(kase.applicant.lastKnownPlaceResolved.hierarchy.map((h: Json) => h.code)).toEqual(['KP-09', HOERYONG]);
      expect((await c.get(`/api/cases/${kase.id}`)).json()).toEqual(kase);
    });

    it('keeps unresolved text as text, and drops the code when the edit drops it', async () => {
      const sought = { ...kase.sought[0] };
      delete sought.lastKnownPlaceCode;
      sought.lastKnownPlace = '어딘가 강 건너 마을';
      const r = await c.put(`/api/cases/${kase.id}`, { ...kase, assignedTo: kase.assignedTo?.id ?? null, sought: [sought] });
      expect(r.statusCode).toBe(200);
      expect(r.json().sought[0].lastKnownPlace).toBe('어딘가 강 건너 마을');
      expect(r.json().sought[0].lastKnownPlaceCode).toBeUndefined();
      expect(r.json().sought[0].lastKnownPlaceResolved).toBeUndefined();
      const history = (await c.get(`/api/cases/${kase.id}/history`)).json().items;
      expect(history.at(-1).fields).toEqual(expect.arrayContaining(['sought.0.lastKnownPlace', 'sought.0.lastKnownPlaceCode']));
      kase = r.json();
    });

    it('refuses an unknown or malformed code, or a code without its text, naming the field', async () => {
      const cases: [Json, string, string][] = [
        [{ sought: [{ ...kase.sought[0], lastKnownPlaceCode: 'CN-999999' }] }, 'sought.0.lastKnownPlaceCode', 'unknown_place'],
        [{ applicant: { ...kase.applicant, lastKnownPlaceCode: 'KR-99-nowhere' } }, 'applicant.lastKnownPlaceCode', 'unknown_place'],
        [{ sought: [{ ...kase.sought[0], lastKnownPlaceCode: 'Longjing' }] }, 'sought.0.lastKnownPlaceCode', 'invalid_format'],
        [{ sought: [{ ...kase.sought[0], lastKnownPlace: undefined, lastKnownPlaceCode: LONGJING }] }, 'sought.0.lastKnownPlaceCode', 'needs_text'],
      ];
      for (const [change, path, code] of cases) {
        const r = await c.put(`/api/cases/${kase.id}`, { ...kase, assignedTo: kase.assignedTo?.id ?? null, ...change });
        expect(r.statusCode, path).toBe(400);
        expect(r.json().issues).toEqual([expect.objectContaining({ path, code })]);
      }
      const created = await c.post('/api/cases', { ...sampleCase(), applicant: { ...(sampleCase().applicant as Json), lastKnownPlace: 'x', lastKnownPlaceCode: 'CN-11999999' } });
      expect(created.statusCode).toBe(400);
      // Nothing was written by the refused requests.
      expect((await c.get(`/api/cases/${kase.id}`)).json().version).toBe(kase.version);
    });

    it('exports codes in the interchange format, and checks them on import', async () => {
      const deps = c.app.homeward.deps;
      const file = await exportCases(deps, OPERATOR);
      expect(CaseFileSchema.safeParse(file).success).toBe(true);
      const mine = file.find((f) => f.reference === kase.reference)!;
      expect(mine.applicant).toMatchObject({ lastKnownPlace: '회령 강가', lastKnownPlaceCode: HOERYONG });
      expect(JSON.stringify(file)).not.toContain('Resolved');
      const entry = { ...mine, reference: undefined, sought: [{ ...mine.sought[0]!, lastKnownPlace: 'x', lastKnownPlaceCode: 'CN-229999' }] };
      expect(await checkImport(deps, [entry])).toEqual(['[0].sought[0].lastKnownPlaceCode: is not a known place']);
    });

    it('stores a lead place code, and refuses an unknown one at placeCode', async () => {
      const lead = { names: [{ text: '李佳玲' }], place: '三合镇 水井 옆', placeCode: SANHE_TOWNSHIP, source: 'Fictional partner', reliability: 'low', receivedOn: { year: 2025 } };
      const r = await c.post('/api/leads', lead);
      expect(r.statusCode).toBe(201);
      expect(r.json()).toMatchObject({ place: '三合镇 水井 옆', placeCode: SANHE_TOWNSHIP, placeResolved: { level: 'township', display: { en: 'Sanhe' } } });
      const stored = r.json();
      const bad = await c.put(`/api/leads/${stored.id}`, { ...lead, placeCode: 'CN-22240510', version: stored.version });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().issues).toEqual([expect.objectContaining({ path: 'placeCode', code: 'unknown_place' })]);
      const cleared = await c.put(`/api/leads/${stored.id}`, { ...lead, placeCode: undefined, version: stored.version });
      expect(cleared.json().placeCode).toBeUndefined();
      expect(cleared.json().place).toBe('三合镇 水井 옆');
    });

    it('keeps place texts and codes out of the raw database', async () => {
      // A village-level code can point at a family: it is sealed like the text.
      const village = 'CN-222405103001';
      const body = sampleCase();
      (body.sought as Json[])[0]!.lastKnownPlace = '삼합 마을 우물가';
      (body.sought as Json[])[0]!.lastKnownPlaceCode = village;
      const made = await c.post('/api/cases', body);
      expect(made.statusCode).toBe(201);
      expect(made.json().sought[0].lastKnownPlaceResolved.level).toBe('village');
      const secrets = ['삼합 마을 우물가', village, '어딘가 강 건너 마을', '회령 강가', HOERYONG, SANHE_TOWNSHIP, '三合镇 水井', '龙井市', '용정시'];
      let raw: Buffer;
      if (engine === 'sqlite') {
        const file = join(store.dataDir, SQLITE_FILE);
        raw = Buffer.concat([file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f)));
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
      expect(raw.includes(Buffer.from(made.json().reference))).toBe(true);
      expect(secrets.filter((s) => raw.includes(Buffer.from(s, 'utf8')) || raw.includes(Buffer.from(s, 'utf16le')))).toEqual([]);
    });
  });

  it('limits how fast one user may resolve', async () => {
    let status = 200;
    for (let i = 0; i <= RESOLVE_RATE_LIMIT.max && status === 200; i++) status = (await resolveQ(c, 'qqqq')).statusCode;
    expect(status).toBe(429);
    expect((await resolveQ(c, 'qqqq')).json().code).toBe('RATE_LIMITED');
  });
});

describe('places in the logs', () => {
  it('never writes the typed text to the log, even at debug level', () => {
    const here = fileURLToPath(new URL('.', import.meta.url));
    // A child process: pino writes straight to file descriptor 1, which only a parent can read.
    const script = `
      import { mkdtempSync } from 'node:fs';
      import { tmpdir } from 'node:os';
      import { join } from 'node:path';
      import { build } from ${JSON.stringify(join(here, '../src/app.ts'))};
      import { loadConfig } from ${JSON.stringify(join(here, '../src/config.ts'))};
      import { currentTotp } from ${JSON.stringify(join(here, '../src/services/totp.ts'))};
      const app = await build(loadConfig({ data: mkdtempSync(join(tmpdir(), 'homeward-log-')) }, { HOMEWARD_LOG_LEVEL: 'debug' }, { argon2: { memoryCost: 1024, timeCost: 1, parallelism: 1 } }));
      app.log.info('log-check marker');
      const h = { 'x-homeward-csrf': '1' };
      const token = app.homeward.setupToken;
      const admin = { email: 'a@example.org', password: 'correct horse battery staple', displayName: 'A' };
      const start = await app.inject({ method: 'POST', url: '/api/setup/start', headers: h, payload: { token, organisationName: 'N', ...admin } });
      const secret = start.json().totpSecret;
      const step = Math.floor(Date.now() / 30000);
      await app.inject({ method: 'POST', url: '/api/setup/finish', headers: h, payload: { token, totpCode: currentTotp(secret, new Date(step * 30000)) } });
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', headers: h, payload: { email: admin.email, password: admin.password, totpCode: currentTotp(secret, new Date((step + 1) * 30000)) } });
      const cookie = String(login.headers['set-cookie']).split(';')[0];
      const ask = (q) => app.inject({ method: 'POST', url: '/api/places/resolve', headers: { ...h, cookie }, payload: { q } });
      const ok = await ask('룡정 비밀마을');
      const tooLong = await ask('룡정비밀'.repeat(200));
      const broken = await app.inject({ method: 'POST', url: '/api/places/resolve', headers: { ...h, cookie, 'content-type': 'application/json' }, payload: '{"q":"룡정비밀' });
      console.error('STATUS', login.statusCode, ok.statusCode, tooLong.statusCode, broken.statusCode);
      await app.close();
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: join(here, '..'), encoding: 'utf8', timeout: 120_000 });
    // Positive control: the requests happened and the logger was on.
    expect(child.stderr).toContain('STATUS 200 200 400 400');
    expect(child.stdout).toContain('log-check marker');
    expect(child.stdout + child.stderr.replace(/^STATUS.*$/m, '')).not.toMatch(/룡정|비밀/);
  }, 120_000);
});
