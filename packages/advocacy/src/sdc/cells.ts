import { AdvocacyError } from '../errors.ts';
import { UNKNOWN } from '../age.ts';

/** One unit (a case, or a sought child) already decrypted and coarsened by the server. */
export type MicroRow = Readonly<Record<string, string | number | null | undefined>>;

export interface VariableSpec {
  name: string;
  /** Categories always shown, even at zero; observed values are added to them. */
  domain?: readonly string[];
  /**
   * For a place hierarchy (prefecture within province): the parent variable.
   * Values of this variable are then published as "parent/child" so that
   * each one belongs to exactly one parent, and the relation
   * parent = sum of its children is part of what the attacker knows.
   */
  parent?: string;
}

export interface TableSpec {
  id: string;
  /** Which population the table counts (e.g. "cases" or "children"). */
  unit: string;
  variables: readonly [string] | readonly [string, string];
}

/** A cell: counts of one population by zero, one or two variables (missing variable = total). */
export interface Cell {
  index: number;
  unit: string;
  key: Readonly<Record<string, string>>;
  id: string;
  value: number;
  /**
   * A one-way cell whose category was observed rather than declared: the
   * category list itself tells the attacker it is at least 1.
   */
  listed: boolean;
}

/** A linear identity every release satisfies: cells[parent] = sum of cells[children]. */
export interface Relation {
  parent: number;
  children: number[];
}

/** A published table laid out as a grid for cycle search; the last row/column is the total. */
export interface Grid {
  tableId: string;
  rows: number;
  cols: number;
  /** cell index at [r * cols + c] */
  cells: number[];
}

export interface CellModel {
  cells: Cell[];
  relations: Relation[];
  /** relation indices by cell */
  relationsOf: number[][];
  grids: Grid[];
  /** grid indices by cell, with the cell's position */
  gridsOf: { grid: number; r: number; c: number }[][];
  /** table ids by cell (a margin belongs to several tables) */
  tablesOf: string[][];
  /** cells of each table, margins included */
  tableCells: Map<string, number[]>;
  categories: Map<string, Map<string, string[]>>; // unit -> variable -> categories
}

export const cellId = (unit: string, key: Readonly<Record<string, string>>): string =>
  unit + '|' + Object.keys(key).sort().map((k) => `${k}=${key[k]}`).join('|');

function raw(x: string | number | null | undefined): string {
  return x === undefined || x === null || x === '' ? UNKNOWN : String(x);
}

/** Distinct row objects with how many times each occurs, in first-seen order. */
function collapse(rows: readonly MicroRow[]): { rows: MicroRow[]; weight: Float64Array } {
  const at = new Map<MicroRow, number>();
  const distinct: MicroRow[] = [];
  const w: number[] = [];
  let prev: MicroRow | undefined;
  let prevAt = -1;
  for (const row of rows) {
    // Runs of one object (a caller listing each combination's rows together) skip the Map.
    if (row === prev) {
      w[prevAt]!++;
      continue;
    }
    let i = at.get(row);
    if (i === undefined) {
      i = distinct.length;
      at.set(row, i);
      distinct.push(row);
      w.push(0);
    }
    w[i]!++;
    prev = row;
    prevAt = i;
  }
  return { rows: distinct, weight: Float64Array.from(w) };
}

/**
 * Category of every row for one variable, as an index into the returned list
 * (declared domain first, then observed values sorted). A hot loop over
 * possibly millions of rows: no string is built per row.
 */
function encode(rows: readonly MicroRow[], v: VariableSpec): { list: string[]; code: Int32Array } {
  const seen = new Map<string | number | null | undefined, Map<string | number | null | undefined, number>>();
  const distinct: string[] = [];
  const tmp = new Int32Array(rows.length);
  const parent = v.parent;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const p = parent ? row[parent] : null;
    const c = row[v.name];
    let inner = seen.get(p);
    if (!inner) seen.set(p, (inner = new Map()));
    let k = inner.get(c);
    if (k === undefined) {
      k = distinct.length;
      distinct.push(parent ? `${raw(p)}/${raw(c)}` : raw(c));
      inner.set(c, k);
    }
    tmp[i] = k;
  }
  const declared = [...(v.domain ?? [])];
  const known = new Set(declared);
  const list = [...declared, ...[...new Set(distinct)].filter((x) => !known.has(x)).sort()];
  const pos = new Map(list.map((x, i) => [x, i]));
  const remap = Int32Array.from(distinct, (x) => pos.get(x)!);
  for (let i = 0; i < tmp.length; i++) tmp[i] = remap[tmp[i]!]!;
  return { list, code: tmp };
}

/**
 * Count every cell of every table (with all margins) and list the linear
 * relations among them, including those that link tables sharing a margin
 * and those of place hierarchies.
 */
export function buildCells(
  populations: ReadonlyMap<string, readonly MicroRow[]>,
  variables: readonly VariableSpec[],
  tables: readonly TableSpec[],
): CellModel {
  const vars = new Map(variables.map((v) => [v.name, v]));
  for (const v of variables) {
    if (v.parent && !vars.has(v.parent)) throw new AdvocacyError('ADVOCACY_BAD_SPEC', `variable "${v.name}" has unknown parent "${v.parent}"`);
  }
  const ids = new Set<string>();
  for (const t of tables) {
    if (ids.has(t.id)) throw new AdvocacyError('ADVOCACY_BAD_SPEC', `table id "${t.id}" is used twice`);
    ids.add(t.id);
    if (!populations.has(t.unit)) throw new AdvocacyError('ADVOCACY_BAD_SPEC', `table "${t.id}" counts unknown unit "${t.unit}"`);
    if (t.variables.length < 1 || t.variables.length > 2) throw new AdvocacyError('ADVOCACY_BAD_SPEC', `table "${t.id}" must have one or two variables`);
    for (const name of t.variables) {
      if (!vars.has(name)) throw new AdvocacyError('ADVOCACY_BAD_SPEC', `table "${t.id}" names unknown variable "${name}"`);
    }
    const [a, b] = t.variables;
    if (b !== undefined && (a === b || vars.get(a)?.parent === b || vars.get(b)?.parent === a)) {
      // Crossing a place with its own parent gives structural zeros and nothing new.
      throw new AdvocacyError('ADVOCACY_BAD_SPEC', `table "${t.id}" crosses "${a}" with "${b}", which is not allowed`);
    }
  }

  const cells: Cell[] = [];
  const byId = new Map<string, number>();
  const tablesOf: string[][] = [];
  const categories = new Map<string, Map<string, string[]>>();
  const grids: Grid[] = [];
  const tableCells = new Map<string, number[]>();

  for (const [unit, allRows] of populations) {
    const unitTables = tables.filter((t) => t.unit === unit);
    if (unitTables.length === 0) continue;
    // Rows that are the same object (a caller may pass one shared row per
    // combination of coarse values, as the server does) are counted once with
    // their multiplicity: one Map lookup per row instead of one per row and variable.
    const { rows, weight } = collapse(allRows);
    const used = [...new Set(unitTables.flatMap((t) => t.variables))];
    // Category lists: declared domain first, then observed values in sorted order.
    const cats = new Map<string, string[]>();
    const codes = new Map<string, Int32Array>(); // per variable, category index of each row
    for (const name of used) {
      const { list, code } = encode(rows, vars.get(name)!);
      cats.set(name, list);
      codes.set(name, code);
    }
    categories.set(unit, cats);

    // Patterns: every subset of each table's variables, counted once.
    const patterns = new Map<string, string[]>();
    for (const t of unitTables) {
      const [a, b] = t.variables;
      for (const p of b === undefined ? [[], [a]] : [[], [a], [b], [a, b]]) patterns.set([...p].sort().join(','), [...p].sort());
    }
    const add = (key: Record<string, string>, value: number): number => {
      const id = cellId(unit, key);
      const existing = byId.get(id);
      if (existing !== undefined) return existing;
      const index = cells.length;
      const names = Object.keys(key);
      const listed = names.length === 1 && !(vars.get(names[0]!)!.domain ?? []).includes(key[names[0]!]!);
      cells.push({ index, unit, key, id, value, listed });
      tablesOf.push([]);
      byId.set(id, index);
      return index;
    };
    // Finest patterns first: a margin is summed from a finer table already
    // counted rather than from the rows again.
    const counted = new Map<string, Float64Array>();
    for (const pattern of [...patterns.values()].sort((x, y) => y.length - x.length)) {
      const sizes = pattern.map((p) => cats.get(p)!.length);
      const counts = new Float64Array(sizes.reduce((x, y) => x * y, 1));
      const finer = [...patterns.values()].find((q) => q.length === pattern.length + 1 && pattern.every((p) => q.includes(p)) && counted.has(q.join(',')));
      if (finer) {
        // Mixed-radix index over the finer pattern; drop the extra dimension.
        const fs = finer.map((p) => cats.get(p)!.length);
        const drop = finer.findIndex((q) => !pattern.includes(q));
        const src = counted.get(finer.join(','))!;
        const inner = fs.slice(drop + 1).reduce((x, y) => x * y, 1);
        for (let k = 0; k < src.length; k++) {
          const outer = Math.floor(k / (inner * fs[drop]!));
          counts[outer * inner + (k % inner)]! += src[k]!;
        }
      } else {
        // One typed-array addition per distinct row (its multiplicity).
        const cols = pattern.map((p) => codes.get(p)!);
        for (let i = 0; i < rows.length; i++) {
          let k = 0;
          for (let d = 0; d < cols.length; d++) k = k * sizes[d]! + cols[d]![i]!;
          counts[k]! += weight[i]!;
        }
      }
      counted.set(pattern.join(','), counts);
      // Every combination of categories is a cell, zeros included.
      for (let k = 0; k < counts.length; k++) {
        const key: Record<string, string> = {};
        let rest = k;
        for (let d = pattern.length - 1; d >= 0; d--) {
          key[pattern[d]!] = cats.get(pattern[d]!)![rest % sizes[d]!]!;
          rest = Math.floor(rest / sizes[d]!);
        }
        add(key, counts[k]!);
      }
    }
    for (const t of unitTables) {
      const [a, b] = t.variables;
      const ra = [...cats.get(a)!, ''];
      const cb = b === undefined ? [''] : [...cats.get(b)!, ''];
      const grid: Grid = { tableId: t.id, rows: ra.length, cols: cb.length, cells: [] };
      for (const x of ra) {
        for (const y of cb) {
          const key: Record<string, string> = {};
          if (x !== '') key[a] = x;
          if (b !== undefined && y !== '') key[b] = y;
          const idx = byId.get(cellId(unit, key))!;
          grid.cells.push(idx);
          if (!tablesOf[idx]!.includes(t.id)) tablesOf[idx]!.push(t.id);
        }
      }
      if (b !== undefined) grids.push(grid);
      tableCells.set(t.id, grid.cells);
    }
  }

  // Relations: each cell split by any variable whose finer cells are published,
  // and each parent place split into its child places.
  const relations: Relation[] = [];
  const seenRel = new Set<string>();
  const addRel = (parent: number, children: number[]): void => {
    const sig = `${parent}:${[...children].sort((x, y) => x - y).join(',')}`;
    if (seenRel.has(sig)) return;
    seenRel.add(sig);
    relations.push({ parent, children });
  };
  // A split exists only when every finer cell does; looking up until the first
  // missing one (rather than building every id first) keeps this linear in the
  // relations that exist, not in cells x categories (hundreds of prefectures).
  const lookupAll = (unit: string, base: Readonly<Record<string, string>>, name: string, list: readonly string[]): number[] | undefined => {
    const out: number[] = [];
    for (const x of list) {
      const k = byId.get(cellId(unit, { ...base, [name]: x }));
      if (k === undefined) return undefined;
      out.push(k);
    }
    return out;
  };
  // Child categories of each parent value, per hierarchical variable ("parent/child" lists).
  const childrenOf = new Map<string, Map<string, Map<string, string[]>>>(); // unit -> variable -> parent value -> categories
  for (const [unit, cats] of categories) {
    const perVar = new Map<string, Map<string, string[]>>();
    for (const [name, list] of cats) {
      if (!vars.get(name)!.parent) continue;
      const byParent = new Map<string, string[]>();
      for (const x of list) {
        // The same test as before ("starts with parent + '/'"), for every prefix ending at a '/'.
        for (let i = x.indexOf('/'); i >= 0; i = x.indexOf('/', i + 1)) {
          const p = x.slice(0, i);
          let l = byParent.get(p);
          if (!l) byParent.set(p, (l = []));
          l.push(x);
        }
      }
      perVar.set(name, byParent);
    }
    childrenOf.set(unit, perVar);
  }
  for (const cell of [...cells]) {
    const cats = categories.get(cell.unit)!;
    for (const [name, list] of cats) {
      if (name in cell.key) continue;
      const kids = lookupAll(cell.unit, cell.key, name, list);
      if (kids) addRel(cell.index, kids);
      const v = vars.get(name)!;
      if (v.parent && v.parent in cell.key) {
        const rest: Record<string, string> = { ...cell.key };
        const parentValue = rest[v.parent]!;
        delete rest[v.parent];
        const mine = childrenOf.get(cell.unit)!.get(name)!.get(parentValue) ?? [];
        const hk = lookupAll(cell.unit, rest, name, mine);
        if (hk) addRel(cell.index, hk);
      }
    }
  }
  const relationsOf: number[][] = cells.map(() => []);
  relations.forEach((r, i) => {
    relationsOf[r.parent]!.push(i);
    for (const c of r.children) relationsOf[c]!.push(i);
  });
  const gridsOf: CellModel['gridsOf'] = cells.map(() => []);
  grids.forEach((g, gi) => {
    g.cells.forEach((idx, pos) => gridsOf[idx]!.push({ grid: gi, r: Math.floor(pos / g.cols), c: pos % g.cols }));
  });
  return { cells, relations, relationsOf, grids, gridsOf, tablesOf, tableCells, categories };
}
