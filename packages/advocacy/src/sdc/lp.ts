/**
 * A small dense simplex, enough to play the attacker: given the linear
 * relations a release publishes, how far can each suppressed cell move?
 * Variables are shifted so that every bound is x >= 0.
 */

const EPS = 1e-9;

/** One equality row: sum of coef * x[var] = rhs. */
export interface LinearRow {
  vars: number[];
  coefs: number[];
  rhs: number;
}

/**
 * A feasible basis of { A x = b, x >= 0 }, from which each extreme of each
 * variable is found by phase II on a copy.
 */
export class FeasibleRegion {
  private readonly m: number;
  private readonly n: number;
  private readonly width: number;
  private readonly tab: Float64Array;
  private readonly basis: Int32Array;

  private constructor(m: number, n: number, tab: Float64Array, basis: Int32Array) {
    this.m = m;
    this.n = n;
    this.width = n + 1;
    this.tab = tab;
    this.basis = basis;
  }

  /**
   * Phase I. Returns null when the system has no non-negative solution.
   *
   * @example
   * FeasibleRegion.of(2, [{ vars: [0, 1], coefs: [1, 1], rhs: 3 }])?.range(0) // { min: 0, max: 3 }
   */
  static of(n: number, rows: readonly LinearRow[]): FeasibleRegion | null {
    const m = rows.length;
    const w = n + m + 1;
    const t = new Float64Array((m + 1) * w);
    const basis = new Int32Array(m);
    for (let i = 0; i < m; i++) {
      const r = rows[i]!;
      const sign = r.rhs < 0 ? -1 : 1;
      for (let k = 0; k < r.vars.length; k++) t[i * w + r.vars[k]!]! += sign * r.coefs[k]!;
      t[i * w + n + i] = 1;
      t[i * w + w - 1] = sign * r.rhs;
      basis[i] = n + i;
    }
    // Objective: minimise the sum of artificials, written in reduced form.
    const obj = m * w;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) t[obj + j]! -= t[i * w + j]!;
      t[obj + w - 1]! -= t[i * w + w - 1]!;
    }
    if (!simplex(t, basis, m, w, n + m)) return null; // phase I is never unbounded
    // Relative tolerance: right-hand sides reach the size of the population.
    const scale = 1 + rows.reduce((acc, r) => acc + Math.abs(r.rhs), 0);
    if (-t[obj + w - 1]! > 1e-9 * scale) return null;
    // Drive artificials out of the basis; rows where that is impossible are redundant.
    const keep: number[] = [];
    for (let i = 0; i < m; i++) {
      if (basis[i]! >= n) {
        let col = -1;
        for (let j = 0; j < n; j++) if (Math.abs(t[i * w + j]!) > 1e-7) { col = j; break; }
        if (col < 0) continue;
        pivot(t, basis, m, w, i, col);
      }
      keep.push(i);
    }
    const m2 = keep.length;
    const w2 = n + 1;
    const tab = new Float64Array((m2 + 1) * w2);
    const b2 = new Int32Array(m2);
    keep.forEach((i, r) => {
      for (let j = 0; j < n; j++) tab[r * w2 + j] = t[i * w + j]!;
      tab[r * w2 + n] = t[i * w + w - 1]!;
      b2[r] = basis[i]!;
    });
    return new FeasibleRegion(m2, n, tab, b2);
  }

  /** Minimum and maximum of one variable over the region (max may be Infinity). */
  range(v: number): { min: number; max: number } {
    return { min: this.optimise(v, 1), max: -this.optimise(v, -1) };
  }

  /** min of sign * x[v]; -Infinity when unbounded below. */
  private optimise(v: number, sign: number): number {
    const { m, n, width: w } = this;
    const t = this.tab.slice();
    const basis = this.basis.slice();
    const obj = m * w;
    t[obj + v] = sign;
    for (let i = 0; i < m; i++) {
      if (basis[i] === v) {
        for (let j = 0; j <= n; j++) t[obj + j]! -= sign * t[i * w + j]!;
      }
    }
    if (!simplex(t, basis, m, w, n)) return -Infinity;
    return -t[obj + w - 1]!;
  }
}

function pivot(t: Float64Array, basis: Int32Array, m: number, w: number, r: number, c: number): void {
  const p = t[r * w + c]!;
  for (let j = 0; j < w; j++) t[r * w + j]! /= p;
  for (let i = 0; i <= m; i++) {
    if (i === r) continue;
    const f = t[i * w + c]!;
    if (f === 0) continue;
    for (let j = 0; j < w; j++) t[i * w + j]! -= f * t[r * w + j]!;
  }
  basis[r] = c;
}

/**
 * Minimise over columns < cols. Returns false when unbounded. Dantzig's rule,
 * switching to Bland's rule after a run of degenerate pivots so it cannot cycle.
 */
function simplex(t: Float64Array, basis: Int32Array, m: number, w: number, cols: number): boolean {
  const obj = m * w;
  let degenerate = 0;
  for (;;) {
    const bland = degenerate > 50;
    let c = -1;
    let best = -EPS;
    for (let j = 0; j < cols; j++) {
      const r = t[obj + j]!;
      if (r < best) {
        c = j;
        if (bland) break;
        best = r;
      }
    }
    if (c < 0) return true;
    let row = -1;
    let ratio = Infinity;
    for (let i = 0; i < m; i++) {
      const a = t[i * w + c]!;
      if (a > EPS) {
        const q = t[i * w + w - 1]! / a;
        if (q < ratio - EPS || (q < ratio + EPS && row >= 0 && basis[i]! < basis[row]!)) {
          ratio = q;
          row = i;
        }
      }
    }
    if (row < 0) return false;
    degenerate = ratio < EPS ? degenerate + 1 : 0;
    pivot(t, basis, m, w, row, c);
  }
}
