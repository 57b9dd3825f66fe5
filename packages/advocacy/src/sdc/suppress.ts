import { AdvocacyError } from '../errors.ts';
import type { CellModel, Grid } from './cells.ts';
import { FeasibleRegion, type LinearRow } from './lp.ts';

export interface ProtectionOptions {
  threshold: number;
  /** The attacker's feasible interval for every primary cell must be at least this wide. */
  minIntervalWidth: number;
}

export interface ProtectionResult {
  suppressed: Uint8Array;
  primary: number[];
  secondary: number[];
  /** Attacker's interval for each primary cell, as verified (for tests and audit, never published). */
  intervals: Map<number, { min: number; max: number }>;
  rounds: number;
}

/**
 * Suppressed cells are never zero (zeros are published), so the attacker
 * knows every suppressed cell is at least 1; the verification grants them that.
 */
export const SUPPRESSED_LOWER_BOUND = 1;

const MARGIN_PENALTY = 4;
const GRAND_TOTAL_COST = 1e9;

/**
 * Primary suppression of cells in [1, threshold) and complementary
 * suppression until, for every primary cell, the linear relations of the
 * whole release (row and column totals, shared margins between tables,
 * place hierarchies) leave an interval at least `minIntervalWidth` wide.
 *
 * @example
 * const model = buildCells(populations, variables, tables);
 * const { suppressed } = protect(model, { threshold: 10, minIntervalWidth: 2 });
 */
export function protect(model: CellModel, opts: ProtectionOptions): ProtectionResult {
  const { cells } = model;
  const suppressed = new Uint8Array(cells.length);
  const primary: number[] = [];
  for (const c of cells) {
    if (c.value >= 1 && c.value < opts.threshold) {
      suppressed[c.index] = 1;
      primary.push(c.index);
    }
  }
  const isGrandTotal = (i: number): boolean => Object.keys(cells[i]!.key).length === 0;
  const cost = (i: number, margin: boolean): number => {
    if (isGrandTotal(i)) return GRAND_TOTAL_COST;
    return (cells[i]!.value + 1) * (margin ? MARGIN_PENALTY : 1);
  };
  const usable = (i: number): boolean => cells[i]!.value > 0 && !suppressed[i];

  const queue: number[] = [];
  const suppress = (i: number): void => {
    if (!suppressed[i]) {
      suppressed[i] = 1;
      queue.push(i);
    }
  };

  /** Cheapest cycle through grid cell (r0, c0): path row r0 -> column c0 avoiding that edge. */
  const cycle = (g: Grid, r0: number, c0: number, reuse: boolean): number[] | null => {
    const R = g.rows;
    const C = g.cols;
    const N = R + C;
    const dist = new Float64Array(N).fill(Infinity);
    const via = new Int32Array(N).fill(-1); // cell position used to reach node
    const done = new Uint8Array(N);
    dist[r0] = 0;
    for (;;) {
      let u = -1;
      for (let k = 0; k < N; k++) if (!done[k] && dist[k]! < Infinity && (u < 0 || dist[k]! < dist[u]!)) u = k;
      if (u < 0 || u === R + c0) break;
      done[u] = 1;
      const isRow = u < R;
      const span = isRow ? C : R;
      for (let k = 0; k < span; k++) {
        const r = isRow ? u : k;
        const c = isRow ? k : u - R;
        if (r === r0 && c === c0) continue;
        const pos = r * C + c;
        const idx = g.cells[pos]!;
        let w: number;
        if (suppressed[idx]) {
          if (!reuse) continue;
          w = 1e-6; // prefer short cycles among free ones
        } else if (cells[idx]!.value > 0) {
          w = cost(idx, r === R - 1 || c === C - 1);
        } else continue;
        const v = isRow ? R + c : r;
        if (dist[u]! + w < dist[v]!) {
          dist[v] = dist[u]! + w;
          via[v] = pos;
        }
      }
    }
    if (dist[R + c0] === Infinity) return null;
    const path: number[] = [];
    let node = R + c0;
    while (node !== r0) {
      const pos = via[node]!;
      path.push(g.cells[pos]!);
      const r = Math.floor(pos / C);
      const c = pos % C;
      node = node < R ? R + c : r;
    }
    return path;
  };

  const isBridge = (g: Grid, r0: number, c0: number): boolean => {
    const R = g.rows;
    const C = g.cols;
    const seen = new Uint8Array(R + C);
    const stack = [r0];
    seen[r0] = 1;
    while (stack.length > 0) {
      const u = stack.pop()!;
      const isRow = u < R;
      const span = isRow ? C : R;
      for (let k = 0; k < span; k++) {
        const r = isRow ? u : k;
        const c = isRow ? k : u - R;
        if (r === r0 && c === c0) continue;
        if (!suppressed[g.cells[r * C + c]!]) continue;
        const v = isRow ? R + c : r;
        if (v === R + c0) return false;
        if (!seen[v]) {
          seen[v] = 1;
          stack.push(v);
        }
      }
    }
    return true;
  };

  /** Make every suppressed cell unrecoverable from each table and relation on its own. */
  const closure = (): void => {
    while (queue.length > 0) {
      const i = queue.shift()!;
      for (const { grid, r, c } of model.gridsOf[i]!) {
        const g = model.grids[grid]!;
        if (isBridge(g, r, c)) cycle(g, r, c, true)?.forEach(suppress);
      }
      for (const ri of model.relationsOf[i]!) {
        const rel = model.relations[ri]!;
        const members = [rel.parent, ...rel.children];
        if (members.filter((m) => suppressed[m]).length !== 1) continue;
        let best = -1;
        for (const m of members) {
          if (!usable(m)) continue;
          const w = cost(m, m === rel.parent);
          if (best < 0 || w < cost(best, best === rel.parent)) best = m;
        }
        if (best >= 0) suppress(best);
      }
    }
  };

  queue.push(...primary);
  closure();

  const intervals = new Map<number, { min: number; max: number }>();
  const attempts = new Map<number, number>();
  let pending = [...primary];
  let rounds = 0;
  for (;;) {
    rounds++;
    const failing: number[] = [];
    const found = attackerIntervals(model, suppressed, pending);
    for (const p of pending) {
      const iv = found.get(p)!;
      intervals.set(p, iv);
      if (iv.max - iv.min < opts.minIntervalWidth - 1e-6) failing.push(p);
    }
    if (failing.length === 0) break;
    for (const p of failing) {
      const n = (attempts.get(p) ?? 0) + 1;
      attempts.set(p, n);
      let added = false;
      if (n <= 3) {
        // A fresh cycle of published cells: each has slack of at least `threshold`.
        let best: number[] | null = null;
        let bestCost = Infinity;
        for (const { grid, r, c } of model.gridsOf[p]!) {
          const path = cycle(model.grids[grid]!, r, c, false);
          if (!path) continue;
          const w = path.reduce((s, x) => s + cost(x, false), 0);
          if (w < bestCost) { best = path; bestCost = w; }
        }
        if (!best) {
          for (const ri of model.relationsOf[p]!) {
            const rel = model.relations[ri]!;
            const m = [rel.parent, ...rel.children].filter(usable).sort((a, b) => cost(a, false) - cost(b, false))[0];
            if (m !== undefined) { best = [...(best ?? []), m]; }
          }
        }
        if (best && best.length > 0) { best.forEach(suppress); added = true; }
      }
      if (!added) {
        // Last resort: hide every non-zero cell of this population. All published
        // cells are then zero, the relations are homogeneous, and scaling the true
        // table up is always feasible, so no cell is determined.
        const unit = model.cells[p]!.unit;
        for (const c of cells) if (c.unit === unit && c.value > 0) suppress(c.index);
      }
    }
    closure();
    pending = failing;
    if (rounds > cells.length + 5) {
      throw new AdvocacyError('ADVOCACY_INFEASIBLE', 'complementary suppression did not converge');
    }
  }
  const primarySet = new Set(primary);
  const secondary: number[] = [];
  for (let i = 0; i < cells.length; i++) if (suppressed[i] && !primarySet.has(i)) secondary.push(i);
  return { suppressed, primary, secondary, intervals, rounds };
}

/**
 * The attacker's best bounds on each target: minimise and maximise it subject
 * to every published relation, with every suppressed cell >= 1 (linear
 * programming relaxation; integer solutions lie inside these bounds).
 *
 * @example
 * attackerIntervals(model, suppressed, [3]).get(3) // { min: 1, max: 6 }
 */
export function attackerIntervals(
  model: CellModel,
  suppressed: Uint8Array,
  targets: readonly number[],
): Map<number, { min: number; max: number }> {
  const { cells, relations } = model;
  // Union-find over suppressed cells linked by a relation.
  const parent = new Int32Array(cells.length).map((_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const touching: number[] = [];
  relations.forEach((rel, ri) => {
    const unknown = [rel.parent, ...rel.children].filter((m) => suppressed[m]);
    if (unknown.length === 0) return;
    touching.push(ri);
    for (const u of unknown.slice(1)) parent[find(u)] = find(unknown[0]!);
  });
  const byRoot = new Map<number, number[]>();
  for (const t of targets) {
    const r = find(t);
    byRoot.set(r, [...(byRoot.get(r) ?? []), t]);
  }
  const out = new Map<number, { min: number; max: number }>();
  for (const [root, wanted] of byRoot) {
    const local = new Map<number, number>();
    for (let i = 0; i < cells.length; i++) if (suppressed[i] && find(i) === root) local.set(i, local.size);
    const rows: LinearRow[] = [];
    for (const ri of touching) {
      const rel = relations[ri]!;
      if (find([rel.parent, ...rel.children].find((m) => suppressed[m])!) !== root) continue;
      const row: LinearRow = { vars: [], coefs: [], rhs: 0 };
      const term = (m: number, coef: number): void => {
        if (suppressed[m]) {
          row.vars.push(local.get(m)!);
          row.coefs.push(coef);
          row.rhs -= coef * SUPPRESSED_LOWER_BOUND;
        } else row.rhs -= coef * cells[m]!.value;
      };
      term(rel.parent, 1);
      for (const c of rel.children) term(c, -1);
      rows.push(row);
    }
    const region = FeasibleRegion.of(local.size, rows);
    if (!region) throw new AdvocacyError('ADVOCACY_INFEASIBLE', 'published cells are inconsistent (internal error)');
    for (const t of wanted) {
      const { min, max } = region.range(local.get(t)!);
      out.set(t, { min: min + SUPPRESSED_LOWER_BOUND, max: max + SUPPRESSED_LOWER_BOUND });
    }
  }
  return out;
}
