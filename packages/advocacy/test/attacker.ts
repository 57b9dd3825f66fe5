/**
 * An attacker who sees only a published release. It rebuilds every linear
 * relation it can from the release itself (totals, shared margins across
 * tables, place hierarchies written as "parent/child"), then tries to pin
 * down each suppressed cell: first by interval (bound) propagation, then by
 * exhaustive integer search with propagation (constraint programming),
 * which is exact for the small crafted populations of these tests.
 * It is written independently of src/sdc so it does not share its bugs.
 */
import type { Release } from '../src/index.ts';

interface Eq {
  /** index into unknowns, coefficient */
  terms: [number, number][];
  /** sum of coef * unknown = rhs */
  rhs: number;
}

export interface Attack {
  /** cell id ("unit|k=v|...") of every suppressed cell */
  unknowns: string[];
  /** interval from bound propagation */
  propagated: Map<string, [number, number]>;
  /** all integer values a suppressed cell can take, given every published relation */
  feasibleValues(id: string, cap?: number): number[];
  /** whether the suppressed cell can take value v */
  canBe(id: string, v: number): boolean;
}

const idOf = (unit: string, key: Readonly<Record<string, string>>): string =>
  unit + '|' + Object.keys(key).sort().map((k) => `${k}=${key[k]}`).join('|');

/**
 * `populationSize`: the attacker knows how many units there are, even when
 * the grand total is hidden. `declared`: every category list was declared
 * in advance, so listing a category says nothing about its count. Hidden cells of tables that are not withheld
 * are at least 1 (zeros are published there); cells of a withheld table may be 0.
 */
export function attack(release: Release, opts: { hierarchy?: Record<string, string>; populationSize: number; declared?: boolean }): Attack {
  const inWithheld = new Set<string>();
  const values = new Map<string, number | null>();
  const keys = new Map<string, { unit: string; key: Readonly<Record<string, string>> }>();
  const cats = new Map<string, Map<string, Set<string>>>();
  for (const t of release.tables) {
    const m = cats.get(t.unit) ?? new Map<string, Set<string>>();
    cats.set(t.unit, m);
    for (const v of t.variables) m.set(v, new Set([...(m.get(v) ?? []), ...t.categories[v]!]));
    for (const c of t.cells) {
      const id = idOf(t.unit, c.key);
      const prev = values.get(id);
      if (prev !== undefined && prev !== c.value) throw new Error(`release is inconsistent at ${id}: ${prev} vs ${c.value}`);
      values.set(id, c.value);
      keys.set(id, { unit: t.unit, key: c.key });
      if (t.withheld) inWithheld.add(id);
    }
  }
  const unknowns = [...values].filter(([, v]) => v === null).map(([id]) => id);
  const uIndex = new Map(unknowns.map((id, i) => [id, i]));
  const eqs: Eq[] = [];
  const addEq = (parent: string, children: string[]): void => {
    const terms = new Map<number, number>();
    let rhs = 0;
    const put = (id: string, coef: number): void => {
      const v = values.get(id);
      if (v === null) terms.set(uIndex.get(id)!, (terms.get(uIndex.get(id)!) ?? 0) + coef);
      else rhs -= coef * v!;
    };
    put(parent, 1);
    for (const c of children) put(c, -1);
    const list = [...terms].filter(([, c]) => c !== 0);
    if (list.length > 0) eqs.push({ terms: list, rhs });
  };
  for (const [id, { unit, key }] of keys) {
    for (const [v, set] of cats.get(unit)!) {
      if (v in key) continue;
      const kids = [...set].map((x) => idOf(unit, { ...key, [v]: x }));
      if (set.size > 0 && kids.every((k) => values.has(k))) addEq(id, kids);
      const parentVar = opts.hierarchy?.[v];
      if (parentVar && parentVar in key) {
        const rest: Record<string, string> = { ...key };
        const pv = rest[parentVar]!;
        delete rest[parentVar];
        const mine = [...set].filter((x) => x.startsWith(pv + '/')).map((x) => idOf(unit, { ...rest, [v]: x }));
        if (mine.length > 0 && mine.every((k) => values.has(k))) addEq(id, mine);
      }
    }
  }

  const propagate = (lo: number[], hi: number[]): boolean => {
    for (let changed = true, guard = 0; changed && guard < 10_000; guard++) {
      changed = false;
      for (const e of eqs) {
        for (const [j, aj] of e.terms) {
          // aj * xj = rhs - sum of the others
          let smin = 0;
          let smax = 0;
          for (const [i, ai] of e.terms) {
            if (i === j) continue;
            smin += ai > 0 ? ai * lo[i]! : ai * hi[i]!;
            smax += ai > 0 ? ai * hi[i]! : ai * lo[i]!;
          }
          const a = (e.rhs - smax) / aj;
          const b = (e.rhs - smin) / aj;
          const nlo = Math.ceil(Math.min(a, b) - 1e-9);
          const nhi = Math.floor(Math.max(a, b) + 1e-9);
          if (nlo > lo[j]!) { lo[j] = nlo; changed = true; }
          if (nhi < hi[j]!) { hi[j] = nhi; changed = true; }
          if (lo[j]! > hi[j]!) return false;
        }
      }
    }
    return true;
  };

  // A cell of a withheld table may be 0, unless it is a one-way cell whose
  // category is listed because it was observed (not declared in advance).
  const lo0 = unknowns.map((id): number => (inWithheld.has(id) && (opts.declared || Object.keys(keys.get(id)!.key).length !== 1) ? 0 : 1));
  const hi0 = unknowns.map(() => opts.populationSize);
  unknowns.forEach((id, i) => {
    if (Object.keys(keys.get(id)!.key).length === 0) lo0[i] = opts.populationSize;
  });
  if (!propagate(lo0, hi0)) throw new Error('the true table is not feasible for the attacker: relations are wrong');
  const propagated = new Map(unknowns.map((id, i) => [id, [lo0[i]!, hi0[i]!] as [number, number]]));

  const solvable = (lo: number[], hi: number[]): boolean => {
    if (!propagate(lo, hi)) return false;
    let pick = -1;
    for (let i = 0; i < lo.length; i++) if (lo[i]! < hi[i]! && (pick < 0 || hi[i]! - lo[i]! < hi[pick]! - lo[pick]!)) pick = i;
    if (pick < 0) return eqs.every((e) => Math.abs(e.terms.reduce((s, [i, a]) => s + a * lo[i]!, 0) - e.rhs) < 1e-9);
    for (let v = lo[pick]!; v <= hi[pick]!; v++) {
      const l = [...lo];
      const h = [...hi];
      l[pick] = v;
      h[pick] = v;
      if (solvable(l, h)) return true;
    }
    return false;
  };

  return {
    unknowns,
    propagated,
    feasibleValues(id: string, cap = Infinity): number[] {
      const j = uIndex.get(id);
      if (j === undefined) throw new Error(`${id} is not suppressed`);
      const out: number[] = [];
      for (let v = lo0[j]!; v <= hi0[j]! && out.length < cap; v++) {
        const l = [...lo0];
        const h = [...hi0];
        l[j] = v;
        h[j] = v;
        if (solvable(l, h)) out.push(v);
      }
      return out;
    },
    canBe(id: string, v: number): boolean {
      const j = uIndex.get(id)!;
      const l = [...lo0];
      const h = [...hi0];
      l[j] = v;
      h[j] = v;
      return solvable(l, h);
    },
  };
}
