import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyringFrom } from '../src/crypto/envelope.ts';
import { COMMON_POSTINGS, rankOwners, rankPostings, valuesToFetch, weightOf } from '../src/matching/hits.ts';
import { nameQueryValueGroups, pairQueryValues, storedValues } from '../src/matching/keys.ts';

// Which index hits are decrypted (matching/hits.ts, keys.ts): pure, no database.

describe('ranking index hits', () => {
  it('weighs a rare value above a common one', () => {
    expect(weightOf(3)).toBeGreaterThan(weightOf(300));
    // owner 0 shares a rare key, owner 1 a common one, owner 2 both.
    const counts = new Map([[10, 3], [20, 300]]);
    const lists = new Map([[10, [0, 2]], [20, [1, 2]]]);
    expect(rankPostings([[10], [20]], counts, (v) => lists.get(v), 3, 10)).toEqual([2, 0, 1]);
  });

  it('counts a name key once however many of its birth years agree', () => {
    // Group 0 is one name key with three years; owner 0 is stored under all three (a remembered age), owner 1 under one.
    const counts = new Map([[1, 5], [2, 5], [3, 5], [9, 5]]);
    const lists = new Map([[1, [0, 1]], [2, [0]], [3, [0]], [9, [1]]]);
    // Owner 1 also shares a second key (group 1): two keys beat one key in three years.
    expect(rankPostings([[1, 2, 3], [9]], counts, (v) => lists.get(v), 2, 10)).toEqual([1, 0]);
  });

  it('breaks ties by owner and stops at the limit', () => {
    const counts = new Map([[1, 4]]);
    expect(rankPostings([[1]], counts, () => [3, 1, 2, 0], 4, 2)).toEqual([0, 1]);
    expect(rankOwners([[1]], counts, [[1, 'b'], [1, 'a'], [1, 'c']], 2)).toEqual(['a', 'b']);
  });

  it('leaves common values out when the record has rarer ones, and uses them when it has none', () => {
    const common = COMMON_POSTINGS + 1;
    expect(valuesToFetch(new Map([[1, common], [2, 40], [3, 0]]))).toEqual({ values: [2], common: false });
    expect(valuesToFetch(new Map([[1, common], [3, 0]]))).toEqual({ values: [1], common: true });
    expect(valuesToFetch(new Map([[3, 0]]))).toEqual({ values: [], common: true });
  });

  it('reads the rarest values first and stops at the budget, taking at least one', () => {
    const counts = new Map([[1, 600], [2, 40], [3, 300], [4, 300], [5, 0]]);
    // 40 + 300 + 300 = 640 fit in 700; 600 more would not. Equal counts: smaller value first.
    expect(valuesToFetch(counts, 700)).toEqual({ values: [2, 3, 4], common: false });
    expect(valuesToFetch(counts, 10)).toEqual({ values: [2], common: false });
    expect(valuesToFetch(counts).values.sort()).toEqual([1, 2, 3, 4]);
  });
});

describe('pair keys for search', () => {
  const kr = keyringFrom(randomBytes(32));
  const shares = (stored: string[], query: string) => {
    const mine = new Set(storedValues(kr, stored, undefined, false));
    const pairs = pairQueryValues(kr, query);
    // A search looks every pair up, each as a group of its own.
    expect(nameQueryValueGroups(kr, query).slice(-pairs.length).map((g) => g[0])).toEqual(pairs);
    return pairs.some((v) => mine.has(v));
  };

  it('a name in Chinese characters and Hangul shares a pair key with its pinyin and Korean romanisation', () => {
    expect(shares(['李志霞', '리지하'], 'Li Zhixia')).toBe(true);
    expect(shares(['李志霞'], '리지하')).toBe(true);
    expect(shares(['安海成', '안해성'], 'An Haesong')).toBe(true);
  });

  it('another given name with the same surname shares none', () => {
    expect(shares(['李志霞', '리지하'], '이미령')).toBe(false);
    expect(shares(['김영희'], '김철수')).toBe(false);
  });
});
