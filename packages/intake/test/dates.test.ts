import { describe, expect, it } from 'vitest';
import { parsePartialDate, type PartialDate } from '../src/index.ts';

const opts = { currentYear: 2026 };

describe('parsePartialDate keeps exactly the precision given', () => {
  const ok: Array<[string, PartialDate | undefined]> = [
    ['2012', { year: 2012 }],
    ['2012년', { year: 2012 }],
    ['2012年', { year: 2012 }],
    ['2012-05', { year: 2012, month: 5 }],
    ['2012/5', { year: 2012, month: 5 }],
    ['2012.5', { year: 2012, month: 5 }],
    ['2012년 5월', { year: 2012, month: 5 }],
    ['2012年5月', { year: 2012, month: 5 }],
    ['２０１２年５月', { year: 2012, month: 5 }],
    ['2012-05-03', { year: 2012, month: 5, day: 3 }],
    ['2012.5.3', { year: 2012, month: 5, day: 3 }],
    ['2012. 5. 3.', { year: 2012, month: 5, day: 3 }],
    ['2012/05/03', { year: 2012, month: 5, day: 3 }],
    ['2012년 5월 3일', { year: 2012, month: 5, day: 3 }],
    ['2012年5月3日', { year: 2012, month: 5, day: 3 }],
    ['2012年5月3号', { year: 2012, month: 5, day: 3 }],
    ['20120503', { year: 2012, month: 5, day: 3 }],
    ['2012-05-03T00:00:00Z', { year: 2012, month: 5, day: 3 }],
    ['25/12/2010', { year: 2010, month: 12, day: 25 }],
    ['약 4세 (2016)', { approxAge: 4, atYear: 2016 }],
    ['4세 (2016년)', { approxAge: 4, atYear: 2016 }],
    ['약 4살(2016년 기준)', { approxAge: 4, atYear: 2016 }],
    ['2016년 약 4세', { approxAge: 4, atYear: 2016 }],
    ['约4岁（2016）', { approxAge: 4, atYear: 2016 }],
    ['2016年4岁', { approxAge: 4, atYear: 2016 }],
    ['about 4 in 2016', { approxAge: 4, atYear: 2016 }],
    ['', undefined],
    ['미상', undefined],
    ['不详', undefined],
    ['unknown', undefined],
    ['?', undefined],
  ];
  it.each(ok)('%j', (input, expected) => {
    const r = parsePartialDate(input, opts);
    expect(r).toMatchObject({ ok: true });
    expect(r.ok && r.date).toEqual(expected ?? undefined);
  });

  it('records an approximate year as that year, with a note', () => {
    for (const s of ['1990년경', '약 1990년', '1990年左右', 'circa 1990', '1990?']) {
      expect(parsePartialDate(s, opts)).toEqual({ ok: true, date: { year: 1990 }, note: 'an approximate year is recorded as that year' });
    }
  });

  const bad: Array<[string, string]> = [
    ['05/03/2012', 'date_ambiguous'],
    ['12-5-3', 'date_ambiguous'],
    ['1990년대', 'date_unparseable'],
    ['1990s', 'date_unparseable'],
    ['2012-13', 'date_out_of_range'],
    ['2012-02-30', 'date_out_of_range'],
    ['2011년 2월 29일', 'date_out_of_range'],
    ['1850', 'date_out_of_range'],
    ['2031', 'date_out_of_range'],
    ['약 400세 (2016)', 'date_out_of_range'],
    ['봄', 'date_unparseable'],
    ['last spring', 'date_unparseable'],
  ];
  it.each(bad)('refuses %j as %s', (input, code) => {
    expect(parsePartialDate(input, opts)).toMatchObject({ ok: false, code });
  });

  it('accepts a leap day in a leap year', () => {
    expect(parsePartialDate('2012-02-29', opts)).toEqual({ ok: true, date: { year: 2012, month: 2, day: 29 } });
  });
});
