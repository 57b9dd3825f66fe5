import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AdvocacyError, buildRelease, buildReleaseWithDiagnostics, methodologyNote, releaseToCsv, type MicroRow, type Release, type ReleaseSpec, type TableSpec } from '../src/index.ts';
import { attack } from './attacker.ts';

/** Rows from a count grid: counts[i][j] units with a = as[i], b = bs[j]. */
function grid(a: string, as: string[], b: string, bs: string[], counts: number[][], extra: (i: number, j: number, k: number) => Record<string, string> = () => ({})): MicroRow[] {
  const rows: MicroRow[] = [];
  counts.forEach((line, i) => line.forEach((n, j) => {
    for (let k = 0; k < n; k++) rows.push({ [a]: as[i]!, [b]: bs[j]!, ...extra(i, j, k) });
  }));
  return rows;
}

const V = [{ name: 'a' }, { name: 'b' }, { name: 'c' }];
const T = (id: string, ...variables: [string] | [string, string]): TableSpec => ({ id, unit: 'children', variables });

/** True count of every cell id of the release, from the rows. */
function truth(rows: readonly MicroRow[], release: Release, hierarchy: Record<string, string> = {}): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of release.tables) {
    for (const c of t.cells) {
      const id = 'children|' + Object.keys(c.key).sort().map((k) => `${k}=${c.key[k]}`).join('|');
      const n = rows.filter((r) => Object.entries(c.key).every(([k, v]) => (hierarchy[k] ? `${r[hierarchy[k]]}/${r[k]}` : String(r[k] ?? 'unknown')) === v)).length;
      out.set(id, n);
    }
  }
  return out;
}

/**
 * The heart of the matter: publish, then attack with everything published.
 * Every small cell must be suppressed, and every suppressed small cell must
 * keep at least two possible integer values.
 */
function assertSafe(spec: ReleaseSpec, hierarchy: Record<string, string> = {}, declared = false): Release | null {
  let release: Release;
  try {
    release = buildRelease(spec);
  } catch (e) {
    // Failing closed is safe: nothing is published.
    if (e instanceof AdvocacyError && e.code === 'ADVOCACY_UNPROTECTABLE') return null;
    throw e;
  }
  const rows = Object.values(spec.populations)[0]!;
  const t = spec.threshold ?? 10;
  const counts = truth(rows, release, hierarchy);
  const published = new Map<string, number | null>();
  for (const tb of release.tables) for (const c of tb.cells) published.set('children|' + Object.keys(c.key).sort().map((k) => `${k}=${c.key[k]}`).join('|'), c.value);
  for (const [id, n] of counts) {
    const v = published.get(id)!;
    if (n >= 1 && n < t) expect(v, `small cell ${id}=${n} must be suppressed`).toBeNull();
    if (v !== null) expect(v, `published ${id} must be exact`).toBe(n);
    else if (n === 0) {
      const inWithheld = release.tables.some((tb) => tb.withheld && tb.cells.some((c) => 'children|' + Object.keys(c.key).sort().map((k) => `${k}=${c.key[k]}`).join('|') === id));
      expect(inWithheld, `zero cell ${id} is hidden only in a withheld table`).toBe(true);
    }
  }
  const a = attack(release, { hierarchy, populationSize: rows.length, declared });
  for (const [id, n] of counts) {
    // The population size is assumed public (see README), so the grand total is not a secret to keep.
    if (!(n >= 1 && n < t) || id === 'children|') continue;
    const [lo, hi] = a.propagated.get(id)!;
    expect(hi - lo, `bound propagation pins ${id}`).toBeGreaterThan(0);
    expect(a.canBe(id, n), `the attacker must find the truth feasible at ${id}`).toBe(true);
    const values = a.feasibleValues(id, 2);
    expect(values.length, `integer search pins ${id} (true ${n})`).toBeGreaterThanOrEqual(2);
  }
  return release;
}

describe('threshold', () => {
  const spec = (threshold: number): ReleaseSpec => ({ dataDate: '2026-11-29', threshold, populations: { children: [] }, tables: [] });
  it('defaults to 10 and refuses anything below 5 with a clear error', () => {
    expect(buildRelease({ ...spec(10), threshold: undefined }).threshold).toBe(10);
    expect(buildRelease(spec(5)).threshold).toBe(5);
    for (const bad of [4, 1, 0, -3]) {
      try {
        buildRelease(spec(bad));
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(AdvocacyError);
        expect((e as AdvocacyError).code).toBe('ADVOCACY_THRESHOLD_TOO_LOW');
        expect((e as AdvocacyError).message).toMatch(/minimum of 5/);
      }
    }
    expect(() => buildRelease(spec(7.5))).toThrow(/whole number/);
  });
});

describe('complementary suppression against an attacker who sees the whole release', () => {
  it('a single small cell in a two-way table with its one-way margins', () => {
    const rows = grid('a', ['a1', 'a2', 'a3'], 'b', ['b1', 'b2', 'b3'], [[2, 15, 20], [12, 30, 11], [14, 16, 25]]);
    const release = assertSafe({ dataDate: 'd', variables: V, populations: { children: rows }, tables: [T('a', 'a'), T('b', 'b'), T('ab', 'a', 'b')] })!;
    // The one-way table and the margin of the two-way table agree cell by cell.
    const ab = release.tables.find((t) => t.id === 'ab')!;
    const one = release.tables.find((t) => t.id === 'a')!;
    for (const c of one.cells) {
      const m = ab.cells.find((x) => JSON.stringify(x.key) === JSON.stringify(c.key))!;
      expect(m.value).toBe(c.value);
    }
  });

  it('a row of small cells whose total is large', () => {
    const rows = grid('a', ['a1', 'a2'], 'b', ['b1', 'b2', 'b3', 'b4'], [[3, 4, 2, 6], [20, 18, 25, 30]]);
    assertSafe({ dataDate: 'd', variables: V, populations: { children: rows }, tables: [T('ab', 'a', 'b')] });
  });

  it('a block of ones, where lower bounds would betray a naive 2x2 pattern', () => {
    const rows = grid('a', ['a1', 'a2', 'a3'], 'b', ['b1', 'b2', 'b3'], [[1, 1, 12], [1, 1, 15], [14, 11, 20]]);
    assertSafe({ dataDate: 'd', variables: V, populations: { children: rows }, tables: [T('a', 'a'), T('ab', 'a', 'b')] });
  });

  it('small cells next to zeros', () => {
    const rows = grid('a', ['a1', 'a2', 'a3'], 'b', ['b1', 'b2', 'b3'], [[3, 0, 0], [0, 12, 14], [20, 0, 17]]);
    assertSafe({ dataDate: 'd', threshold: 5, variables: V, populations: { children: rows }, tables: [T('a', 'a'), T('b', 'b'), T('ab', 'a', 'b')] });
  });

  it('a tiny population where everything is small, grand total included', () => {
    const rows = grid('a', ['a1', 'a2'], 'b', ['b1', 'b2'], [[1, 2], [1, 1]]);
    const release = assertSafe({ dataDate: 'd', variables: V, populations: { children: rows }, tables: [T('ab', 'a', 'b')] })!;
    // Below the threshold as a whole: withheld, without even its categories.
    expect(release.tables[0]).toMatchObject({ withheld: true, categories: { a: [], b: [] }, cells: [{ key: {}, value: null }] });
  });

  it('linked tables sharing a margin (a x b and a x c)', () => {
    const rows = grid('a', ['a1', 'a2', 'a3'], 'b', ['b1', 'b2', 'b3'], [[3, 12, 15], [14, 11, 13], [16, 2, 12]], (i, j, k) => ({ c: (i * 7 + j * 3 + k) % 5 === 0 ? 'c1' : (k % 3 === 0 ? 'c2' : 'c3') }));
    assertSafe({ dataDate: 'd', variables: V, populations: { children: rows }, tables: [T('a', 'a'), T('ab', 'a', 'b'), T('ac', 'a', 'c'), T('bc', 'b', 'c')] });
  });

  it('a place hierarchy: a small prefecture cannot be recovered from its province', () => {
    const rows: MicroRow[] = [];
    const add = (n: number, province: string, prefecture: string, year: string): void => {
      for (let i = 0; i < n; i++) rows.push({ province, prefecture, year });
    };
    add(40, 'Jilin', 'Yanbian', '2010');
    add(25, 'Jilin', 'Yanbian', '2015');
    add(3, 'Jilin', 'Tonghua', '2010');
    add(30, 'Jilin', 'Changchun', '2015');
    add(12, 'Liaoning', 'Dandong', '2010');
    add(11, 'Liaoning', 'Dandong', '2015');
    add(22, 'Heilongjiang', 'Mudanjiang', '2015');
    const variables = [{ name: 'province' }, { name: 'prefecture', parent: 'province' }, { name: 'year' }];
    const release = assertSafe(
      { dataDate: 'd', variables, populations: { children: rows }, tables: [T('province', 'province'), T('prefecture', 'prefecture'), T('pref-year', 'prefecture', 'year'), T('prov-year', 'province', 'year')] },
      { prefecture: 'province' },
    )!;
    expect(release.tables.find((t) => t.id === 'prefecture')!.categories.prefecture).toContain('Jilin/Tonghua');
  });

  it('random small populations over linked tables and a place hierarchy (property)', () => {
    const cat = (p: string, n: number): fc.Arbitrary<string> => fc.integer({ min: 1, max: n }).map((i) => `${p}${i}`);
    const plain = [...V, { name: 'province' }, { name: 'prefecture', parent: 'province' }];
    const declared = [
      { name: 'a', domain: ['a1', 'a2', 'a3'] },
      { name: 'b', domain: ['b1', 'b2', 'b3'] },
      { name: 'c', domain: ['c1', 'c2'] },
      { name: 'province', domain: ['P1', 'P2'] },
      { name: 'prefecture', parent: 'province', domain: ['P1/f1', 'P1/f2', 'P2/f1', 'P2/f2'] },
    ];
    let unprotectable = 0;
    fc.assert(
      fc.property(
        fc.array(fc.record({ a: cat('a', 3), b: cat('b', 3), c: cat('c', 2), province: cat('P', 2), prefecture: cat('f', 2) }), { minLength: 5, maxLength: 70 }),
        fc.subarray(
          [T('a', 'a'), T('b', 'b'), T('ab', 'a', 'b'), T('ac', 'a', 'c'), T('bc', 'b', 'c'), T('prov', 'province'), T('pref', 'prefecture'), T('pref-b', 'prefecture', 'b'), T('prov-a', 'province', 'a')],
          { minLength: 1 },
        ),
        fc.constantFrom(5, 10),
        fc.boolean(),
        (rows, tables, threshold, declare) => {
          const spec = { dataDate: 'd', threshold, variables: declare ? declared : plain, populations: { children: rows }, tables };
          if (assertSafe(spec, { prefecture: 'province' }, declare) === null) unprotectable++;
        },
      ),
      { numRuns: 40 },
    );
    // Failing closed is safe but must stay the exception.
    expect(unprotectable).toBeLessThan(10);
  });
});

describe('release layout', () => {
  it('keeps categories declared in the domain at zero and writes missing values as unknown', () => {
    const { release, diagnostics } = buildReleaseWithDiagnostics({
      dataDate: '2026-11-29',
      variables: [{ name: 'outcome', domain: ['located', 'in contact', 'reunited'] }],
      populations: { children: [...Array(12).fill({ outcome: 'located' }), ...Array(11).fill({})] },
      tables: [T('outcome', 'outcome')],
    });
    expect(release.tables[0]!.cells).toEqual([
      { key: { outcome: 'located' }, value: 12 },
      { key: { outcome: 'in contact' }, value: 0 },
      { key: { outcome: 'reunited' }, value: 0 },
      { key: { outcome: 'unknown' }, value: 11 },
      { key: {}, value: 23 },
    ]);
    expect(diagnostics.primary).toBe(0);
    expect(release.rounding).toBe('none');
  });

  it('is deterministic: the same data give the same release, whatever the row order', () => {
    const rows = grid('a', ['a1', 'a2', 'a3'], 'b', ['b1', 'b2', 'b3'], [[3, 12, 15], [14, 1, 13], [16, 2, 12]]);
    const spec = (r: MicroRow[]): ReleaseSpec => ({ dataDate: 'd', variables: V, populations: { children: r }, tables: [T('a', 'a'), T('ab', 'a', 'b')] });
    expect(buildRelease(spec([...rows].reverse()))).toEqual(buildRelease(spec(rows)));
  });

  it('counts a row object passed many times once per occurrence: shared rows give the release of separate copies', () => {
    // The server passes one shared object per combination of coarse values; the
    // package collapses them before counting, which must change nothing.
    const variables = [{ name: 'a' }, { name: 'p' }, { name: 'q', parent: 'p' }];
    const shared: MicroRow[] = [];
    const pool = new Map<string, MicroRow>();
    for (let i = 0; i < 400; i++) {
      const row = { a: `a${(i * 7) % 5}`, p: `p${i % 3}`, q: i % 11 === 0 ? `q${i % 13}` : 'q0' };
      const key = JSON.stringify(row);
      if (!pool.has(key)) pool.set(key, row);
      shared.push(pool.get(key)!);
    }
    const copies = shared.map((r) => ({ ...r }));
    const spec = (rows: MicroRow[]): ReleaseSpec => ({
      dataDate: 'd', variables, populations: { children: rows }, tables: [T('a', 'a'), T('q', 'q'), T('aq', 'a', 'q'), T('ap', 'a', 'p')],
    });
    const a = buildReleaseWithDiagnostics(spec(shared));
    const b = buildReleaseWithDiagnostics(spec(copies));
    expect(a.release).toEqual(b.release);
    expect(a.diagnostics).toEqual(b.diagnostics);
    expect(a.diagnostics.primary).toBeGreaterThan(0);
    expect(a.release.tables[0]!.cells.at(-1)).toEqual({ key: {}, value: 400 });
  });

  it('rejects malformed specifications with a stable code', () => {
    const base = { dataDate: 'd', populations: { children: [] } }; // default variables
    expect(() => buildRelease({ ...base, tables: [T('x', 'nope')] })).toThrow(/unknown variable/);
    expect(() => buildRelease({ ...base, tables: [T('x', 'province', 'prefecture')] })).toThrow(/not allowed/);
    expect(() => buildRelease({ ...base, tables: [{ id: 'x', unit: 'cases', variables: ['status'] }] })).toThrow(/unknown unit/);
    expect(() => buildRelease({ ...base, minIntervalWidth: 0, tables: [] })).toThrow(/minIntervalWidth/);
  });
});

describe('the attacker itself', () => {
  it('recovers a cell protected by primary suppression alone, and a naive 2x2 pattern of ones', () => {
    const cells = (values: (number | null)[][], as: string[], bs: string[]): Release['tables'][number]['cells'] => {
      const out: Release['tables'][number]['cells'] = [];
      values.forEach((line, i) => line.forEach((v, j) => {
        const key: Record<string, string> = {};
        if (as[i] !== '') key.a = as[i]!;
        if (bs[j] !== '') key.b = bs[j]!;
        out.push({ key, value: v });
      }));
      return out;
    };
    const table = (values: (number | null)[][]): Release => ({
      dataDate: 'd', threshold: 10, minIntervalWidth: 2, rounding: 'none', suppressedCells: 0,
      tables: [{ id: 'ab', unit: 'children', variables: ['a', 'b'], withheld: false, categories: { a: ['a1', 'a2', 'a3'], b: ['b1', 'b2', 'b3'] }, cells: cells(values, ['a1', 'a2', 'a3', ''], ['b1', 'b2', 'b3', '']) }],
    });
    // Only the small cell hidden: its row total gives it away.
    const naive = attack(table([[null, 15, 20, 37], [12, 30, 11, 53], [14, 16, 25, 55], [28, 61, 56, 145]]), { populationSize: 145 });
    expect(naive.feasibleValues('children|a=a1|b=b1')).toEqual([2]);
    // Four ones in a square: each could only be "moved" by pushing another below 1.
    const ones = attack(table([[null, null, 12, 14], [null, null, 15, 17], [14, 11, 20, 45], [16, 13, 47, 76]]), { populationSize: 76 });
    expect(ones.feasibleValues('children|a=a1|b=b1')).toEqual([1]);
  });
});

describe('exports', () => {
  it('counts cases and children as separate populations of one release, and writes CSV and notes', () => {
    const children: MicroRow[] = [...Array(12).fill({ status: 'open' }), ...Array(3).fill({ status: '=cmd' })];
    const cases: MicroRow[] = [...Array(11).fill({ status: 'open' }), ...Array(2).fill({ status: '=cmd' })];
    const release = buildRelease({
      dataDate: '2026-11-29',
      populations: { children, cases },
      tables: [{ id: 'children-by-status', unit: 'children', variables: ['status'] }, { id: 'cases-by-status', unit: 'cases', variables: ['status'] }],
    });
    const csv = releaseToCsv(release).split('\r\n');
    expect(csv[0]).toBe('"unit","table","variable_1","category_1","variable_2","category_2","count","suppressed"');
    expect(csv).toContain('"children","children-by-status","status","(total)","","","15","0"');
    expect(csv).toContain('"cases","cases-by-status","status","\'=cmd","","","","1"');
    for (const lang of ['en', 'ko', 'zh'] as const) {
      const note = methodologyNote(release, lang);
      expect(note).toContain('2026-11-29');
      expect(note).toMatch(/9/); // 1 to threshold - 1
    }
  });
});
