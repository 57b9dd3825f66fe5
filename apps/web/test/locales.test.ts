import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CASE_STATUSES, NAME_KINDS, PLACE_LEVELS, RELATIONS, RELIABILITIES, RISK_LEVELS, SCRIPTS, SEXES } from '../src/api/types.ts';
import { ERROR_CODES, ISSUE_CODES } from '../src/lib/errors.ts';
import { LANGUAGES } from '../src/lib/languages.ts';
import { DATE_MODES } from '../src/lib/partial-date.ts';

const src = fileURLToPath(new URL('../src', import.meta.url));

/** The base catalogue plus every feature catalogue under its file name, as i18n.ts merges them. */
function load(language: string): Record<string, unknown> {
  const base = JSON.parse(readFileSync(join(src, 'locales', `${language}.json`), 'utf8')) as Record<string, unknown>;
  const dir = join(src, 'locales', 'features');
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    const feature = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Record<string, unknown>;
    base[name.replace(/\.json$/, '')] = feature[language];
  }
  return base;
}

/** Flattens a nested catalogue to dotted keys with their string values. */
function flatten(value: unknown, prefix = '', into = new Map<string, unknown>()): Map<string, unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, into);
  } else {
    into.set(prefix, value);
  }
  return into;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

const catalogues = Object.fromEntries(LANGUAGES.map((l) => [l, flatten(load(l))]));
const ko = catalogues.ko!;

// Keys built at run time from a prefix and a closed list of values; a template
// key with a prefix not listed here fails the test, so new ones must be added.
const DYNAMIC: Record<string, readonly string[]> = {
  'status.': CASE_STATUSES,
  'script.': SCRIPTS,
  'nameKind.': NAME_KINDS,
  'relation.': RELATIONS,
  'sex.': SEXES,
  'risk.': RISK_LEVELS,
  'reliability.': RELIABILITIES,
  'language.': LANGUAGES,
  'date.mode.': DATE_MODES,
  'history.actions.': ['created', 'updated'],
  'errors.': ERROR_CODES,
  'issues.': ISSUE_CODES,
  'dateFormat.': ['year', 'month', 'day', 'approx'],
  'placeLevel.': PLACE_LEVELS,
};

const files = sourceFiles(src).map((path) => ({ path, text: readFileSync(path, 'utf8') }));

describe('message catalogues', () => {
  it('have exactly the same keys in ko, en and zh', () => {
    const reference = [...ko.keys()].sort();
    for (const language of LANGUAGES) {
      expect([...catalogues[language]!.keys()].sort(), language).toEqual(reference);
    }
  });

  it('have a non-empty string for every key', () => {
    for (const language of LANGUAGES) {
      for (const [key, value] of catalogues[language]!) {
        expect(typeof value === 'string' && value.trim().length > 0, `${language}: ${key}`).toBe(true);
      }
    }
  });

  it('use the same interpolation variables in every language', () => {
    const vars = (s: unknown) => [...String(s).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const [key, value] of ko) {
      for (const language of LANGUAGES) {
        expect(vars(catalogues[language]!.get(key)), `${language}: ${key}`).toEqual(vars(value));
      }
    }
  });

  it("contain every literal t('key') used in src", () => {
    const used = new Set<string>();
    for (const { text } of files) {
      for (const m of text.matchAll(/\bt\(\s*'([^']+)'/g)) used.add(m[1]!);
      for (const m of text.matchAll(/\bt\(\s*"([^"]+)"/g)) used.add(m[1]!);
      for (const m of text.matchAll(/\bt\(\s*`([^`$]+)`/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(100);
    const missing = [...used].filter((key) => !ko.has(key));
    expect(missing).toEqual([]);
  });

  it('contain every key built from a template, for each allowed value', () => {
    const prefixes = new Set<string>();
    for (const { path, text } of files) {
      for (const m of text.matchAll(/\bt\(\s*`([^`$]*)\$\{/g)) {
        const prefix = m[1]!;
        expect(prefix in DYNAMIC, `${path}: t(\`${prefix}\${...}\`)`).toBe(true);
        prefixes.add(prefix);
      }
    }
    expect(prefixes.size).toBeGreaterThan(5);
    const missing = Object.entries(DYNAMIC).flatMap(([prefix, values]) =>
      values.map((v) => `${prefix}${v}`).filter((key) => !ko.has(key)),
    );
    expect(missing).toEqual([]);
  });

  it('contain the keys that code returns for t() to look up', () => {
    // partialDateMessage and the history's field names hand keys to t() indirectly.
    const indirect = files.flatMap(({ text }) =>
      [...text.matchAll(/(?:key: |: )'([a-zA-Z]+\.[a-zA-Z.]+)'/g)].map((m) => m[1]!),
    );
    expect(indirect).toContain('person.separationCircumstances');
    expect(indirect.length).toBeGreaterThan(0);
    expect(indirect.filter((key) => !ko.has(key))).toEqual([]);
  });

  it('has no visible text hard-coded between JSX tags', () => {
    // A rough guard: letters (any script) directly between > and < in .tsx files.
    const offenders: string[] = [];
    for (const { path, text } of files.filter((f) => f.path.endsWith('.tsx'))) {
      // `>` not ending an arrow (=>), text without code punctuation, followed by `<`.
      for (const m of text.matchAll(/(?<![=-])>([^<>{}]*)</g)) {
        const between = m[1]!.trim();
        if (/\p{L}/u.test(between) && !/[;=?()[\]'"`&|]/.test(between)) offenders.push(`${path}: ${between}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
