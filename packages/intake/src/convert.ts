import { FileCaseSchema, type FileCaseInput, type NameKind, type Relation, type Script, type Sex } from '@homeward/contracts';
import { parsePartialDate, type PartialDate } from './dates.ts';
import { IntakeError, columnLetter } from './errors.ts';
import { restoreNeutralisedCell } from './export.ts';
import { normaliseHeader, type Mapping, type TargetField } from './mapping.ts';
import type { ParsedTable, TableProblem } from './table.ts';

export type ProblemCode =
  | TableProblem['code']
  | 'name_required'
  | 'sought_required'
  | 'value_too_long'
  | 'date_unparseable'
  | 'date_ambiguous'
  | 'date_out_of_range'
  | 'date_approximate'
  | 'value_unrecognised'
  | 'relation_required'
  | 'case_conflict'
  | 'place_unknown'
  | 'invalid_case';

/** One problem in one row (and column when known). Never carries the cell's content. */
export interface RowProblem {
  row: number;
  line?: number;
  column?: number;
  columnLetter?: string;
  header?: string;
  field?: TargetField;
  code: ProblemCode;
  severity: 'error' | 'warning';
  message: string;
}

export interface ConvertedCase {
  /** In the interchange shape; validated against @homeward/contracts' FileCaseSchema. */
  case: FileCaseInput;
  /** The rows it came from (several when a case key groups rows). */
  rows: number[];
}

export interface ConvertLimits {
  maxNameChars: number;
  maxPlaceChars: number;
  maxTextChars: number;
}

/** The interchange format's own limits (contracts' FileNameSchema, ShortTextSchema, LongTextSchema). */
export const DEFAULT_CONVERT_LIMITS: ConvertLimits = { maxNameChars: 200, maxPlaceChars: 500, maxTextChars: 20_000 };

export interface ConvertOptions {
  /** Latest acceptable year for dates; defaults to the current UTC year. */
  currentYear?: number;
  fieldLimits?: Partial<ConvertLimits>;
  /**
   * Undo the quote that formula-injection neutralising puts before = + - @
   * (default true), so export then import gives back the same data.
   */
  restoreNeutralised?: boolean;
  /**
   * Called every 1,000 rows and once at the end, for a CLI progress line or
   * a server progress event. Synchronous: conversion itself never waits.
   */
  onProgress?: (rowsDone: number, rowsTotal: number) => void;
  /**
   * Hook for the gazetteer: return false for a last known place it cannot
   * resolve, and the row gets a 'place_unknown' warning (the text is kept).
   */
  knownPlace?: (text: string) => boolean;
}

export interface ConvertResult {
  cases: ConvertedCase[];
  problems: RowProblem[];
  /** Data rows read, blank rows excluded. */
  rowsRead: number;
  /** Rows that produced no case because of an error in them or in their case. */
  rowsRejected: number;
}

interface ResolvedColumn {
  position: number; // 0-based
  header: string;
  field: TargetField;
  /** `field` split once, not per cell: 'applicant' | 'sought' | 'case', and the rest. */
  who: string;
  aspect: string;
  kind?: NameKind;
  script?: Script;
}

/**
 * Finds each mapped column in the table. A mapping that names a column the
 * file does not have is a whole-file error: importing without it would drop
 * data silently.
 */
function resolveColumns(headers: readonly string[], mapping: Mapping): ResolvedColumn[] {
  const norm = headers.map(normaliseHeader);
  const out: ResolvedColumn[] = [];
  const missing: string[] = [];
  for (const c of mapping.columns) {
    if (c.field === 'ignore') continue;
    let pos = -1;
    if (c.index !== undefined) {
      if (norm[c.index - 1] === normaliseHeader(c.header)) pos = c.index - 1;
    } else {
      pos = headers.indexOf(c.header);
      if (pos < 0) pos = norm.indexOf(normaliseHeader(c.header));
    }
    if (pos < 0) {
      missing.push(c.index !== undefined ? `"${c.header}" at column ${columnLetter(c.index)}` : `"${c.header}"`);
      continue;
    }
    const [who, aspect] = c.field.includes('.') ? (c.field.split('.') as [string, string]) : ['case', c.field];
    out.push({ position: pos, header: headers[pos]!, field: c.field, who, aspect, ...(c.kind ? { kind: c.kind } : {}), ...(c.script ? { script: c.script } : {}) });
  }
  if (missing.length > 0) {
    throw new IntakeError('intake.mapping_invalid', `The mapping names columns the file does not have: ${missing.join(', ')}.`, {}, { missing: missing.length });
  }
  return out;
}

const SEX_VALUES: ReadonlyArray<readonly [Sex, readonly string[]]> = [
  ['female', ['여', '여자', '여성', '녀', '女', '女性', '女孩', 'female', 'f', 'woman', 'girl']],
  ['male', ['남', '남자', '남성', '男', '男性', '男孩', 'male', 'm', 'man', 'boy']],
  ['unknown', ['미상', '모름', '불명', '不详', '未知', '不明', 'unknown', 'u', '?']],
];
const RELATION_VALUES: ReadonlyArray<readonly [Relation, readonly string[]]> = [
  ['daughter', ['딸', '여식', '女儿', '闺女', '女', 'daughter']],
  ['son', ['아들', '儿子', '子', 'son']],
  ['child', ['자녀', '자식', '아이', '아동', '子女', '孩子', '儿童', 'child', 'kid']],
  ['grandchild', ['손자', '손녀', '손주', '孙子', '孙女', '外孙', '外孙女', 'grandchild', 'grandson', 'granddaughter']],
  ['sibling', ['형제', '자매', '남매', '형', '오빠', '언니', '누나', '동생', '남동생', '여동생', '兄弟', '姐妹', '哥哥', '姐姐', '弟弟', '妹妹', 'sibling', 'brother', 'sister']],
  ['other', ['기타', '其他', 'other']],
];

function lookup<T>(table: ReadonlyArray<readonly [T, readonly string[]]>, value: string): T | undefined {
  const v = value.normalize('NFKC').trim().toLowerCase();
  for (const [out, words] of table) if (words.includes(v)) return out;
  return undefined;
}

const HAN_OR_HANGUL = /^[\p{Script=Han}\p{Script=Hangul}]+$/u;

/** Several names in one cell: "이미영; 李美玲" or one per line. A lone "/" is too common inside names to split on. */
function splitNames(value: string): string[] {
  return value
    .split(/[;；、\n]|\s\/\s/u)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

type PersonKey = 'applicant' | 'sought';

interface PersonDraft {
  names: { text: string; kind?: NameKind; script?: Script }[];
  surname?: { text: string; col: ResolvedColumn };
  givenName?: { text: string; col: ResolvedColumn };
  sex?: Sex;
  birth?: PartialDate;
  lastKnownPlace?: string;
  safeContact?: string;
  relation?: Relation;
  separatedOn?: PartialDate;
  separationCircumstances?: string;
  notes: string[];
  touched: boolean;
  /** An unreadable relation was already reported; "required" would say it twice. */
  relationReported?: boolean;
  firstNameColumn?: ResolvedColumn;
}

const newDraft = (): PersonDraft => ({ names: [], notes: [], touched: false });

interface CaseDraft {
  key: string;
  rows: number[];
  applicant: PersonDraft;
  sought: PersonDraft[];
  notes: string[];
  failed: boolean;
  firstRow: number;
  firstLine?: number;
}

function personOut(p: PersonDraft): Record<string, unknown> {
  const out: Record<string, unknown> = { names: p.names };
  if (p.sex) out.sex = p.sex;
  if (p.birth) out.birth = p.birth;
  if (p.lastKnownPlace) out.lastKnownPlace = p.lastKnownPlace;
  if (p.separatedOn) out.separatedOn = p.separatedOn;
  if (p.separationCircumstances) out.separationCircumstances = p.separationCircumstances;
  if (p.notes.length > 0) out.notes = p.notes.join('\n');
  return out;
}

/**
 * Turns parsed rows into cases in the interchange shape, with every problem
 * by row and column. One row is one sought person; rows sharing a `case.key`
 * value form one case (the applicant from the first row that names her). A
 * case with any error is left out of `cases` (its rows count as rejected);
 * warnings keep the case. Nothing is guessed: an unreadable date is an error,
 * not a nearby date; a missing relation is an error unless the mapping's
 * `defaults.relation` was chosen by the user.
 * Example: `convertRows(table, mapping).problems.filter((p) => p.severity === 'error')`.
 */
export function convertRows(table: ParsedTable, mapping: Mapping, options: ConvertOptions = {}): ConvertResult {
  const limits: ConvertLimits = { ...DEFAULT_CONVERT_LIMITS, ...options.fieldLimits };
  const restore = options.restoreNeutralised ?? true;
  const columns = resolveColumns(table.headers, mapping);
  const problems: RowProblem[] = [];
  const tableProblemsByRow = new Map<number, TableProblem[]>();
  for (const p of table.problems) tableProblemsByRow.set(p.row, [...(tableProblemsByRow.get(p.row) ?? []), p]);

  const cases = new Map<string, CaseDraft>();
  const order: CaseDraft[] = [];
  const keyColumn = columns.find((c) => c.field === 'case.key');

  // One context per row and plain functions: this loop runs 50,000 times and
  // closures per cell showed up as garbage-collection time.
  const ctx = { row: 0, line: undefined as number | undefined, failed: false };
  const report = (code: ProblemCode, severity: 'error' | 'warning', message: string, col?: ResolvedColumn): void => {
    if (severity === 'error') ctx.failed = true;
    const problem: RowProblem = { row: ctx.row, code, severity, message: '' };
    if (ctx.line !== undefined) problem.line = ctx.line;
    let where = `row ${ctx.row}`;
    if (col) {
      problem.column = col.position + 1;
      problem.columnLetter = columnLetter(col.position + 1);
      problem.header = col.header;
      problem.field = col.field;
      where += `, column ${problem.columnLetter} (${col.header})`;
    }
    problem.message = `${where}: ${message}`;
    problems.push(problem);
  };
  const tooLong = (value: string, max: number, col: ResolvedColumn): boolean => {
    if (value.length <= max) return false;
    report('value_too_long', 'error', `is ${value.length} characters; at most ${max} fit this field`, col);
    return true;
  };

  const nameColumns = {
    applicant: columns.find((c) => c.who === 'applicant' && (c.aspect === 'name' || c.aspect === 'surname' || c.aspect === 'givenName')),
    sought: columns.find((c) => c.who === 'sought' && (c.aspect === 'name' || c.aspect === 'surname' || c.aspect === 'givenName')),
  };
  const nameColumn = (k: PersonKey): ResolvedColumn | undefined => nameColumns[k];

  const total = table.rows.length;
  let done = 0;
  for (const r of table.rows) {
    if (options.onProgress && done > 0 && done % 1000 === 0) options.onProgress(done, total);
    done++;
    ctx.row = r.row;
    ctx.line = r.line;
    ctx.failed = false;
    for (const tp of tableProblemsByRow.get(r.row) ?? []) {
      const severity = tp.severity ?? 'error';
      if (severity === 'error') ctx.failed = true;
      problems.push({ row: r.row, ...(tp.line !== undefined ? { line: tp.line } : {}), ...(tp.column !== undefined ? { column: tp.column, columnLetter: tp.columnLetter ?? columnLetter(tp.column) } : {}), code: tp.code, severity, message: tp.message });
    }

    const rawKey = keyColumn ? (r.cells[keyColumn.position] ?? '').trim() : '';
    const key = rawKey !== '' ? `k:${rawKey}` : `r:${r.row}`;
    let draft = cases.get(key);
    const isNewCase = !draft;
    if (!draft) {
      draft = { key, rows: [], applicant: newDraft(), sought: [], notes: [], failed: false, firstRow: r.row, ...(r.line !== undefined ? { firstLine: r.line } : {}) };
      cases.set(key, draft);
      order.push(draft);
    }
    draft.rows.push(r.row);
    const applicant: PersonDraft = newDraft();
    const sought: PersonDraft = newDraft();
    const rowNotes: string[] = [];

    for (const col of columns) {
      let value = r.cells[col.position] ?? '';
      if (restore) value = restoreNeutralisedCell(value);
      value = value.trim();
      if (value === '' || col.field === 'case.key') continue;
      const { who, aspect } = col;
      if (who === 'case' && aspect === 'notes') {
        if (!tooLong(value, limits.maxTextChars, col)) rowNotes.push(value);
        continue;
      }
      const p = who === 'applicant' ? applicant : sought;
      p.touched = true;
      switch (aspect) {
        case 'name':
          for (const text of splitNames(value)) {
            if (text.length > limits.maxNameChars) {
              report('value_too_long', 'error', `a name is ${text.length} characters; at most ${limits.maxNameChars}`, col);
              continue;
            }
            p.names.push({ text, ...(col.kind ? { kind: col.kind } : {}), ...(col.script ? { script: col.script } : {}) });
          }
          p.firstNameColumn ??= col;
          break;
        case 'surname':
          p.surname = { text: value, col };
          p.firstNameColumn ??= col;
          break;
        case 'givenName':
          p.givenName = { text: value, col };
          p.firstNameColumn ??= col;
          break;
        case 'birth':
        case 'separatedOn': {
          const parsed = parsePartialDate(value, options.currentYear !== undefined ? { currentYear: options.currentYear } : {});
          if (!parsed.ok) report(parsed.code, 'error', parsed.reason, col);
          else {
            if (parsed.note) report('date_approximate', 'warning', parsed.note, col);
            if (parsed.date) p[aspect] = parsed.date;
          }
          break;
        }
        case 'sex': {
          const sex = lookup(SEX_VALUES, value);
          if (sex) p.sex = sex;
          else report('value_unrecognised', 'error', 'is not a recognised sex (여/남, 女/男, female/male, 미상)', col);
          break;
        }
        case 'relation': {
          const rel = lookup(RELATION_VALUES, value);
          if (rel) p.relation = rel;
          else {
            p.relationReported = true;
            report('value_unrecognised', 'error', 'is not a recognised relation (딸, 아들, 자녀, 손자, 형제, 기타 / 女儿, 儿子 / daughter, son, child, grandchild, sibling, other)', col);
          }
          break;
        }
        case 'lastKnownPlace':
          if (!tooLong(value, limits.maxPlaceChars, col)) {
            p.lastKnownPlace = value;
            if (options.knownPlace && !options.knownPlace(value)) report('place_unknown', 'warning', 'the place is not in the gazetteer; it is kept as written', col);
          }
          break;
        case 'safeContact':
          if (!tooLong(value, limits.maxTextChars, col)) p.safeContact = value;
          break;
        case 'separationCircumstances':
          if (!tooLong(value, limits.maxTextChars, col)) p.separationCircumstances = value;
          break;
        case 'notes':
          if (!tooLong(value, limits.maxTextChars, col)) p.notes.push(value);
          break;
      }
    }

    for (const p of [applicant, sought]) {
      if (p.surname || p.givenName) {
        const parts = [p.surname?.text, p.givenName?.text].filter((x): x is string => x !== undefined);
        // Korean and Chinese names are written surname first with no space (김미영, 李美玲).
        const text = parts.every((x) => HAN_OR_HANGUL.test(x)) ? parts.join('') : parts.join(' ');
        const col = p.givenName?.col ?? p.surname!.col;
        if (text.length > limits.maxNameChars) report('value_too_long', 'error', `the name is ${text.length} characters; at most ${limits.maxNameChars}`, col);
        else p.names.unshift({ text, ...(col.kind ? { kind: col.kind } : {}), ...(col.script ? { script: col.script } : {}) });
      }
    }

    // The applicant: the first row of a case must name her; later rows of the same case may leave her out.
    if (applicant.names.length > 0 || applicant.touched) {
      if (!isNewCase && draft.applicant.names.length > 0) {
        const known = new Set(draft.applicant.names.map((n) => n.text));
        if (applicant.names.some((n) => !known.has(n.text))) {
          report('case_conflict', 'warning', `names a different applicant than row ${draft.firstRow} of the same case key; the first is kept`, nameColumn('applicant'));
        }
      } else {
        draft.applicant = applicant;
      }
    }
    if (isNewCase && applicant.names.length === 0) {
      report('name_required', 'error', "the applicant's name is empty", nameColumn('applicant'));
    }
    // The sought person: every row is one, unless a keyed row only adds to its case.
    const soughtTouched = sought.touched;
    if (soughtTouched || !keyColumn || isNewCase) {
      if (sought.names.length === 0) report('name_required', 'error', "the sought person's name is empty", nameColumn('sought'));
      if (!sought.relation && !sought.relationReported) {
        if (mapping.defaults.relation) sought.relation = mapping.defaults.relation;
        else report('relation_required', 'error', 'the relation to the applicant is empty and the mapping sets no default', columns.find((c) => c.field === 'sought.relation'));
      }
      draft.sought.push(sought);
    }
    for (const n of rowNotes) if (!draft.notes.includes(n)) draft.notes.push(n);
    if (ctx.failed) draft.failed = true;
  }

  options.onProgress?.(total, total);

  const out: ConvertedCase[] = [];
  let rowsRejected = 0;
  for (const d of order) {
    if (d.failed) {
      rowsRejected += d.rows.length;
      continue;
    }
    const applicant = personOut(d.applicant);
    if (d.applicant.safeContact) applicant.safeContact = d.applicant.safeContact;
    const candidate = {
      applicant,
      sought: d.sought.map((s) => ({ ...personOut(s), relation: s.relation })),
      ...(d.notes.length > 0 ? { notes: d.notes.join('\n') } : {}),
    };
    // The contract is the last word: anything our checks missed is still reported, never imported.
    const checked = FileCaseSchema.safeParse(candidate);
    if (!checked.success) {
      for (const issue of checked.error.issues) {
        problems.push({
          row: d.firstRow,
          ...(d.firstLine !== undefined ? { line: d.firstLine } : {}),
          code: 'invalid_case',
          severity: 'error',
          message: `row ${d.firstRow}: ${issue.path.map(String).join('.') || 'case'} ${issue.message}`,
        });
      }
      rowsRejected += d.rows.length;
      continue;
    }
    out.push({ case: candidate as FileCaseInput, rows: d.rows });
  }
  problems.sort((a, b) => a.row - b.row || (a.column ?? 0) - (b.column ?? 0));
  return { cases: out, problems, rowsRead: table.rows.length, rowsRejected };
}
