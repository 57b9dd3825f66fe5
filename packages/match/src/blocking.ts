/**
 * Blocking: which pairs are compared at all. A union of rules; a pair found
 * by several rules is compared once (at the first rule and key that find it,
 * as Splink does). Blocks larger than `maxBlockSize` are skipped and
 * reported rather than allowed to explode into billions of pairs.
 */
import type { BlockingRule, Model, PreparedTable } from './model.ts';

export const DEFAULT_MAX_BLOCK_SIZE = 3000;

interface RuleIndex {
  /** CSR: record -> sorted distinct key ids. */
  recOffsets: Int32Array;
  recKeys: Int32Array;
  /** CSR: key id -> ascending record ids. */
  keyOffsets: Int32Array;
  keyRecords: Int32Array;
  /** 1 when the block is too large and was skipped. */
  skipped: Uint8Array;
}

export interface Blocking {
  readonly rules: readonly BlockingRule[];
  readonly index: readonly RuleIndex[];
  /** Records [0, split) are "left", [split, n) "right"; split = n for deduplication. */
  readonly split: number;
  readonly n: number;
  readonly link: boolean;
  /** Upper bound on candidate pairs: sum over kept blocks, before removing pairs found by several rules. */
  readonly candidatePairsUpperBound: number;
  readonly skippedBlocks: { rule: number; size: number }[];
  /** Upper bound of pairs per rule (before removing duplicates across rules). */
  readonly rulePairs: number[];
  /** Default rules left out because they were not selective (e.g. blocking on a state code). */
  readonly droppedRules: BlockingRule[];
}

/**
 * Default rules derived from the fields: each name-like field's blocking
 * keys, exact date, exact code.
 * @example defaultBlocking({ fields: [{ name: 'n', type: 'name' }] }) // [{ on: [{ field: 'n', use: 'keys' }] }]
 */
export function defaultBlocking(spec: { fields: { name: string; type: string }[] }): BlockingRule[] {
  const rules: BlockingRule[] = [];
  for (const f of spec.fields) {
    if (f.type === 'name' || f.type === 'surname' || f.type === 'given') rules.push({ on: [{ field: f.name, use: 'keys' }] });
  }
  for (const f of spec.fields) {
    if (f.type === 'date' || f.type === 'code') rules.push({ on: [{ field: f.name, use: 'exact' }] });
  }
  if (rules.length === 0) rules.push({ on: [{ field: spec.fields[0]!.name, use: 'exact' }] });
  return rules;
}

/**
 * Indexes a prepared table by the model's blocking rules.
 * @example const b = buildBlocking(model, table); b.candidatePairsUpperBound
 */
export function buildBlocking(model: Model, table: PreparedTable, opts: { split?: number; maxBlockSize?: number } = {}): Blocking {
  const explicit = model.spec.blocking !== undefined;
  let rules = model.spec.blocking ?? defaultBlocking(model.spec);
  const n = table.n;
  const split = opts.split ?? n;
  const link = split < n;
  const maxBlock = opts.maxBlockSize ?? model.spec.maxBlockSize ?? DEFAULT_MAX_BLOCK_SIZE;
  const fieldIndex = new Map(model.spec.fields.map((f, i) => [f.name, i]));
  // Blocking keys per distinct value, computed once per column and use.
  const keyCache = new Map<string, (string[] | undefined)[]>();
  const valueKeys = (fi: number, use: 'keys' | 'exact'): (string[] | undefined)[] => {
    const ck = `${fi}:${use}`;
    let c = keyCache.get(ck);
    if (!c) {
      const col = table.columns[fi]!;
      const cmp = model.comparators[fi]!;
      c = col.keys.map((k, v) => (use === 'exact' ? [k] : cmp.blockKeys(k, col.values[v])));
      keyCache.set(ck, c);
    }
    return c;
  };
  let upper = 0;
  let skippedBlocks: { rule: number; size: number }[] = [];
  const rulePairs: number[] = [];
  const build = (rule: BlockingRule, ri: number): RuleIndex => {
    const parts = rule.on.map((p) => {
      const fi = fieldIndex.get(p.field);
      if (fi === undefined) throw new Error(`blocking rule uses unknown field "${p.field}"`);
      return { ids: table.columns[fi]!.ids, keys: valueKeys(fi, p.use ?? 'keys') };
    });
    const intern = new Map<string, number>();
    const recOffsets = new Int32Array(n + 1);
    const recKeysList: number[] = [];
    let combos: string[] = [];
    for (let r = 0; r < n; r++) {
      combos = [''];
      for (let pi = 0; pi < parts.length && combos.length > 0; pi++) {
        const part = parts[pi]!;
        const id = part.ids[r]!;
        const ks = id < 0 ? undefined : part.keys[id];
        if (!ks || ks.length === 0) { combos = []; break; }
        const next: string[] = [];
        for (const c of combos) for (const k of ks) next.push(pi === 0 ? k : c + '\u0001' + k);
        combos = next;
      }
      const start = recKeysList.length;
      for (const c of combos) {
        let id = intern.get(c);
        if (id === undefined) { id = intern.size; intern.set(c, id); }
        recKeysList.push(id);
      }
      // Sorted, distinct key ids per record make the "found by an earlier key" test a merge.
      const slice = recKeysList.splice(start).sort((a, b) => a - b);
      let last = -1;
      for (const k of slice) if (k !== last) { recKeysList.push(k); last = k; }
      recOffsets[r + 1] = recKeysList.length;
    }
    const recKeys = Int32Array.from(recKeysList);
    const nk = intern.size;
    const keyOffsets = new Int32Array(nk + 1);
    for (let i = 0; i < recKeys.length; i++) keyOffsets[recKeys[i]! + 1]!++;
    for (let k = 0; k < nk; k++) keyOffsets[k + 1]! += keyOffsets[k]!;
    const fill = keyOffsets.slice(0, nk);
    const keyRecords = new Int32Array(recKeys.length);
    for (let r = 0; r < n; r++) for (let p = recOffsets[r]!; p < recOffsets[r + 1]!; p++) keyRecords[fill[recKeys[p]!]!++] = r;
    const skipped = new Uint8Array(nk);
    for (let k = 0; k < nk; k++) {
      const size = keyOffsets[k + 1]! - keyOffsets[k]!;
      let pairs: number;
      if (link) {
        let left = 0;
        for (let p = keyOffsets[k]!; p < keyOffsets[k + 1]!; p++) if (keyRecords[p]! < split) left++;
        pairs = left * (size - left);
      } else pairs = (size * (size - 1)) / 2;
      if (size > maxBlock) { skipped[k] = 1; skippedBlocks.push({ rule: ri, size }); } else rulePairs[ri] = (rulePairs[ri] ?? 0) + pairs;
    }
    rulePairs[ri] ??= 0;
    return { recOffsets, recKeys, keyOffsets, keyRecords, skipped };
  };
  let index = rules.map(build);
  const droppedRules: BlockingRule[] = [];
  if (!explicit && rules.length > 1) {
    // A derived rule that pairs each record with hundreds of others (a state,
    // a sex, a common year) is not blocking; the other rules cover its matches.
    const limit = Math.max(1_000_000, 200 * n);
    const keep = rules.map((_, ri) => rulePairs[ri]! <= limit);
    if (keep.some((k) => k) && keep.some((k) => !k)) {
      rules.forEach((r, ri) => { if (!keep[ri]) droppedRules.push(r); });
      rules = rules.filter((_, ri) => keep[ri]);
      skippedBlocks = [];
      rulePairs.length = 0;
      index = rules.map(build);
    }
  }
  for (const p of rulePairs) upper += p;
  return { rules, index, split, n, link, candidatePairsUpperBound: upper, skippedBlocks, rulePairs, droppedRules };
}

/** True when records a and b share a kept key of rule r with id below `below`. */
function sharesKey(ix: RuleIndex, a: number, b: number, below: number): boolean {
  let p = ix.recOffsets[a]!;
  const pe = ix.recOffsets[a + 1]!;
  let q = ix.recOffsets[b]!;
  const qe = ix.recOffsets[b + 1]!;
  while (p < pe && q < qe) {
    const ka = ix.recKeys[p]!;
    const kb = ix.recKeys[q]!;
    if (ka >= below || kb >= below) return false;
    if (ka === kb) {
      if (ix.skipped[ka] === 0) return true;
      p++; q++;
    } else if (ka < kb) p++;
    else q++;
  }
  return false;
}

/**
 * Calls `emit(i, j)` once for each candidate pair (i < j; in linkage i is
 * left, j right). `shard` splits the blocks between workers.
 */
export function forEachCandidate(
  blocking: Blocking,
  emit: (i: number, j: number) => void,
  shard: { index: number; count: number } = { index: 0, count: 1 },
): void {
  const { index, split, link } = blocking;
  let blockNo = 0;
  for (let r = 0; r < index.length; r++) {
    const ix = index[r]!;
    const nk = ix.keyOffsets.length - 1;
    for (let k = 0; k < nk; k++, blockNo++) {
      if (ix.skipped[k] === 1 || blockNo % shard.count !== shard.index) continue;
      const s = ix.keyOffsets[k]!;
      const e = ix.keyOffsets[k + 1]!;
      if (e - s < 2) continue;
      for (let p = s; p < e; p++) {
        const a = ix.keyRecords[p]!;
        if (link && a >= split) break;
        for (let q = p + 1; q < e; q++) {
          const b = ix.keyRecords[q]!;
          if (link && b < split) continue;
          let dup = sharesKey(ix, a, b, k);
          for (let r2 = 0; r2 < r && !dup; r2++) dup = sharesKey(index[r2]!, a, b, Infinity);
          if (!dup) emit(a, b);
        }
      }
    }
  }
}

/** Number of pairs the blocking makes possible without blocking (all pairs). */
export function totalPairs(blocking: Pick<Blocking, 'n' | 'split' | 'link'>): number {
  return blocking.link ? blocking.split * (blocking.n - blocking.split) : (blocking.n * (blocking.n - 1)) / 2;
}
