import { describe, expect, it } from 'vitest';
import { em, rng, type PatternCounts } from '../src/train.ts';

// Simulates comparison vectors from known m, u and lambda (conditional
// independence), then checks that EM finds them again.
function simulate(m: number[][], u: number[][], lambda: number, pairs: number, seed: number): PatternCounts {
  const r = rng(seed);
  const radix = m.map((l) => l.length + 1);
  const counts = new Map<number, number>();
  const draw = (p: number[]) => {
    let x = r();
    for (let l = 0; l < p.length; l++) { x -= p[l]!; if (x < 0) return l; }
    return p.length - 1;
  };
  for (let k = 0; k < pairs; k++) {
    const isMatch = r() < lambda;
    let code = 0;
    for (let f = m.length - 1; f >= 0; f--) code = code * radix[f]! + draw(isMatch ? m[f]! : u[f]!);
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  return { radix, codes: [...counts.keys()], counts: [...counts.values()], pairs };
}

describe('em', () => {
  const m = [[0.85, 0.1, 0.05], [0.9, 0.07, 0.03], [0.7, 0.2, 0.1], [0.8, 0.15, 0.05], [0.95, 0.05]];
  const u = [[0.05, 0.1, 0.85], [0.02, 0.08, 0.9], [0.1, 0.2, 0.7], [0.03, 0.07, 0.9], [0.5, 0.5]];
  it('recovers known m, u and lambda within tolerance', () => {
    const patterns = simulate(m, u, 0.1, 200_000, 3);
    const r = em(patterns, m.map((l) => l.length), { lambda: 0.3 });
    expect(r.converged).toBe(true);
    expect(r.lambda).toBeCloseTo(0.1, 2);
    for (let f = 0; f < m.length; f++) {
      for (let l = 0; l < m[f]!.length; l++) {
        expect(Math.abs(r.m[f]![l]! - m[f]![l]!)).toBeLessThan(0.02);
        expect(Math.abs(r.uBlocked[f]![l]! - u[f]![l]!)).toBeLessThan(0.02);
      }
    }
  });
  it('keeps fixed fields fixed', () => {
    const patterns = simulate(m, u, 0.1, 20_000, 4);
    const start = m.map((l) => l.map(() => 1 / l.length));
    const r = em(patterns, m.map((l) => l.length), { lambda: 0.2, m: start, fixed: [true, false, false, false, false] });
    expect(r.m[0]).toEqual(start[0]);
  });
});
