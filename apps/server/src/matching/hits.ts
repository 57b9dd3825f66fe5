// Which owners of the matching index to decrypt for a record: ranking the
// index's postings, with no database (engine.ts and full-match-core.ts feed
// it from SQL and from memory alike, so per-write and full runs agree).
//
// Each query value belongs to one name key's group (keys.ts). An owner
// earns, per group, the weight of the rarest value of that group it shares,
// where a value shared by n owners weighs log2(1 + COMMON_POSTINGS / n): an
// inverse-document-frequency weight in the manner of Splink's term-frequency
// adjustment (moj-analytical-services.github.io/splink, "term frequency
// adjustments"), so a rare given name outranks a common surname, and a key
// counts once however many of its birth years agree.
//
// Values stored for more than COMMON_POSTINGS owners are left out when the
// record has rarer ones. At 200,000 cases a bare surname key is shared by
// tens of thousands of sought persons: counting them cost most of a lead's
// time and, through ties, pushed the true child out of the top MAX_HITS.

/** Postings longer than this make a value too common to rank by (when the record has rarer ones). */
export const COMMON_POSTINGS = 1000;

/** Most owners ranked from one value when every value of the record is common. */
export const COMMON_SAMPLE = COMMON_POSTINGS;

export const weightOf = (postings: number): number => Math.log2(1 + COMMON_POSTINGS / Math.max(1, postings));

/**
 * Most postings a record's lookup reads (rarest values first). A lead with
 * a common name and a remembered age (a span of birth years) has a hundred
 * or more values of up to COMMON_POSTINGS owners each: 33,000 postings at
 * the 95th percentile at 200,000 cases, read, counted and ranked only to
 * pick MAX_HITS owners. The commonest of them weigh least (weightOf), so an
 * owner found through them alone would rank last anyway.
 */
export const FETCH_BUDGET = 8000;

/**
 * The values worth fetching, given each value's posting count (counted up to
 * COMMON_POSTINGS + 1): the rare ones, rarest first (ties by value), until
 * `budget` postings are taken (at least one value), or, when there are no
 * rare ones, every value that has postings, flagged `common` so the caller
 * fetches at most COMMON_SAMPLE owners of each.
 */
export function valuesToFetch(counts: ReadonlyMap<number, number>, budget = Number.POSITIVE_INFINITY): { values: number[]; common: boolean } {
  const present = [...counts].filter(([, n]) => n > 0);
  const rare = present.filter(([, n]) => n <= COMMON_POSTINGS).sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  if (rare.length === 0) return { values: present.map(([v]) => v), common: true };
  const values: number[] = [];
  let taken = 0;
  for (const [v, n] of rare) {
    if (values.length > 0 && taken + n > budget) break;
    values.push(v);
    taken += n;
  }
  return { values, common: false };
}

/**
 * Owners, as positions 0..owners-1 (in the order ties are broken by), ranked
 * by the summed weight of the name keys they share, best first, at most
 * `limit`. `postings(value)` lists the owners stored under a value.
 * Linear in the postings read: each group's values are taken rarest first,
 * so an owner's first value in a group is its best one there.
 */
export function rankPostings(
  groups: readonly (readonly number[])[],
  counts: ReadonlyMap<number, number>,
  postings: (value: number) => ArrayLike<number> | undefined,
  owners: number,
  limit: number,
): number[] {
  const score = new Float64Array(owners);
  const seenIn = new Int32Array(owners).fill(-1);
  const touched: number[] = [];
  const taken = new Set<number>();
  groups.forEach((group, g) => {
    const values = group.filter((v) => !taken.has(v) && postings(v) !== undefined);
    for (const v of values) taken.add(v);
    values.sort((a, b) => (counts.get(a) ?? 0) - (counts.get(b) ?? 0));
    for (const v of values) {
      const w = weightOf(counts.get(v) ?? 1);
      const list = postings(v)!;
      for (let k = 0; k < list.length; k++) {
        const o = list[k]!;
        if (seenIn[o] === g) continue;
        if (score[o] === 0) touched.push(o);
        seenIn[o] = g;
        score[o] = score[o]! + w;
      }
    }
  });
  touched.sort((a, b) => score[b]! - score[a]! || a - b);
  return touched.slice(0, limit);
}

/** rankPostings for (value, owner id) rows from the database: ties by owner id. */
export function rankOwners(
  groups: readonly (readonly number[])[],
  counts: ReadonlyMap<number, number>,
  rows: readonly (readonly [value: number, owner: string])[],
  limit: number,
): string[] {
  const ids = [...new Set(rows.map((r) => r[1]))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const at = new Map(ids.map((id, i) => [id, i]));
  const byValue = new Map<number, number[]>();
  for (const [v, o] of rows) {
    const list = byValue.get(v);
    if (list) list.push(at.get(o)!);
    else byValue.set(v, [at.get(o)!]);
  }
  return rankPostings(groups, counts, (v) => byValue.get(v), ids.length, limit).map((i) => ids[i]!);
}
