// Bounded memo tables for the readings of tokens, syllables and words.
//
// Why two generations: names are mostly new (a given name is seen once), their parts are not
// (surnames, syllables, common words). A table that keeps everything until it is full and then
// clears holds tens of thousands of one-off entries; each of them survives the young-generation
// garbage collector, gets copied into the old generation and must be marked there, which cost more
// than recomputing them (measured: most of the time of variants() went to the collector). Here an
// entry lives while it is used: `cur` takes new entries; when it is full it becomes `old`, and an
// entry read from `old` moves back into `cur`. One-off entries die young; recurring ones stay.
// (The same idea as a two-generation or "segmented" LRU approximation, cf. the 2Q policy:
// T. Johnson and D. Shasha, "2Q: A Low Overhead High Performance Buffer Management Replacement
// Algorithm", VLDB 1994.)

let enabled = true;
const all: Memo<unknown>[] = [];

export class Memo<V> {
  private cur = new Map<string, V>();
  private old = new Map<string, V>();
  private readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
    all.push(this as Memo<unknown>);
  }

  /** The stored value, or undefined (store null, not undefined, for "no result"). */
  get(key: string): V | undefined {
    const v = this.cur.get(key);
    if (v !== undefined) return v;
    const o = this.old.get(key);
    if (o !== undefined) this.set(key, o);
    return o;
  }

  set(key: string, value: V): void {
    if (!enabled) return;
    this.cur.set(key, value);
    if (this.cur.size >= this.limit) {
      this.old = this.cur;
      this.cur = new Map();
    }
  }

  clear(): void {
    this.cur.clear();
    this.old.clear();
  }
}

/**
 * Turns every memo table on or off (off also empties them). For tests, which check that results
 * are the same with and without the tables. Not part of the public API.
 */
export function setMemoEnabled(on: boolean): void {
  enabled = on;
  for (const m of all) m.clear();
  for (const f of resetHooks) f();
}

const resetHooks: (() => void)[] = [];
/** Registers a function that empties a cache that is not a Memo (a per-syllable array, the last analysis). */
export function onMemoReset(f: () => void): void {
  resetHooks.push(f);
}

/** True while memo tables are on; caches that are not Memo objects consult it. */
export function memoEnabled(): boolean {
  return enabled;
}
