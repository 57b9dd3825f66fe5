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
  /** Tables hidden whole (zeros included) because no pattern of cells could protect them. */
  withheld: Set<string>;
  /** Populations smaller than the threshold: nothing of them is published, not even their categories. */
  tooSmall: Set<string>;
  primary: number[];
  secondary: number[];
  /** Attacker's interval for each primary cell, as verified (for tests and audit, never published). */
  intervals: Map<number, { min: number; max: number }>;
  rounds: number;
}

const MARGIN_PENALTY = 4;

/**
 * What the attacker is granted (see README, "Attacker model"):
 * - every published cell and every linear relation among cells;
 * - the size of each population, even when its grand total is hidden
 *   (an NGO's caseload is often public);
 * - that a hidden cell of a table that is not withheld is at least 1,
 *   because zeros are always published in such tables;
 * - that a one-way cell of an observed (not declared) category is at least
 *   1, because the category list shows it exists;
 * - that hidden cells are non-negative.
 */
export function lowerBoundOf(model: CellModel, withheld: ReadonlySet<string>, cell: number): number {
  if (model.cells[cell]!.listed) return 1;
  return model.tablesOf[cell]!.some((t) => withheld.has(t)) ? 0 : 1;
}

const isGrandTotal = (model: CellModel, i: number): boolean => Object.keys(model.cells[i]!.key).length === 0;

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
  const withheld = new Set<string>();
  const primary: number[] = [];
  for (const c of cells) {
    if (c.value >= 1 && c.value < opts.threshold) {
      suppressed[c.index] = 1;
      primary.push(c.index);
    }
  }
  const total = (i: number): boolean => isGrandTotal(model, i);
  const cost = (i: number, margin: boolean): number => (cells[i]!.value + 1) * (margin ? MARGIN_PENALTY : 1);
  // The grand total is known to the attacker anyway: hiding it protects nothing.
  const usable = (i: number): boolean => cells[i]!.value > 0 && !suppressed[i] && !total(i);

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
    const via = new Int32Array(N).fill(-1);
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
        if (total(idx)) continue;
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
        const idx = g.cells[r * C + c]!;
        if (!suppressed[idx] || total(idx)) continue;
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
      if (total(i)) continue;
      for (const { grid, r, c } of model.gridsOf[i]!) {
        const g = model.grids[grid]!;
        if (isBridge(g, r, c)) cycle(g, r, c, true)?.forEach(suppress);
      }
      for (const ri of model.relationsOf[i]!) {
        const rel = model.relations[ri]!;
        const members = [rel.parent, ...rel.children];
        if (members.filter((m) => suppressed[m] && !total(m)).length !== 1) continue;
        let best = -1;
        for (const m of members) {
          if (!usable(m)) continue;
          if (best < 0 || cost(m, m === rel.parent) < cost(best, best === rel.parent)) best = m;
        }
        if (best >= 0) suppress(best);
      }
    }
  };

  const withhold = (tableId: string): void => {
    withheld.add(tableId);
    for (const i of model.tableCells.get(tableId)!) if (!total(i)) suppress(i);
  };

  // A population smaller than the threshold is not published at all.
  const tooSmall = new Set<string>();
  for (const c of cells) if (total(c.index) && c.value > 0 && c.value < opts.threshold) tooSmall.add(c.unit);
  for (const [id, list] of model.tableCells) if (tooSmall.has(cells[list[0]!]!.unit)) withhold(id);
  const fullyWithheld = new Set<string>(tooSmall);

  queue.push(...primary);
  closure();

  const targets = primary.filter((p) => !total(p) && !tooSmall.has(cells[p]!.unit));
  const intervals = new Map<number, { min: number; max: number }>();
  const attempts = new Map<number, number>();
  let pending = targets;
  let rounds = 0;
  for (;;) {
    rounds++;
    const failing: number[] = [];
    const found = attackerIntervals(model, suppressed, withheld, pending);
    for (const p of pending) {
      const iv = found.get(p)!;
      intervals.set(p, iv);
      if (iv.max - iv.min < opts.minIntervalWidth - 1e-6) failing.push(p);
    }
    if (failing.length === 0) break;
    // Only a cell that failed while its population was already fully withheld is hopeless.
    const wasFull = new Set(fullyWithheld);
    for (const p of failing) {
      const n = (attempts.get(p) ?? 0) + 1;
      attempts.set(p, n);
      let path: number[] = [];
      if (n <= 2) {
        // A fresh cycle of published non-zero cells, each with slack of at least `threshold`.
        let bestCost = Infinity;
        for (const { grid, r, c } of model.gridsOf[p]!) {
          const found = cycle(model.grids[grid]!, r, c, false);
          if (!found) continue;
          const w = found.reduce((s, x) => s + cost(x, false), 0);
          if (w < bestCost) { path = found; bestCost = w; }
        }
        if (path.length === 0) {
          for (const ri of model.relationsOf[p]!) {
            const rel = model.relations[ri]!;
            const m = [rel.parent, ...rel.children].filter(usable).sort((a, b) => cost(a, false) - cost(b, false))[0];
            if (m !== undefined) path.push(m);
          }
        }
      }
      const unit = cells[p]!.unit;
      if (path.length > 0) path.forEach(suppress);
      else if (n <= 3 && !model.tablesOf[p]!.every((t) => withheld.has(t))) model.tablesOf[p]!.forEach(withhold);
      else if (!wasFull.has(unit)) {
        // Last resort: withhold every table of this population. Only the relations,
        // the population size and the category lists remain.
        for (const [id, list] of model.tableCells) if (cells[list[0]!]!.unit === unit) withhold(id);
        fullyWithheld.add(unit);
      } else {
        // Even then the population size and the list of categories pin this cell
        // (say, 12 children spread over 11 prefectures): fail closed.
        throw new AdvocacyError(
          'ADVOCACY_UNPROTECTABLE',
          `the release cannot protect a small cell of "${unit}" in table ${model.tablesOf[p]!.map((t) => `"${t}"`).join(', ')}: use fewer or coarser categories`,
        );
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
  return { suppressed, withheld, tooSmall, primary, secondary, intervals, rounds };
}

/**
 * The attacker's best bounds on each target cell: minimise and maximise it
 * subject to every relation, with the grand totals known and the lower
 * bounds of `lowerBoundOf` (linear programming relaxation: integer solutions
 * lie inside these bounds).
 *
 * @example
 * attackerIntervals(model, suppressed, new Set(), [3]).get(3) // { min: 1, max: 6 }
 */
export function attackerIntervals(
  model: CellModel,
  suppressed: Uint8Array,
  withheld: ReadonlySet<string>,
  targets: readonly number[],
): Map<number, { min: number; max: number }> {
  const { cells, relations } = model;
  const unknown = (i: number): boolean => suppressed[i] === 1 && !isGrandTotal(model, i);
  // Union-find over unknown cells linked by a relation.
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
    const members = [rel.parent, ...rel.children].filter(unknown);
    if (members.length === 0) return;
    touching.push(ri);
    for (const u of members.slice(1)) parent[find(u)] = find(members[0]!);
  });
  const byRoot = new Map<number, number[]>();
  for (const t of targets) {
    const r = find(t);
    byRoot.set(r, [...(byRoot.get(r) ?? []), t]);
  }
  const out = new Map<number, { min: number; max: number }>();
  for (const [root, wanted] of byRoot) {
    const local = new Map<number, number>();
    const lower: number[] = [];
    for (let i = 0; i < cells.length; i++) {
      if (unknown(i) && find(i) === root) {
        local.set(i, local.size);
        lower.push(lowerBoundOf(model, withheld, i));
      }
    }
    const rows: LinearRow[] = [];
    for (const ri of touching) {
      const rel = relations[ri]!;
      if (find([rel.parent, ...rel.children].find(unknown)!) !== root) continue;
      const row: LinearRow = { vars: [], coefs: [], rhs: 0 };
      const term = (m: number, coef: number): void => {
        if (unknown(m)) {
          const j = local.get(m)!;
          row.vars.push(j);
          row.coefs.push(coef);
          row.rhs -= coef * lower[j]!;
        } else row.rhs -= coef * cells[m]!.value;
      };
      term(rel.parent, 1);
      for (const c of rel.children) term(c, -1);
      rows.push(row);
    }
    const region = FeasibleRegion.of(local.size, rows);
    if (!region) throw new AdvocacyError('ADVOCACY_INFEASIBLE', 'published cells are inconsistent (internal error)');
    for (const t of wanted) {
      const j = local.get(t)!;
      const { min, max } = region.range(j);
      out.set(t, { min: min + lower[j]!, max: max + lower[j]! });
    }
  }
  return out;
}
