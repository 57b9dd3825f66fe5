import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { buildDossier, buildRelease, releaseToJson, renderDossierPdf, renderReleasePdf, type MicroRow } from '../src/index.ts';
import { INPUT, otherCase, SECRETS } from './fixtures.ts';

// Debian's poppler-utils. Missing tools skip these tests, except under
// HOMEWARD_TEST_STRICT=1 (CI), where their absence is a failure.
const POPPLER = existsSync('/usr/bin/pdftotext') && existsSync('/usr/bin/pdftoppm');
const STRICT = process.env.HOMEWARD_TEST_STRICT === '1';

const ROWS: MicroRow[] = [
  ...Array.from({ length: 40 }, () => ({ province: 'Jilin' })),
  ...Array.from({ length: 3 }, () => ({ province: 'Liaoning' })),
  ...Array.from({ length: 12 }, () => ({ province: 'Heilongjiang' })),
];
const RELEASE = buildRelease({ dataDate: '2026-11-29', populations: { children: ROWS }, tables: [{ id: 'by-province', unit: 'children', variables: ['province'] }] });

describe('dossier and statistics PDF', () => {
  let dir = '';
  const files: Record<'ko' | 'en' | 'packet', string> = { ko: '', en: '', packet: '' };
  let statsFile = '';
  const text = (file: string, page?: number): string =>
    execFileSync('/usr/bin/pdftotext', [...(page ? ['-f', String(page), '-l', String(page)] : []), '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  const pages = (file: string): number => Number(/Pages:\s+(\d+)/.exec(execFileSync('/usr/bin/pdfinfo', [file], { encoding: 'utf8' }))?.[1]);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'homeward-advocacy-'));
    const write = async (name: keyof typeof files, input: typeof INPUT): Promise<void> => {
      files[name] = join(dir, `${name}.pdf`);
      writeFileSync(files[name], await renderDossierPdf(buildDossier(input)));
    };
    await write('ko', INPUT);
    // A recipient written partly in Chinese exercises the bold Chinese font of the watermark.
    await write('en', { ...INPUT, lang: 'en', recipient: { name: 'Ministry 统一部 (fictional)', kind: 'government-office' } });
    await write('packet', { ...INPUT, cases: [INPUT.cases[0]!, otherCase(1), otherCase(2)] });
    statsFile = join(dir, 'stats.pdf');
    writeFileSync(statsFile, await renderReleasePdf(RELEASE, { lang: 'ko', title: '연변 통계 (가상)', labels: { province: '성', Jilin: '吉林 지린', 'by-province': '성별 아동 수' } }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.runIf(STRICT)('has poppler-utils installed (strict mode)', () => {
    expect(POPPLER, 'install Debian poppler-utils (pdftotext, pdftoppm)').toBe(true);
  });

  it('is a small PDF with the fonts subset', () => {
    const bytes = readFileSync(files.ko);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.length).toBeLessThan(300_000);
  });

  it.skipIf(!POPPLER)('holds the Hangul and Chinese strings, in Korean and in English', () => {
    for (const file of [files.ko, files.en]) {
      const t = text(file);
      for (const s of ['李美玲', '리미령', 'Li Meiling', '龙井', '룡정', '延吉', '연길', '연길시 공안국', '2016']) expect(t).toContain(s);
    }
    expect(text(files.ko)).toContain('찾는 사람');
    expect(text(files.ko)).toContain('13세 또는 14세');
    expect(text(files.en)).toContain('Person sought');
    expect(text(files.en, 1)).toContain('Ministry 统一部 (fictional)');
    expect(text(files.en)).toContain('13 or 14');
  });

  it.skipIf(!POPPLER)('holds none of the fields left out of the consent', () => {
    for (const file of Object.values(files)) {
      const t = text(file);
      for (const s of SECRETS) expect(t).not.toContain(s);
      expect(t).not.toContain('인상착의');
      expect(t).not.toContain('Description');
    }
  });

  it.skipIf(!POPPLER)('carries the recipient, date and dossier id on every page', () => {
    const n = pages(files.packet);
    expect(n).toBeGreaterThanOrEqual(4); // cover, then one case per page at least
    for (let p = 1; p <= n; p++) {
      const t = text(files.packet, p).replace(/\s+/g, ' ');
      expect(t).toContain('UN Special Rapporteur on the DPRK');
      expect(t).toContain('2026-11-29');
      expect(t).toContain('D-2026-0007');
      expect(t).toContain(`${n}쪽 중 ${p}쪽`);
    }
    const all = text(files.packet);
    for (const s of ['王小明', '왕소명', '朴成哲', '图们', '珲春', 'HW-2026-0101', 'HW-2026-0102']) expect(all).toContain(s);
  });

  it.skipIf(!POPPLER)('renders a page that is not blank', () => {
    execFileSync('/usr/bin/pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', '-singlefile', files.ko, join(dir, 'page')]);
    const png = PNG.sync.read(readFileSync(join(dir, 'page.png')));
    let sum = 0;
    let sq = 0;
    let dark = 0;
    const n = png.width * png.height;
    for (let i = 0; i < n; i++) {
      const y = 0.299 * png.data[i * 4]! + 0.587 * png.data[i * 4 + 1]! + 0.114 * png.data[i * 4 + 2]!;
      sum += y;
      sq += y * y;
      if (y < 128) dark++;
    }
    const variance = sq / n - (sum / n) ** 2;
    expect(variance).toBeGreaterThan(100);
    expect(dark / n).toBeGreaterThan(0.005);
  });

  it.skipIf(!POPPLER)('exports statistics with suppressed cells marked and the methodology note', () => {
    const t = text(statsFile);
    for (const s of ['성별 아동 수', '吉林 지린', '합계', '55', '자료 기준일: 2026-11-29', '1에서 9까지']) expect(t).toContain(s);
    const table = t.slice(0, t.indexOf('자료 기준일'));
    expect(table).not.toMatch(/\b3\b/); // Liaoning's 3 children
    expect(table).not.toMatch(/\b12\b/); // its complement, Heilongjiang
    expect(table.match(/\bx\b/g)).toHaveLength(2);
    const json = JSON.parse(releaseToJson(RELEASE, 'en')) as { methodology: string };
    expect(json.methodology).toContain('Counts of 1 to 9 are suppressed');
  });
});
