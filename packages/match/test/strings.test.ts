import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jaro, jaroWinkler, levenshtein, tokenSimilarity } from '../src/strings.ts';

describe('jaroWinkler', () => {
  // Reference values from Winkler (1990) as tabulated in the recordlinkage and jellyfish test suites.
  it.each([
    ['martha', 'marhta', 0.961],
    ['dwayne', 'duane', 0.84],
    ['dixon', 'dicksonx', 0.813],
    ['abc', 'abc', 1],
    ['abc', 'xyz', 0],
    ['', '', 1],
    ['a', '', 0],
  ])('%s ~ %s = %f', (a, b, want) => {
    expect(jaroWinkler(a, b)).toBeCloseTo(want, 3);
  });
  it('is symmetric, in [0, 1] and never throws', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => {
      const s = jaroWinkler(a, b);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
      expect(Math.abs(s - jaroWinkler(b, a))).toBeLessThan(1e-12);
      expect(jaro(a, b)).toBeLessThanOrEqual(s + 1e-12);
    }));
  });
  it('gives 1 exactly for equal strings', () => {
    fc.assert(fc.property(fc.string(), (a) => { expect(jaroWinkler(a, a)).toBe(1); }));
  });
});

describe('levenshtein', () => {
  it.each([
    ['kitten', 'sitting', 3],
    ['flaw', 'lawn', 2],
    ['', 'abc', 3],
    ['same', 'same', 0],
    ['19151111', '19151117', 1],
  ])('%s -> %s = %i', (a, b, d) => {
    expect(levenshtein(a, b)).toBe(d);
    expect(levenshtein(b, a)).toBe(d);
  });
  it('stops early past the bound', () => {
    expect(levenshtein('abcdef', 'uvwxyz', 1)).toBe(2);
  });
  it('is a metric: symmetric, zero only for equal strings, triangle inequality', () => {
    fc.assert(fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b, c) => {
      expect(levenshtein(a, b)).toBe(levenshtein(b, a));
      expect(levenshtein(a, b) === 0).toBe(a === b);
      expect(levenshtein(a, c)).toBeLessThanOrEqual(levenshtein(a, b) + levenshtein(b, c));
    }));
  });
});

describe('tokenSimilarity', () => {
  it('ignores order and punctuation', () => {
    expect(tokenSimilarity('stanley street', 'Street, Stanley')).toBe(1);
    expect(tokenSimilarity('stanley street', 'stanley road')).toBeCloseTo(1 / 3);
    expect(tokenSimilarity('a b', 'c d')).toBe(0);
  });
});
