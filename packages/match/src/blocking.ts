/**
 * Blocking: which pairs are compared at all. A union of rules; a pair found
 * by several rules is compared once (at the first rule and key that find it,
 * as Splink does). Blocks larger than `maxBlockSize` are split by
 * further fields (birth year, sex, place) and, when still too large, skipped
 * and reported rather than allowed to explode into billions of pairs.
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
  /** Per rule, blocks larger than the guard that were split by the rule's refinement fields (at every step). */
  readonly refinedBlocks: number[];
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
  // Blocking keys per distinct value, computed once per column and use, and
  // interned to integers so that combining parts is arithmetic, not strings.
  // Kept with the column's value list, which a training subsample shares
  // with the whole table: training builds the blocking five more times, and
  // the names package's keys cost tens of microseconds per value.
  const valueKeys = (fi: number, use: 'keys' | 'exact'): (Int32Array | undefined)[] => {
    const col0 = table.columns[fi]!;
    let keyCache = blockKeyCache.get(col0.values);
    if (!keyCache) { keyCache = new Map(); blockKeyCache.set(col0.values, keyCache); }
    const ck = `${use}:${model.comparators[fi]!.type}`;
    let c = keyCache.get(ck);
    if (!c) {
      const col = table.columns[fi]!;
      const cmp = model.comparators[fi]!;
      const intern = new Map<string, number>();
      c = col.keys.map((k, v) => {
        const ks = use === 'exact' ? [k] : cmp.blockKeys(k, col.values[v]);
        if (ks.length === 0) return undefined;
        const ids = new Int32Array(ks.length);
        ks.forEach((x, q) => {
          let id = intern.get(x);
          if (id === undefined) { id = intern.size; intern.set(x, id); }
          ids[q] = id;
        });
        return ids;
      });
      keyCache.set(ck, c);
    }
    return c;
  };
  let upper = 0;
  let skippedBlocks: { rule: number; size: number }[] = [];
  let refined: number[] = [];
  const rulePairs: number[] = [];
  const build = (rule: BlockingRule, ri: number): RuleIndex => {
    const parts = rule.on.map((p) => {
      const fi = fieldIndex.get(p.field);
      if (fi === undefined) throw new Error(`blocking rule uses unknown field "${p.field}"`);
      return { ids: table.columns[fi]!.ids, keys: valueKeys(fi, p.use ?? 'keys') };
    });
    const P = parts.length;
    // Block of each combination of part keys, by a 64-bit hash of the key ids
    // in an open-addressing table (a JavaScript Map of doubles was the
    // bottleneck at a million records). A collision only merges two blocks:
    // more candidates, never fewer.
    // Key combinations of all records, counted first so that the arrays are
    // allocated once at their size: at a million records each regrowth of a
    // large typed array costs a full garbage collection of the records.
    let combos = 0;
    for (let r = 0; r < n; r++) {
      let c = 1;
      for (let pi = 0; pi < P && c > 0; pi++) {
        const id = parts[pi]!.ids[r]!;
        const ks = id < 0 ? undefined : parts[pi]!.keys[id];
        c = ks ? c * ks.length : 0;
      }
      combos += c;
    }
    const blockOf = new HashTable();
    let recOffsets: Int32Array = new Int32Array(n + 1);
    let recKeys: Int32Array = new Int32Array(Math.max(16, combos));
    let fill = 0;
    const lists: Int32Array[] = new Array<Int32Array>(P);
    const pos = new Int32Array(P);
    // A reused scratch buffer: an array emptied per record (length = 0)
    // gives its storage back and made a million records spend most of the
    // blocking in the garbage collector.
    const tmp = new Scratch();
    for (let r = 0; r < n; r++) {
      let ok = true;
      for (let pi = 0; pi < P; pi++) {
        const part = parts[pi]!;
        const id = part.ids[r]!;
        const ks = id < 0 ? undefined : part.keys[id];
        if (!ks) { ok = false; break; }
        lists[pi] = ks;
        pos[pi] = 0;
      }
      tmp.n = 0;
      if (ok) {
        // Odometer over the cartesian product of the parts' key lists.
        for (;;) {
          let h1 = 0x811c9dc5;
          let h2 = 0x01000193;
          for (let pi = 0; pi < P; pi++) {
            const k = lists[pi]![pos[pi]!]! + 1;
            h1 = Math.imul(h1 ^ k, 0x9e3779b1) ^ pi;
            h2 = Math.imul(h2 ^ (k + 0x632be5ab), 0x85ebca77);
            h2 ^= h2 >>> 15;
          }
          tmp.push(blockOf.idOf(h1 | 0, h2 | 0));
          let pi = P - 1;
          while (pi >= 0) {
            pos[pi]!++;
            if (pos[pi]! < lists[pi]!.length) break;
            pos[pi] = 0;
            pi--;
          }
          if (pi < 0) break;
        }
      }
      // Sorted, distinct block ids per record make the "found by an earlier key" test a merge.
      tmp.sort();
      if (fill + tmp.n > recKeys.length) {
        const grown = new Int32Array(Math.max(recKeys.length * 2, fill + tmp.n));
        grown.set(recKeys.subarray(0, fill));
        recKeys = grown;
      }
      let last = -1;
      const buf = tmp.buf;
      for (let q = 0; q < tmp.n; q++) {
        const k = buf[q]!;
        if (k !== last) { recKeys[fill++] = k; last = k; }
      }
      recOffsets[r + 1] = fill;
    }
    recKeys = recKeys.slice(0, fill);
    let nk = blockOf.size;
    // Split blocks that are too large by the refinement fields in turn
    // (Splink users do this by hand: "name and year" where "name" explodes).
    const used = new Set(rule.on.map((p) => p.field));
    const refineParts = (rule.refine ?? defaultRefine(model, used)).map((p) => {
      const fi = fieldIndex.get(p.field);
      if (fi === undefined) throw new Error(`blocking rule refines by unknown field "${p.field}"`);
      return { ids: table.columns[fi]!.ids, keys: valueKeys(fi, p.use ?? 'keys') };
    });
    for (const part of refineParts) {
      const sizes = new Int32Array(nk);
      for (let i = 0; i < recKeys.length; i++) sizes[recKeys[i]!]!++;
      let big = 0;
      for (let k = 0; k < nk; k++) if (sizes[k]! > maxBlock) big++;
      if (big === 0) break;
      refined[ri] = (refined[ri] ?? 0) + big;
      const res = refinePass(n, recOffsets, recKeys, sizes, maxBlock, part);
      recOffsets = res.recOffsets;
      recKeys = res.recKeys;
      nk = res.nk;
    }
    const keyOffsets = new Int32Array(nk + 1);
    for (let i = 0; i < recKeys.length; i++) keyOffsets[recKeys[i]! + 1]!++;
    for (let k = 0; k < nk; k++) keyOffsets[k + 1]! += keyOffsets[k]!;
    const cursor = keyOffsets.slice(0, nk);
    const keyRecords = new Int32Array(recKeys.length);
    for (let r = 0; r < n; r++) for (let p = recOffsets[r]!; p < recOffsets[r + 1]!; p++) keyRecords[cursor[recKeys[p]!]!++] = r;
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
      refined = [];
      rulePairs.length = 0;
      index = rules.map(build);
    }
  }
  for (const p of rulePairs) upper += p;
  return { rules, index, split, n, link, candidatePairsUpperBound: upper, skippedBlocks, refinedBlocks: rules.map((_, ri) => refined[ri] ?? 0), rulePairs, droppedRules };
}

const blockKeyCache = new WeakMap<unknown[], Map<string, (Int32Array | undefined)[]>>();

/** Default refinement of a rule's big blocks: dates (by year), sex, place, not already in the rule. */
function defaultRefine(model: Model, used: Set<string>): { field: string; use: 'keys' | 'exact' }[] {
  const out: { field: string; use: 'keys' | 'exact' }[] = [];
  for (const type of ['date', 'sex', 'place']) {
    for (const f of model.spec.fields) if (f.type === type && !used.has(f.name)) out.push({ field: f.name, use: 'keys' });
  }
  return out;
}

/**
 * One refinement step: every key of a block larger than `maxBlock` becomes
 * (key, refining key) for each refining key of the record, or (key, none)
 * when the record lacks the field; other keys keep their ids. Sub-blocks get
 * new ids after the old ones (the split blocks' old ids stay, empty), so a
 * record's kept keys stay sorted and its new keys sort after them; records
 * in no big block are copied as they are.
 */
function refinePass(
  n: number,
  recOffsets: Int32Array,
  recKeys: Int32Array,
  sizes: Int32Array,
  maxBlock: number,
  part: { ids: Int32Array; keys: (Int32Array | undefined)[] },
): { recOffsets: Int32Array; recKeys: Int32Array; nk: number } {
  const nk = sizes.length;
  const sub = new HashTable();
  const outOffsets = new Int32Array(n + 1);
  let out = new Int32Array(Math.max(16, recKeys.length + (recKeys.length >> 1)));
  let fill = 0;
  const fresh = new Scratch();
  for (let r = 0; r < n; r++) {
    const p0 = recOffsets[r]!;
    const p1 = recOffsets[r + 1]!;
    fresh.n = 0;
    const id = part.ids[r]!;
    const ks = id < 0 ? undefined : part.keys[id];
    if (fill + (p1 - p0) * (ks ? ks.length : 1) > out.length) {
      const grown = new Int32Array(Math.max(out.length * 2, fill + (p1 - p0) * (ks ? ks.length : 1)));
      grown.set(out.subarray(0, fill));
      out = grown;
    }
    for (let p = p0; p < p1; p++) {
      const k = recKeys[p]!;
      if (sizes[k]! <= maxBlock) out[fill++] = k;
      else if (!ks) fresh.push(nk + sub.idOf(k, -2));
      else for (let q = 0; q < ks.length; q++) fresh.push(nk + sub.idOf(k, ks[q]!));
    }
    fresh.sort();
    let last = -1;
    const buf = fresh.buf;
    for (let q = 0; q < fresh.n; q++) {
      const k = buf[q]!;
      if (k !== last) { out[fill++] = k; last = k; }
    }
    outOffsets[r + 1] = fill;
  }
  return { recOffsets: outOffsets, recKeys: out.slice(0, fill), nk: nk + sub.size };
}

/** A growable list of ints reused across records (nothing allocated per record). */
class Scratch {
  buf = new Int32Array(64);
  n = 0;
  push(x: number): void {
    if (this.n === this.buf.length) {
      const grown = new Int32Array(this.buf.length * 2);
      grown.set(this.buf);
      this.buf = grown;
    }
    this.buf[this.n++] = x;
  }
  /** Ascending; insertion sort for the usual handful, the typed-array sort beyond. */
  sort(): void {
    const a = this.buf;
    const n = this.n;
    if (n > 32) {
      a.subarray(0, n).sort();
      return;
    }
    for (let i = 1; i < n; i++) {
      const v = a[i]!;
      let j = i - 1;
      while (j >= 0 && a[j]! > v) { a[j + 1] = a[j]!; j--; }
      a[j + 1] = v;
    }
  }
}

/** Maps 64-bit keys (two int32 halves) to dense ids 0, 1, 2, ... */
class HashTable {
  private a: Int32Array;
  private b: Int32Array;
  private v: Int32Array;
  private mask: number;
  size = 0;
  /** `expected`: about how many keys will be added (sizes the table once). */
  constructor(expected = 0) {
    let cap = 1 << 16;
    while (cap < expected * 2 && cap < 1 << 30) cap *= 2;
    this.a = new Int32Array(cap);
    this.b = new Int32Array(cap);
    this.v = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
  }
  idOf(ka: number, kb: number): number {
    let i = (Math.imul(ka ^ (kb >>> 7), 0x27d4eb2d) ^ kb) & this.mask;
    for (;;) {
      const v = this.v[i]!;
      if (v < 0) break;
      if (this.a[i] === ka && this.b[i] === kb) return v;
      i = (i + 1) & this.mask;
    }
    this.a[i] = ka;
    this.b[i] = kb;
    this.v[i] = this.size;
    const id = this.size++;
    if (this.size * 2 > this.mask) this.grow();
    return id;
  }
  private grow(): void {
    const { a, b, v } = this;
    const cap = (this.mask + 1) * 2;
    this.a = new Int32Array(cap);
    this.b = new Int32Array(cap);
    this.v = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
    for (let j = 0; j < v.length; j++) {
      if (v[j]! < 0) continue;
      let i = (Math.imul(a[j]! ^ (b[j]! >>> 7), 0x27d4eb2d) ^ b[j]!) & this.mask;
      while (this.v[i]! >= 0) i = (i + 1) & this.mask;
      this.a[i] = a[j]!;
      this.b[i] = b[j]!;
      this.v[i] = v[j]!;
    }
  }
}

/**
 * Calls `emit(i, j)` once for each candidate pair (i < j; in linkage i is
 * left, j right). Record-centred: for each record, the later members of all
 * its kept blocks, de-duplicated with a stamp per record, so a pair found by
 * several rules or keys costs one array check, not a merge of key lists.
 * `shard` splits the records between workers.
 */
export function forEachCandidate(
  blocking: Blocking,
  emit: (i: number, j: number) => void,
  shard: { index: number; count: number } = { index: 0, count: 1 },
): void {
  const { index, split, link, n } = blocking;
  const mark = new Int32Array(n).fill(-1);
  const end = link ? split : n;
  for (let a = shard.index; a < end; a += shard.count) {
    const from = link ? split : a + 1;
    for (let r = 0; r < index.length; r++) {
      const ix = index[r]!;
      const recKeys = ix.recKeys;
      const keyOffsets = ix.keyOffsets;
      const keyRecords = ix.keyRecords;
      const skipped = ix.skipped;
      for (let p = ix.recOffsets[a]!, pe = ix.recOffsets[a + 1]!; p < pe; p++) {
        const k = recKeys[p]!;
        if (skipped[k] === 1) continue;
        let lo = keyOffsets[k]!;
        let hi = keyOffsets[k + 1]!;
        // First member at or after `from` (members are ascending).
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (keyRecords[mid]! < from) lo = mid + 1; else hi = mid;
        }
        for (let q = lo, qe = keyOffsets[k + 1]!; q < qe; q++) {
          const b = keyRecords[q]!;
          if (mark[b] !== a) {
            mark[b] = a;
            emit(a, b);
          }
        }
      }
    }
  }
}

/** Number of pairs the blocking makes possible without blocking (all pairs). */
export function totalPairs(blocking: Pick<Blocking, 'n' | 'split' | 'link'>): number {
  return blocking.link ? blocking.split * (blocking.n - blocking.split) : (blocking.n * (blocking.n - 1)) / 2;
}
