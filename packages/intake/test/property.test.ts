import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IntakeError, dryRun } from '../src/index.ts';

// Whatever arrives, the answer is a report or a typed IntakeError: never a
// TypeError from deep inside a parser, never an unhandled rejection.
async function settles(bytes: Uint8Array): Promise<void> {
  try {
    const report = await dryRun(bytes, { currentYear: 2026, limits: { maxBytes: 1 << 20 } });
    expect(Array.isArray(report.problems)).toBe(true);
  } catch (e) {
    if (!(e instanceof IntakeError)) throw e;
  }
}

let xlsxSample: Uint8Array | undefined;
async function sampleXlsx(): Promise<Uint8Array> {
  if (!xlsxSample) {
    const wb = new ExcelJS.Workbook();
    const s = wb.addWorksheet('cases');
    s.addRow(['신청인 이름', '자녀 이름', '생년월일', '관계']);
    for (let i = 0; i < 20; i++) s.addRow([`김영희${i}`, `이미영${i}`, '2012-05', '딸']);
    xlsxSample = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  }
  return xlsxSample;
}

describe('arbitrary bytes never throw an untyped error', () => {
  it('random bytes, as CSV or anything', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), settles), { numRuns: 300 });
  });

  it('random text in CSV-ish shapes', async () => {
    const cell = fc.oneof(fc.string(), fc.constantFrom('"', '""', ',', '\n', '\r\n', '=1+1', '2012년 5월', '이름'));
    const text = fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 20 }).map((rows) => rows.map((r) => r.join(',')).join('\n'));
    await fc.assert(fc.asyncProperty(text, (t) => settles(new TextEncoder().encode(t))), { numRuns: 200 });
  });

  it('damaged XLSX: truncated or with flipped bytes', async () => {
    const good = await sampleXlsx();
    const damaged = fc.oneof(
      fc.uint8Array({ maxLength: 512 }).map((tail) => new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...tail])),
      fc.integer({ min: 0, max: good.length }).map((n) => good.subarray(0, n)),
      fc.array(fc.tuple(fc.integer({ min: 0, max: good.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }).map((flips) => {
        const copy = good.slice();
        for (const [at, b] of flips) copy[at] = b;
        return copy;
      }),
    );
    await fc.assert(fc.asyncProperty(damaged, settles), { numRuns: 60 });
  });
});
