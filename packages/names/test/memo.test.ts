import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { blockingKeys, parseName, pinyinReadings, prepare, score, scorePrepared, variants } from '@homeward/names';
import { Memo, setMemoEnabled } from '../src/memo.ts';

// The memo tables (tokens, syllables, romanised words, romanisations) must never change a result:
// everything computed with them equals what is computed from scratch with them turned off.
const syllable = fc.integer({ min: 0xac00, max: 0xd7a3 }).map((c) => String.fromCharCode(c));
const hanzi = fc.constantFrom(...'李金朴崔郑姜赵尹张林韩吴美玲英姬秀成哲明花顺贞淑珍爱丽春光国南浩俊敏智惠恩龙井延吉图们欧阳单曾区乐'.split(''));
const romanised = fc.constantFrom('kim', 'lee', 'ri', 'park', 'pak', 'piao', 'young', 'hee', 'mi', 'ryong', 'li', 'meiling', 'jin', 'cheol', 'su', 'seokyong', 'longjing', 'yanji', 'choe', 'jung');
const latinWord = fc.oneof(fc.stringMatching(/^[A-Za-z]{1,9}(-[a-z]{1,4})?$/), romanised, fc.array(romanised, { minLength: 2, maxLength: 3 }).map((a) => a.join('')));
const name = fc.oneof(
  fc.array(syllable, { minLength: 1, maxLength: 4 }).map((a) => a.join('')),
  fc.array(hanzi, { minLength: 1, maxLength: 4 }).map((a) => a.join('')),
  fc.array(latinWord, { minLength: 1, maxLength: 3 }).map((a) => a.join(' ')),
  fc.string({ maxLength: 12 }),
);

function everything(names: readonly string[]): unknown {
  const prepared = names.map((n) => prepare(n));
  return names.map((n, i) => ({
    variants: variants(n),
    keys: blockingKeys(n),
    parts: parseName(n),
    score: score(n, names[(i + 1) % names.length]!),
    fast: scorePrepared(prepared[i]!, prepared[(i + 1) % names.length]!),
    pinyin: [pinyinReadings(n), pinyinReadings(n, { surname: true })],
  }));
}

describe('memo tables', () => {
  afterAll(() => setMemoEnabled(true));
  it('give the same variants, keys, parts and scores as computing from scratch', () => {
    fc.assert(
      fc.property(fc.array(name, { minLength: 1, maxLength: 8 }), (names) => {
        setMemoEnabled(false);
        const fresh = everything(names);
        setMemoEnabled(true);
        const first = everything(names); // fills the tables
        const again = everything(names); // reads them
        expect(first).toEqual(fresh);
        expect(again).toEqual(fresh);
      }),
      { numRuns: 200 },
    );
  });
  it('keeps entries that are read again and lets one-off entries go', () => {
    const m = new Memo<number>(4);
    m.set('hot', 1);
    for (let i = 0; i < 20; i++) {
      m.set(`once${i}`, i);
      expect(m.get('hot')).toBe(1); // read back into the current generation each time
    }
    expect(m.get('once0')).toBeUndefined();
    expect(m.get('once19')).toBe(19);
  });
});
