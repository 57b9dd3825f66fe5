import type { FileCase, PartialDate } from '@homeward/contracts';
import { encodeCsv, writeXlsx, type Mapping } from '@homeward/intake';

// Cases as a spreadsheet: one row per sought person, rows of one case sharing
// its reference in the "Case ID" column (the mapping's case key). Written with
// @homeward/intake's formula-injection-safe writers; EXPORT_MAPPING, saved
// beside the file, reads it back exactly. A spreadsheet carries each person's
// first name only; the JSON interchange file carries everything.

const COLUMNS = [
  ['Case ID', 'case.key'],
  ['Applicant name', 'applicant.name'],
  ['Applicant sex', 'applicant.sex'],
  ['Applicant date of birth', 'applicant.birth'],
  ['Applicant last known place', 'applicant.lastKnownPlace'],
  ['Safe contact', 'applicant.safeContact'],
  ['Sought name', 'sought.name'],
  ['Sought sex', 'sought.sex'],
  ['Sought date of birth', 'sought.birth'],
  ['Relation', 'sought.relation'],
  ['Sought last known place', 'sought.lastKnownPlace'],
  ['Separation date', 'sought.separatedOn'],
  ['Separation circumstances', 'sought.separationCircumstances'],
  ['Sought person notes', 'sought.notes'],
  ['Notes', 'notes'],
] as const;

/** The mapping that reads an exported sheet back. */
export const EXPORT_MAPPING: Mapping = {
  version: 1,
  columns: COLUMNS.map(([header, field]) => ({ header, field })),
  defaults: {},
};

/** A partial date as text intake reads back at the same precision: `2012`, `2012-05`, `2012-05-03`, `about 4 in 2016`. */
export function dateText(d: PartialDate | undefined): string {
  if (!d) return '';
  if (d.year !== undefined) {
    const pad = (n: number) => String(n).padStart(2, '0');
    return [String(d.year), d.month !== undefined ? pad(d.month) : undefined, d.day !== undefined && d.month !== undefined ? pad(d.day) : undefined]
      .filter((x) => x !== undefined)
      .join('-');
  }
  if (d.approxAge !== undefined && d.atYear !== undefined) return `about ${d.approxAge} in ${d.atYear}`;
  return '';
}

/** Header row plus one row per sought person. */
export function sheetRows(cases: readonly FileCase[]): string[][] {
  const rows: string[][] = [COLUMNS.map(([h]) => h)];
  for (const c of cases) {
    const a = c.applicant;
    c.sought.forEach((s, i) => {
      // Later rows of a case repeat only its key and their sought person.
      const first = i === 0;
      rows.push([
        c.reference ?? '',
        first ? (a.names[0]?.text ?? '') : '',
        first ? (a.sex ?? '') : '',
        first ? dateText(a.birth) : '',
        first ? (a.lastKnownPlace ?? '') : '',
        first ? (a.safeContact ?? '') : '',
        s.names[0]?.text ?? '',
        s.sex ?? '',
        dateText(s.birth),
        s.relation,
        s.lastKnownPlace ?? '',
        dateText(s.separatedOn),
        s.separationCircumstances ?? '',
        s.notes ?? '',
        first ? (c.notes ?? '') : '',
      ]);
    });
  }
  return rows;
}

/**
 * The cases as CSV (UTF-8 with BOM, every field quoted and neutralised) or XLSX.
 * Example: `writeFileSync(out, await casesToSheet(await exportCases(deps, actor), 'csv'), { mode: 0o600 })`.
 */
export async function casesToSheet(cases: readonly FileCase[], format: 'csv' | 'xlsx'): Promise<Uint8Array> {
  const rows = sheetRows(cases);
  return format === 'csv' ? encodeCsv(rows) : writeXlsx(rows, { sheet: 'Cases' });
}
