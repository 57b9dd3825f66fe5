import { describe, expect, it } from 'vitest';
import { bestPairs, KEEP_PER_RECORD, KEEP_THRESHOLD } from '../src/matching/engine.ts';
import * as names from '@homeward/names';
import { DEFAULT_PARAMS, modelWith, prepareMatchRecord, quickProbability, type MatchRecord } from '../src/matching/model.ts';

// bestPairs raises its floor to the best candidates found so far and skips the names of pairs that
// cannot reach it; what it keeps must be exactly what scoring every pair in full would keep.

const SURNAMES = ['李', '金', '朴', 'Li', 'Kim', '리', '김'];
const GIVEN = ['美玲', '英姬', '成哲', 'Meiling', 'Yinghui', '미령', '영희', 'Mi Ryong'];
const PLACES = ['CN-222401', 'CN-222402', 'CN-222403', undefined];

function lead(i: number): MatchRecord {
  const s = SURNAMES[i % SURNAMES.length]!;
  const g = GIVEN[(i * 7) % GIVEN.length]!;
  const r: MatchRecord = { names: [/[A-Za-z]/.test(s) ? `${s} ${g}` : `${s}${g}`] };
  if (i % 5 !== 0) r.birth = { year: 2008 + (i % 6) };
  const place = PLACES[i % PLACES.length];
  if (place) r.place = place;
  if (i % 3 !== 0) r.sex = i % 2 === 0 ? 'female' : 'male';
  return r;
}

describe('best pairs of a record', () => {
  it('keeps exactly the pairs a full scoring of every pair keeps, in the same order', () => {
    const model = modelWith(DEFAULT_PARAMS);
    const person: MatchRecord = { names: ['李美玲', '리미령', 'Li Meiling'], birth: { year: 2010, month: 3 }, place: 'CN-222401', sex: 'female' };
    const one = prepareMatchRecord(model, person);
    const others = Array.from({ length: 300 }, (_, i) => {
      const rec = lead(i);
      return { item: i, rec, prepared: prepareMatchRecord(model, rec) };
    });
    const expected = others
      .map((o) => ({ item: o.item, p: quickProbability(model, one, o.prepared) }))
      .filter((x) => x.p >= KEEP_THRESHOLD)
      .sort((x, y) => y.p - x.p)
      .slice(0, KEEP_PER_RECORD)
      .map((x) => x.item);
    // The fixture must be able to tell: more pairs above the threshold than are kept.
    expect(others.filter((o) => quickProbability(model, one, o.prepared) >= KEEP_THRESHOLD).length).toBeGreaterThan(KEEP_PER_RECORD);
    const kept = bestPairs(DEFAULT_PARAMS, one, person, others, true);
    expect(kept.map((k) => k.item)).toEqual(expected);
    expect(kept.every((k) => k.scored.raw >= KEEP_THRESHOLD)).toBe(true);
  });
});

describe('the quick probability of a pair', () => {
  it('is the best of its names compared pair by pair (same script first, else all), though it skips what cannot do better', () => {
    const model = modelWith(DEFAULT_PARAMS);
    const people: MatchRecord[] = [
      { names: ['李美玲', '리미령', 'Li Meiling'], birth: { year: 2010 }, place: 'CN-222401', sex: 'female' },
      { names: ['金英姬', '김영희', 'Kim Yonghui'], birth: { year: 2009, month: 5 }, place: 'CN-222402', sex: 'female' },
      { names: ['朴成哲', 'Pak Song Chol'], birth: { year: 2011 }, sex: 'male' },
    ];
    const leads: MatchRecord[] = ['리미령', '이미령', 'Ri Mi Ryong', '李美铃', 'Kim Young-hee', '김영이', '金英', 'Piao Chengzhe', '박성철', 'Lee Mi', '미령']
      .flatMap((n, k) => [{ names: [n], birth: { year: 2009 + (k % 3) }, place: 'CN-222401' }, { names: [n, 'Li Meiling'] }]);
    let compared = 0;
    for (const a of people) {
      for (const b of leads) {
        const pa = prepareMatchRecord(model, a);
        const pb = prepareMatchRecord(model, b);
        // The reference: every pair of names the rule allows, one at a time.
        let expected = 0;
        a.names.forEach((na, i) => {
          const same = pb.scripts.includes(pa.scripts[i]!);
          b.names.forEach((nb, j) => {
            if (same && pa.scripts[i] !== pb.scripts[j]) return;
            const one = quickProbability(model, prepareMatchRecord(model, { ...a, names: [na] }), prepareMatchRecord(model, { ...b, names: [nb] }));
            expected = Math.max(expected, one);
            compared++;
          });
        });
        expect(quickProbability(model, pa, pb)).toBeCloseTo(expected, 12);
      }
    }
    // The fixture has cross-script pairs to skip: names in scripts the other side lacks.
    expect(compared).toBeGreaterThan(people.length * leads.length * 2);
    expect(names.detectScript('李美玲')).not.toBe(names.detectScript('리미령'));
  });
});
