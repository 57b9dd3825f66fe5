import { describe, expect, it } from 'vitest';
import { byCode, children, hierarchy, relation, suggest } from '../src/index.ts';

describe('relation', () => {
  it.each([
    ['CN-222405', 'CN-222405', 'same'],
    ['CN-222405', 'CN-222405103', 'contains'],
    ['CN-222405103', 'CN-2224', 'contained'],
    ['CN-222405103', 'CN-222405100', 'same-county'],
    ['CN-222405103', 'CN-222401101', 'same-prefecture'],
    ['CN-222405', 'CN-2201', 'same-province'],
    ['CN-222405', 'KP-10-hyesan', 'unrelated'],
    ['KP-10-hyesan', 'KP-10-samjiyeon', 'same-province'],
    ['CN-222405105200', 'CN-222405105', 'contained'],
  ] as const)('%s vs %s -> %s', (a, b, r) => {
    expect(relation(a, b)).toBe(r);
  });
  it('is the mirror image when the arguments swap', () => {
    expect(relation('CN-2224', 'CN-222405103')).toBe('contains');
    expect(relation('CN-222405100', 'CN-222405103')).toBe('same-county');
  });
  it('rejects unknown codes instead of calling them unrelated', () => {
    expect(() => relation('CN-999999', 'CN-22')).toThrow(RangeError);
  });
});

describe('byCode, hierarchy, children, suggest', () => {
  it('looks a place up by its code', () => {
    expect(byCode('CN-222405')?.names.koreanRok).toBe('용정시');
    expect(byCode('KP-10')?.names.koreanDprk).toBe('량강도');
    expect(byCode('nope')).toBeUndefined();
  });
  it('lists the hierarchy province first', () => {
    expect(hierarchy('CN-222405103').map((h) => h.korean)).toEqual(['길림성', '연변조선족자치주', '룡정시', '삼합진']);
    expect(hierarchy('nope')).toEqual([]);
  });
  it('lists the eight county-level units of Yanbian', () => {
    expect(children('CN-2224').map((p) => p.names.zh).sort()).toEqual(['和龙市', '图们市', '安图县', '敦化市', '汪清县', '珲春市', '延吉市', '龙井市'].sort());
  });
  it('suggests places from the first letters typed', () => {
    expect(suggest('룡정').map((p) => p.code)).toContain('CN-222405');
    expect(suggest('Hyes').map((p) => p.code)).toContain('KP-10-hyesan');
    expect(suggest('')).toEqual([]);
  });
});

describe('preload', () => {
  it('loads once and reports the time only the first time', async () => {
    const { preload } = await import('../src/index.ts');
    const first = preload();
    expect(first).toBeGreaterThanOrEqual(0);
    expect(preload()).toBe(0);
  });
});
