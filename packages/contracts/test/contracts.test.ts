import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CaseFileSchema, PartialDateSchema, formatPath, CaseInputSchema } from '../src/index.ts';
import { SCHEMA_FILE, render } from '../scripts/generate-schema.ts';

describe('generated JSON Schema', () => {
  it('matches the committed file (run scripts/generate-schema.ts after changing the contracts)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(render());
  });
});

describe('PartialDate', () => {
  const ok = [{ year: 2012 }, { year: 2012, month: 5 }, { year: 2012, month: 2, day: 29 }, { approxAge: 4, atYear: 2016 }];
  it.each(ok)('accepts %j', (d) => expect(PartialDateSchema.safeParse(d).success).toBe(true));
  const bad: [unknown, string][] = [
    [{ year: 2012, month: 13 }, 'month'],
    [{ year: 2013, month: 2, day: 29 }, 'day'],
    [{ year: 1800 }, 'year'],
    [{ year: new Date().getUTCFullYear() + 1 }, 'year'],
    [{ month: 3 }, 'year'],
    [{ year: 2012, day: 3 }, 'month'],
    [{ approxAge: 4 }, 'atYear'],
    [{ approxAge: 121, atYear: 2016 }, 'approxAge'],
    [{ year: '2012' }, 'year'],
    [{ year: 2012, extra: 1 }, ''],
  ];
  it.each(bad)('rejects %j at %s', (d, path) => {
    const r = PartialDateSchema.safeParse(d);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});

describe('case file', () => {
  it('reports issues with readable paths', () => {
    const file = [
      { applicant: { names: [{ text: '김영희' }] }, sought: [{ names: [{ text: '李美玲' }], relation: 'daughter' }] },
      { applicant: { names: [] }, sought: [{ names: [{ text: 'x' }], relation: 'cousin', birth: { year: 2012, month: 13 } }] },
    ];
    const r = CaseFileSchema.safeParse(file);
    expect(r.success).toBe(false);
    const lines = r.error!.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
    expect(lines).toContain('[1].sought[0].birth.month: must be 1-12');
    expect(lines.some((l) => l.startsWith('[1].applicant.names:'))).toBe(true);
    expect(lines.some((l) => l.startsWith('[1].sought[0].relation:'))).toBe(true);
  });
  it('rejects unknown keys in files but strips them from API bodies', () => {
    const c = { applicant: { names: [{ text: 'a' }] }, sought: [{ names: [{ text: 'b' }], relation: 'son' }], birht: 1 };
    expect(CaseFileSchema.safeParse([c]).success).toBe(false);
    expect(CaseInputSchema.safeParse(c).success).toBe(true);
  });
});
