// The model and blocking of the scale benchmark, shared with diagnose.ts.
import type { ModelSpec } from '@homeward/match';

/** Fields and blocking rules for the generated records; `maxBlockSize` is the block guard. */
export function scaleSpec(maxBlockSize = 100): ModelSpec {
  return {
    fields: [
      { name: 'surname', type: 'surname' },
      { name: 'given', type: 'given' },
      { name: 'birth', type: 'date' },
      { name: 'place', type: 'place' },
      { name: 'sex', type: 'sex' },
    ],
    // Names' cross-script keys of surname and given name with every birth
    // year the date allows (a year, or the span an approximate age leaves
    // open); then surname and given name alone, for records without a birth
    // date or with a wrong year (a common name's block is split by birth year,
    // sex and province rather than dropped); then surname and the exact birth
    // date, for a given name the names package cannot read across scripts.
    blocking: [
      { on: [{ field: 'surname' }, { field: 'given' }, { field: 'birth' }] },
      { on: [{ field: 'surname' }, { field: 'given' }] },
      { on: [{ field: 'surname' }, { field: 'birth', use: 'exact' }] },
    ],
    maxBlockSize,
  };
}
