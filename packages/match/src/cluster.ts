/**
 * Clustering for deduplication: connected components of pairs at or above
 * a threshold. Transitive chains can glue different people together, so
 * implausibly large clusters are reported for review.
 */

export interface Clusters {
  /** Cluster id per record (the smallest record index in the cluster). */
  readonly of: Int32Array;
  readonly count: number;
  /** Clusters larger than the plausible size, largest first. */
  readonly warnings: { cluster: number; size: number }[];
}

/**
 * Connected components (union-find with path halving).
 * @example clusterPairs(3, [0], [1]).of // Int32Array [0, 0, 2]
 */
export function clusterPairs(n: number, left: ArrayLike<number>, right: ArrayLike<number>, opts: { maxPlausibleSize?: number } = {}): Clusters {
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  for (let k = 0; k < left.length; k++) {
    const a = find(left[k]!);
    const b = find(right[k]!);
    if (a !== b) {
      if (a < b) parent[b] = a;
      else parent[a] = b;
    }
  }
  const of = new Int32Array(n);
  const size = new Int32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const r = find(i);
    of[i] = r;
    if (size[r] === 0) count++;
    size[r]!++;
  }
  // A family-tracing record rarely has more than a handful of duplicates.
  const max = opts.maxPlausibleSize ?? 20;
  const warnings: { cluster: number; size: number }[] = [];
  for (let i = 0; i < n; i++) if (size[i]! > max) warnings.push({ cluster: i, size: size[i]! });
  warnings.sort((a, b) => b.size - a.size);
  return { of, count, warnings };
}
