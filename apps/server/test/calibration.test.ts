import { describe, expect, it } from 'vitest';
import { calibrate, CALIBRATION_KNOTS, fitFromDecisions, fitIsotonic, knotsOf, MIN_CALIBRATION_DECISIONS, type CalibratedParams } from '../src/matching/calibration.ts';
import { explainPair } from '../src/matching/engine.ts';
import { DEFAULT_PARAMS, type MatchRecord } from '../src/matching/model.ts';

// The displayed probabilities (matching/calibration.ts): the shipped map, and an organisation's own
// map fitted on its caseworkers' decisions when it retrains.

/** n decisions at raw probability p, of which `yes` confirmed. */
const at = (p: number, n: number, yes: number) => Array.from({ length: n }, (_, i) => ({ p, y: i < yes ? 1 : 0 }));

describe('calibration', () => {
  it('maps raw probabilities through the knots, monotone and within 0..1', () => {
    let last = -1;
    for (let i = 0; i <= 100; i++) {
      const c = calibrate(i / 100);
      expect(c).toBeGreaterThanOrEqual(last);
      expect(c).toBeGreaterThanOrEqual(0);
      expect(c).toBeLessThanOrEqual(1);
      last = c;
    }
    expect(calibrate(0.5, [[0, 0], [1, 1]])).toBeCloseTo(0.5, 12);
    expect(calibrate(Number.NaN)).toBe(0);
  });

  it('fits the observed rate per block of raw probabilities (pool-adjacent-violators)', () => {
    const knots = fitIsotonic([...at(0.2, 10, 1), ...at(0.6, 10, 5), ...at(0.9, 10, 9)]);
    expect(calibrate(0.2, knots)).toBeCloseTo(0.1, 12);
    expect(calibrate(0.6, knots)).toBeCloseTo(0.5, 12);
    expect(calibrate(0.9, knots)).toBeCloseTo(0.9, 12);
    // A violation (a likelier block observed less often) is pooled into one rate.
    const pooled = fitIsotonic([...at(0.3, 10, 6), ...at(0.7, 10, 4)]);
    expect(calibrate(0.3, pooled)).toBeCloseTo(0.5, 12);
    expect(calibrate(0.7, pooled)).toBeCloseTo(0.5, 12);
  });

  it("fits an organisation's map only once it has enough decisions of each kind", () => {
    const n = MIN_CALIBRATION_DECISIONS;
    expect(fitFromDecisions([...at(0.9, n, n), ...at(0.95, n - 1, 0)])).toBeUndefined();
    expect(fitFromDecisions([...at(0.9, n - 1, n - 1), ...at(0.95, n, 0)])).toBeUndefined();
    // An over-confident model: raw 0.9 was right a quarter of the time, raw 0.99 nine times in ten.
    const knots = fitFromDecisions([...at(0.9, 4 * n, n), ...at(0.99, 2 * n, (2 * n * 9) / 10)])!;
    expect(knots).toBeDefined();
    expect(calibrate(0.9, knots)).toBeCloseTo(0.25, 4);
    expect(calibrate(0.99, knots)).toBeCloseTo(0.9, 4);
    // Below the least likely decided pair the map falls to 0 rather than staying at 25%.
    expect(calibrate(0, knots)).toBe(0);
    expect(calibrate(0.45, knots)).toBeLessThan(0.25);
  });

  it("shows a pair's probability through the organisation's own map when it has one", () => {
    expect(knotsOf(DEFAULT_PARAMS)).toBe(CALIBRATION_KNOTS);
    const own: CalibratedParams = { ...DEFAULT_PARAMS, calibration: [[0, 0.3], [1, 0.3]] };
    expect(knotsOf(own)).toBe(own.calibration);
    const person: MatchRecord = { names: ['李美玲', '리미령'], birth: { year: 2010 }, sex: 'female' };
    const lead: MatchRecord = { names: ['리미령'], birth: { year: 2010 }, sex: 'female' };
    const shipped = explainPair(DEFAULT_PARAMS, person, lead);
    const mine = explainPair(own, person, lead);
    expect(mine.raw).toBe(shipped.raw);
    expect(mine.probability).toBeCloseTo(0.3, 12);
    expect(shipped.probability).toBeCloseTo(calibrate(shipped.raw), 12);
  });
});
