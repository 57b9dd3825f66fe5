import { AdvocacyError } from '../errors.ts';
import { DEFAULT_AGE_BANDS, DEFAULT_YEARS_SINCE_BANDS, UNKNOWN } from '../age.ts';
import { buildCells, cellId, type MicroRow, type TableSpec, type VariableSpec } from './cells.ts';
import { protect } from './suppress.ts';

/** Below this no threshold is accepted: a cell of 1 to 4 people can single someone out. */
export const MIN_THRESHOLD = 5;
export const DEFAULT_THRESHOLD = 10;
export const DEFAULT_MIN_INTERVAL_WIDTH = 2;

/** The dimensions named in issue 8; values are coarsened by the server (bands, years, place names). */
export const DEFAULT_VARIABLES: readonly VariableSpec[] = [
  { name: 'separationYear' },
  { name: 'province' },
  { name: 'prefecture', parent: 'province' },
  { name: 'ageBand', domain: [...DEFAULT_AGE_BANDS.map((b) => b.label), UNKNOWN] },
  { name: 'yearsSinceSeparation', domain: [...DEFAULT_YEARS_SINCE_BANDS.map((b) => b.label), UNKNOWN] },
  { name: 'status' },
  { name: 'outcome' },
];

export interface ReleaseSpec {
  /** Date the data were extracted (ISO 8601), printed in the methodology note. */
  dataDate: string;
  /** Cells with 1..threshold-1 units are suppressed. Default 10, never below 5. */
  threshold?: number;
  /** Minimum width of the attacker's interval for each suppressed small cell. Default 2, at least 1. */
  minIntervalWidth?: number;
  variables?: readonly VariableSpec[];
  /** Rows per unit, e.g. { cases: [...], children: [...] }: one row per case or per sought child. */
  populations: Readonly<Record<string, readonly MicroRow[]>>;
  tables: readonly TableSpec[];
}

export interface ReleaseCell {
  /** Variables of the table that this cell fixes; an absent variable means its total. */
  key: Readonly<Record<string, string>>;
  /** null when suppressed. Published counts are exact (no rounding). */
  value: number | null;
}

export interface ReleaseTable {
  id: string;
  unit: string;
  variables: readonly string[];
  categories: Readonly<Record<string, readonly string[]>>;
  /**
   * True when the table could not be protected cell by cell and is hidden
   * whole, zeros included (only the grand total may show).
   */
  withheld: boolean;
  cells: ReleaseCell[];
}

export interface Release {
  dataDate: string;
  threshold: number;
  minIntervalWidth: number;
  rounding: 'none';
  tables: ReleaseTable[];
  /** Distinct suppressed cells (a margin shared by several tables counts once). */
  suppressedCells: number;
}

/** Internal view for tests and audit: never export it with the release. */
export interface ReleaseDiagnostics {
  primary: number;
  secondary: number;
  rounds: number;
  /** Attacker's interval for each primary-suppressed cell, by "unit|var=value|..." id. */
  intervals: Map<string, { min: number; max: number; value: number }>;
}

/**
 * Validate a suppression threshold.
 *
 * @example
 * checkThreshold(4) // throws AdvocacyError ADVOCACY_THRESHOLD_TOO_LOW
 */
export function checkThreshold(threshold: number): number {
  if (!Number.isInteger(threshold)) {
    throw new AdvocacyError('ADVOCACY_BAD_SPEC', `threshold must be a whole number, got ${threshold}`);
  }
  if (threshold < MIN_THRESHOLD) {
    throw new AdvocacyError(
      'ADVOCACY_THRESHOLD_TOO_LOW',
      `threshold ${threshold} is below the minimum of ${MIN_THRESHOLD}: cells that small can single out a mother or child. Use ${MIN_THRESHOLD} or more (default ${DEFAULT_THRESHOLD}).`,
    );
  }
  return threshold;
}

/**
 * Count, suppress and lay out every table of one statistical release.
 * Suppression is decided once for the whole release, so a margin shared by
 * several tables (or a one-way table equal to a margin) is suppressed
 * everywhere or nowhere.
 *
 * @example
 * const release = buildRelease({
 *   dataDate: '2026-11-29',
 *   populations: { children: rows },
 *   tables: [
 *     { id: 'by-province', unit: 'children', variables: ['province'] },
 *     { id: 'year-by-province', unit: 'children', variables: ['separationYear', 'province'] },
 *   ],
 * });
 * release.tables[0].cells // [{ key: { province: 'Jilin' }, value: 812 }, { key: { province: 'Liaoning' }, value: null }, ...]
 */
export function buildRelease(spec: ReleaseSpec): Release {
  return buildReleaseWithDiagnostics(spec).release;
}

/**
 * The same as buildRelease, plus what the server may keep in its audit
 * trail but must never publish (which cells are primary, attacker bounds).
 *
 * @example
 * const { release, diagnostics } = buildReleaseWithDiagnostics(spec);
 */
export function buildReleaseWithDiagnostics(spec: ReleaseSpec): { release: Release; diagnostics: ReleaseDiagnostics } {
  const threshold = checkThreshold(spec.threshold ?? DEFAULT_THRESHOLD);
  const minIntervalWidth = spec.minIntervalWidth ?? DEFAULT_MIN_INTERVAL_WIDTH;
  if (!(minIntervalWidth >= 1)) {
    throw new AdvocacyError('ADVOCACY_BAD_SPEC', `minIntervalWidth must be at least 1, got ${minIntervalWidth}`);
  }
  const variables = spec.variables ?? DEFAULT_VARIABLES;
  const model = buildCells(new Map(Object.entries(spec.populations)), variables, spec.tables);
  const result = protect(model, { threshold, minIntervalWidth });
  const tables: ReleaseTable[] = [];
  const cellIndex = new Map(model.cells.map((c) => [c.id, c]));
  for (const t of spec.tables) {
    // Of a population below the threshold not even the observed categories are shown.
    const small = result.tooSmall.has(t.unit);
    const list = (v: string): string[] => {
      const all = model.categories.get(t.unit)!.get(v)!;
      const declared = variables.find((x) => x.name === v)?.domain ?? [];
      return small ? all.filter((c) => declared.includes(c)) : all;
    };
    const categories: Record<string, readonly string[]> = {};
    for (const v of t.variables) categories[v] = list(v);
    const [a, b] = t.variables;
    const rowsA = [...list(a), ''];
    const colsB = b === undefined ? [''] : [...list(b), ''];
    const cells: ReleaseCell[] = [];
    for (const x of rowsA) {
      for (const y of colsB) {
        const key: Record<string, string> = {};
        if (x !== '') key[a] = x;
        if (b !== undefined && y !== '') key[b] = y;
        const cell = cellIndex.get(cellId(t.unit, key));
        if (!cell) throw new AdvocacyError('ADVOCACY_INFEASIBLE', `missing cell ${cellId(t.unit, key)} (internal error)`);
        cells.push({ key, value: result.suppressed[cell.index] ? null : cell.value });
      }
    }
    tables.push({ id: t.id, unit: t.unit, variables: [...t.variables], categories, withheld: result.withheld.has(t.id), cells });
  }
  const intervals = new Map<string, { min: number; max: number; value: number }>();
  for (const [i, iv] of result.intervals) intervals.set(model.cells[i]!.id, { ...iv, value: model.cells[i]!.value });
  const suppressedCells = result.primary.length + result.secondary.length;
  return {
    release: { dataDate: spec.dataDate, threshold, minIntervalWidth, rounding: 'none', tables, suppressedCells },
    diagnostics: { primary: result.primary.length, secondary: result.secondary.length, rounds: result.rounds, intervals },
  };
}

