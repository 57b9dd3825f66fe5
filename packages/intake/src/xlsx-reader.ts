import { Inflate } from 'fflate';
import { SaxesParser } from 'saxes';
import { IntakeError, columnLetter } from './errors.ts';

// A small XLSX reader for import: in memory (no temporary files, so no
// plaintext names on disk), streaming the worksheet XML through the inflater
// and the XML parser so a 50,000-row sheet never exists as one string, with
// every size limit enforced while reading. Writing XLSX stays with exceljs.

/**
 * `number_may_be_month`: a number cell holding YYYY.1. Typed as 2012.10
 * (October, the Korean way of writing year.month), a spreadsheet stores the
 * number 2012.1, which reads as January; only the person can tell.
 */
export type SheetCellProblem = 'formula_without_value' | 'cell_error' | 'number_may_be_month';

export interface SheetCell {
  column: number; // 1-based
  text: string;
  problem?: SheetCellProblem;
}

export interface XlsxReadLimits {
  maxCellChars: number;
  maxColumns: number;
  maxUnzippedBytes: number;
}

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeader: number;
}

export function corruptXlsx(detail: string): IntakeError {
  return new IntakeError(
    'intake.xlsx_corrupt',
    'The XLSX file is damaged or incomplete (was it fully copied?). Open it in a spreadsheet program and save it again.',
    {},
    { format: 'xlsx', detail },
  );
}

function readDirectory(bytes: Uint8Array): Map<string, ZipEntry> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const floor = Math.max(0, bytes.length - 22 - 0xffff);
  for (let eocd = bytes.length - 22; eocd >= floor; eocd--) {
    if (view.getUint32(eocd, true) !== 0x06054b50) continue;
    const count = view.getUint16(eocd + 10, true);
    let at = view.getUint32(eocd + 16, true);
    const entries = new Map<string, ZipEntry>();
    const decoder = new TextDecoder();
    for (let i = 0; i < count; i++) {
      if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) throw corruptXlsx('central directory');
      const nameLength = view.getUint16(at + 28, true);
      if (at + 46 + nameLength > bytes.length) throw corruptXlsx('central directory');
      const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
      entries.set(name, {
        name,
        method: view.getUint16(at + 10, true),
        compressedSize: view.getUint32(at + 20, true),
        uncompressedSize: view.getUint32(at + 24, true),
        localHeader: view.getUint32(at + 42, true),
      });
      at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    }
    return entries;
  }
  throw corruptXlsx('no end of central directory');
}

/** Sum of the sizes the ZIP directory declares (a cheap first zip-bomb check). */
export function declaredUnzippedBytes(bytes: Uint8Array): number | undefined {
  try {
    let total = 0;
    for (const e of readDirectory(bytes).values()) total += e.uncompressedSize === 0xffffffff ? Number.POSITIVE_INFINITY : e.uncompressedSize;
    return total;
  } catch {
    return undefined;
  }
}

interface Budget {
  remaining: number;
  limit: number;
}

/** Feeds an entry's uncompressed bytes to `sink` in chunks, counting them against the budget. */
function inflate(bytes: Uint8Array, entry: ZipEntry, budget: Budget, sink: (chunk: Uint8Array) => void): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const h = entry.localHeader;
  if (h + 30 > bytes.length || view.getUint32(h, true) !== 0x04034b50) throw corruptXlsx(`local header of ${entry.name}`);
  const start = h + 30 + view.getUint16(h + 26, true) + view.getUint16(h + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw corruptXlsx(`data of ${entry.name}`);
  const take = (chunk: Uint8Array) => {
    budget.remaining -= chunk.length;
    if (budget.remaining < 0) {
      // Counted as it unpacks: the sizes a ZIP declares can lie.
      throw new IntakeError('intake.file_too_large', `The XLSX file unpacks to more than ${budget.limit} bytes.`, {}, { limit: budget.limit });
    }
    sink(chunk);
  };
  const step = 64 * 1024;
  if (entry.method === 0) {
    for (let at = start; at < end; at += step) take(bytes.subarray(at, Math.min(end, at + step)));
    return;
  }
  if (entry.method !== 8) throw corruptXlsx(`compression method ${entry.method}`);
  let finished = false;
  const inflater = new Inflate((chunk, final) => {
    take(chunk);
    if (final) finished = true;
  });
  for (let at = start; at < end; at += step) inflater.push(bytes.subarray(at, Math.min(end, at + step)), at + step >= end);
  if (start === end) inflater.push(new Uint8Array(0), true);
  if (!finished) throw corruptXlsx(`truncated ${entry.name}`);
}

const local = (name: string): string => {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
};

type Tag = { name: string; attributes: Record<string, string> };

/** Streams one XML entry through saxes; handlers see local names (prefixes like x: dropped). */
function parseXml(
  bytes: Uint8Array,
  entry: ZipEntry,
  budget: Budget,
  on: { open?: (tag: Tag) => void; close?: (name: string) => void; text?: (text: string) => void },
): void {
  // No DTD processing or external entities: saxes does not fetch or expand them.
  const parser = new SaxesParser({ xmlns: false, position: false });
  if (on.open) {
    const open = on.open;
    parser.on('opentag', (t) => open({ name: local(t.name), attributes: t.attributes as Record<string, string> }));
  }
  if (on.close) {
    const close = on.close;
    parser.on('closetag', (t) => close(local(t.name)));
  }
  if (on.text) {
    parser.on('text', on.text);
    parser.on('cdata', on.text);
  }
  const decoder = new TextDecoder('utf-8');
  try {
    inflate(bytes, entry, budget, (chunk) => parser.write(decoder.decode(chunk, { stream: true })));
    parser.write(decoder.decode());
    parser.close();
  } catch (e) {
    if (e instanceof IntakeError) throw e;
    throw corruptXlsx(`XML of ${entry.name}`);
  }
}

function resolveTarget(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').slice(0, -1);
  for (const p of target.split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.') parts.push(p);
  }
  return parts.join('/');
}

function relationships(bytes: Uint8Array, entries: Map<string, ZipEntry>, path: string, budget: Budget): Map<string, { type: string; target: string }> {
  const slash = path.lastIndexOf('/');
  const relsPath = `${path.slice(0, slash + 1)}_rels/${path.slice(slash + 1)}.rels`;
  const out = new Map<string, { type: string; target: string }>();
  const entry = entries.get(relsPath);
  if (!entry) return out;
  parseXml(bytes, entry, budget, {
    open: (t) => {
      if (t.name === 'Relationship' && t.attributes.Id && t.attributes.Target) {
        out.set(t.attributes.Id, { type: t.attributes.Type ?? '', target: resolveTarget(path, t.attributes.Target) });
      }
    },
  });
  return out;
}

// Built-in number formats that show a date, with the precision they show.
// 27-31, 36 and 50-58 are the East Asian locale date formats (yyyy年m月d日 and
// the like) that Korean and Chinese Excel use.
const BUILTIN_DATE: ReadonlyMap<number, 'day' | 'month'> = new Map([
  [14, 'day'], [15, 'day'], [16, 'day'], [17, 'month'], [22, 'day'],
  [27, 'day'], [28, 'day'], [29, 'day'], [30, 'day'], [31, 'day'], [36, 'day'],
  [50, 'day'], [51, 'day'], [52, 'day'], [53, 'day'], [54, 'day'], [57, 'day'], [58, 'day'],
]);

function formatPrecision(code: string): 'day' | 'month' | 'year' | undefined {
  const f = code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '').toLowerCase();
  if (/[hs]/.test(f) && !/[yd]/.test(f)) return undefined; // a time, not a date
  if (/d/.test(f)) return 'day';
  if (/y/.test(f)) return /m/.test(f) ? 'month' : 'year';
  return undefined;
}

function serialToText(serial: number, precision: 'day' | 'month' | 'year', date1904: boolean): string | undefined {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2_958_465) return undefined;
  const days = Math.floor(serial);
  // Excel's 1900 system counts a 29 February 1900 that never was.
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : days < 61 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  const d = new Date(epoch + days * 86_400_000);
  const y = String(d.getUTCFullYear()).padStart(4, '0');
  const m = String(d.getUTCMonth() + 1).padStart(2, '0');
  if (precision === 'year') return y;
  if (precision === 'month') return `${y}-${m}`;
  return `${y}-${m}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

export interface WorkbookSheets {
  names: string[];
  /**
   * Reads one sheet (0-based among `names`), calling `onRow` with each
   * non-empty row's cells in order. `onRow` may throw to stop.
   */
  read(index: number, onRow: (row: number, cells: SheetCell[]) => void): void;
}

/**
 * Opens an XLSX workbook from bytes: its sheet names, shared strings and date
 * styles; sheets are read on demand. Throws IntakeError for a damaged file.
 * Example: `openWorkbook(bytes, limits).read(0, (row, cells) => ...)`.
 */
export function openWorkbook(bytes: Uint8Array, limits: XlsxReadLimits): WorkbookSheets {
  const entries = readDirectory(bytes);
  const budget: Budget = { remaining: limits.maxUnzippedBytes, limit: limits.maxUnzippedBytes };
  const rootRels = relationships(bytes, entries, '', budget);
  const officeDoc = [...rootRels.values()].find((r) => r.type.endsWith('/officeDocument'));
  const workbookPath = officeDoc?.target ?? 'xl/workbook.xml';
  const workbookEntry = entries.get(workbookPath);
  if (!workbookEntry) throw corruptXlsx('no workbook part');
  const rels = relationships(bytes, entries, workbookPath, budget);

  const sheets: { name: string; path: string }[] = [];
  let date1904 = false;
  parseXml(bytes, workbookEntry, budget, {
    open: (t) => {
      if (t.name === 'workbookPr') date1904 = t.attributes.date1904 === '1' || t.attributes.date1904 === 'true';
      if (t.name === 'sheet') {
        const id = t.attributes['r:id'] ?? Object.entries(t.attributes).find(([k]) => k.endsWith(':id'))?.[1];
        const rel = id ? rels.get(id) : undefined;
        if (rel) sheets.push({ name: t.attributes.name ?? `Sheet${sheets.length + 1}`, path: rel.target });
      }
    },
  });

  const relOf = (suffix: string, fallback: string) => [...rels.values()].find((r) => r.type.endsWith(suffix))?.target ?? fallback;

  // Shared strings: the text of <t> runs in each <si>, leaving out phonetic guides (<rPh>).
  const shared: string[] = [];
  const sst = entries.get(relOf('/sharedStrings', 'xl/sharedStrings.xml'));
  if (sst) {
    let current: string | undefined;
    let inT = false;
    let inPhonetic = 0;
    parseXml(bytes, sst, budget, {
      open: (t) => {
        if (t.name === 'si') current = '';
        else if (t.name === 'rPh') inPhonetic++;
        else if (t.name === 't') inT = true;
      },
      close: (name) => {
        if (name === 'si') {
          shared.push(current ?? '');
          current = undefined;
        } else if (name === 'rPh') inPhonetic--;
        else if (name === 't') inT = false;
      },
      text: (text) => {
        if (current !== undefined && inT && inPhonetic === 0) {
          current += text;
          // Checked here too: a huge string is refused while reading, not after.
          if (current.length > limits.maxCellChars * 2 + 1024) current = current.slice(0, limits.maxCellChars + 1);
        }
      },
    });
  }

  // Styles: which cell formats (xf index) show dates, and at what precision.
  const datePrecisionByStyle: Array<'day' | 'month' | 'year' | undefined> = [];
  const styles = entries.get(relOf('/styles', 'xl/styles.xml'));
  if (styles) {
    const custom = new Map<number, string>();
    let inCellXfs = false;
    parseXml(bytes, styles, budget, {
      open: (t) => {
        if (t.name === 'numFmt' && t.attributes.numFmtId) custom.set(Number(t.attributes.numFmtId), t.attributes.formatCode ?? '');
        else if (t.name === 'cellXfs') inCellXfs = true;
        else if (t.name === 'xf' && inCellXfs) {
          const id = Number(t.attributes.numFmtId ?? 0);
          const code = custom.get(id);
          datePrecisionByStyle.push(code !== undefined ? formatPrecision(code) : BUILTIN_DATE.get(id));
        }
      },
      close: (name) => {
        if (name === 'cellXfs') inCellXfs = false;
      },
    });
  }

  return {
    names: sheets.map((s) => s.name),
    read(index, onRow) {
      const sheet = sheets[index];
      const entry = sheet ? entries.get(sheet.path) : undefined;
      if (!entry) throw corruptXlsx('missing worksheet part');
      let rowNumber = 0;
      let cells: SheetCell[] = [];
      let cell: { column: number; type: string; style: number; formula: boolean; value: string | undefined; inline: string | undefined } | undefined;
      let nextColumn = 1;
      let capture: 'v' | 'is-t' | undefined;
      let inIs = false;
      let inPhonetic = 0;
      const tooLarge = (column: number) =>
        new IntakeError(
          'intake.cell_too_large',
          `Row ${rowNumber}, column ${columnLetter(column)} holds more than ${limits.maxCellChars} characters; the limit is ${limits.maxCellChars}.`,
          { row: rowNumber, column, columnLetter: columnLetter(column) },
          { limit: limits.maxCellChars },
        );
      parseXml(bytes, entry, budget, {
        open: (t) => {
          switch (t.name) {
            case 'row': {
              const r = Number(t.attributes.r);
              rowNumber = Number.isInteger(r) && r > rowNumber ? r : rowNumber + 1;
              cells = [];
              nextColumn = 1;
              break;
            }
            case 'c': {
              const ref = t.attributes.r;
              let column = nextColumn;
              if (ref) {
                const letters = /^[A-Za-z]+/.exec(ref)?.[0] ?? '';
                let n = 0;
                for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
                if (n > 0) column = n;
              }
              if (column > limits.maxColumns) {
                throw new IntakeError('intake.too_many_columns', `Row ${rowNumber} has a value in column ${column}; the limit is ${limits.maxColumns}.`, { row: rowNumber }, { columns: column, limit: limits.maxColumns });
              }
              nextColumn = column + 1;
              cell = { column, type: t.attributes.t ?? 'n', style: Number(t.attributes.s ?? 0), formula: false, value: undefined, inline: undefined };
              break;
            }
            case 'f':
              if (cell) cell.formula = true;
              break;
            case 'v':
              if (cell) {
                capture = 'v';
                cell.value = '';
              }
              break;
            case 'is':
              inIs = true;
              if (cell) cell.inline = '';
              break;
            case 'rPh':
              inPhonetic++;
              break;
            case 't':
              if (cell && inIs && inPhonetic === 0) capture = 'is-t';
              break;
          }
        },
        close: (name) => {
          switch (name) {
            case 'v':
            case 't':
              capture = undefined;
              break;
            case 'is':
              inIs = false;
              break;
            case 'rPh':
              inPhonetic--;
              break;
            case 'c':
              if (cell) {
                const out = cellOutcome(cell, shared, datePrecisionByStyle, date1904);
                if (out.text.length > limits.maxCellChars) throw tooLarge(cell.column);
                if (out.text !== '' || out.problem) cells.push({ column: cell.column, text: out.text, ...(out.problem ? { problem: out.problem } : {}) });
              }
              cell = undefined;
              break;
            case 'row':
              if (cells.length > 0) onRow(rowNumber, cells);
              break;
          }
        },
        text: (text) => {
          if (!cell || !capture) return;
          if (capture === 'v') cell.value += text;
          else cell.inline = (cell.inline ?? '') + text;
          // Refused while reading: a 10 MB cell never becomes a 10 MB string.
          if ((cell.value?.length ?? 0) > limits.maxCellChars || (cell.inline?.length ?? 0) > limits.maxCellChars) throw tooLarge(cell.column);
        },
      });
    },
  };
}

function cellOutcome(
  cell: { type: string; style: number; formula: boolean; value: string | undefined; inline: string | undefined },
  shared: readonly string[],
  dates: ReadonlyArray<'day' | 'month' | 'year' | undefined>,
  date1904: boolean,
): { text: string; problem?: SheetCellProblem } {
  // Never evaluate a formula: the value the spreadsheet saved is the value the user saw.
  if (cell.formula && cell.value === undefined) return { text: '', problem: 'formula_without_value' };
  const v = cell.value ?? '';
  switch (cell.type) {
    case 's': {
      const s = shared[Number(v)];
      return s === undefined ? { text: '', problem: 'cell_error' } : { text: s };
    }
    case 'inlineStr':
      return { text: cell.inline ?? v };
    case 'str':
      return { text: v };
    case 'b':
      return { text: v === '1' ? 'TRUE' : v === '0' ? 'FALSE' : v };
    case 'e':
      return { text: '', problem: 'cell_error' };
    case 'd':
      return { text: v.slice(0, 10) };
    default: {
      if (v === '') return { text: '' };
      const precision = dates[cell.style];
      if (precision) {
        const text = serialToText(Number(v), precision, date1904);
        if (text !== undefined) return { text };
      }
      if (/^\d{4}\.1$/.test(v)) return { text: v, problem: 'number_may_be_month' };
      return { text: v };
    }
  }
}
