import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { blockingKeys, normalize, parseName, prepare, score, scorePrepared, variants } from '@homeward/names';

// Strings that look like names in every script, plus the awkward cases.
const syllable = fc.integer({ min: 0xac00, max: 0xd7a3 }).map((c) => String.fromCharCode(c));
const hanzi = fc.constantFrom(...'李金朴崔郑姜赵尹张林韩吴美玲英姬秀成哲明花顺贞淑珍爱丽春光国南浩俊敏智惠恩龙井延吉图们'.split(''));
const latinWord = fc.stringMatching(/^[A-Z]?[a-z]{1,8}(-[a-z]{1,4})?$/);
const nameLike = fc.oneof(
  fc.array(syllable, { minLength: 1, maxLength: 4 }).map((a) => a.join('')),
  fc.array(hanzi, { minLength: 1, maxLength: 4 }).map((a) => a.join('')),
  fc.array(latinWord, { minLength: 1, maxLength: 3 }).map((a) => a.join(' ')),
);
const awkward = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }), // includes unpaired surrogates
  fc.constantFrom('\ud800', 'a\udc00b', '👩‍👧‍👦 김', 'مريم', 'שרה לוי', '\u202eLee', '　', ' - \' · ', 'Ｋｉｍ Ｙｏｕｎｇ'),
);
const anyName = fc.oneof(nameLike, awkward);

describe('properties', () => {
  it('normalize is idempotent', () => {
    fc.assert(fc.property(anyName, (s) => normalize(normalize(s)) === normalize(s)), { numRuns: 500 });
  });
  it('score is symmetric and in [0, 1]', () => {
    fc.assert(
      fc.property(anyName, anyName, (a, b) => {
        const x = score(a, b).score;
        const y = score(b, a).score;
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(1);
        expect(Math.abs(x - y)).toBeLessThan(1e-12);
      }),
      { numRuns: 300 },
    );
  });
  it('score(x, x) = 1, also through prepared names', () => {
    fc.assert(
      fc.property(anyName, (a) => {
        expect(score(a, a).score).toBe(1);
        expect(scorePrepared(prepare(a), prepare(a))).toBe(1);
      }),
      { numRuns: 300 },
    );
  });
  it('variants, keys and parsing never throw and stay bounded', () => {
    fc.assert(
      fc.property(anyName, (s) => {
        const v = variants(s);
        expect(v.length).toBeLessThanOrEqual(64);
        expect(blockingKeys(s).length).toBeLessThanOrEqual(24);
        parseName(s);
      }),
      { numRuns: 500 },
    );
  });
  it('copes with 10,000-character inputs', () => {
    for (const s of ['김'.repeat(10_000), 'a'.repeat(10_000), '李'.repeat(10_000), '😀'.repeat(5_000), 'ab '.repeat(3_400), '\ud800'.repeat(10_000)]) {
      expect(variants(s).length).toBeLessThanOrEqual(64);
      const e = score(s, '김영희');
      expect(e.score).toBeGreaterThanOrEqual(0);
      expect(e.score).toBeLessThanOrEqual(1);
      expect(score(s, s).score).toBe(1);
    }
  });
});
