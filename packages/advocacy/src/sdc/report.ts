import PDFDocument from 'pdfkit';
import { fontBytes, scriptRuns } from '../dossier/fonts.ts';
import { methodologyNote, type NoteLang } from './export.ts';
import type { Release, ReleaseTable } from './release.ts';

const MARGIN = 48;
const SUPPRESSED = 'x';
const TOTAL: Record<NoteLang, string> = { en: 'Total', ko: '합계', zh: '合计' };
const COUNT: Record<NoteLang, string> = { en: 'Count', ko: '수', zh: '数目' };
const WITHHELD: Record<NoteLang, string> = { en: 'Withheld to protect small numbers.', ko: '적은 수를 보호하기 위해 표 전체를 가렸습니다.', zh: '为保护小数目，整表隐藏。' };

export interface ReleaseReportOptions {
  lang: NoteLang;
  title: string;
  /** Display titles by table id, and labels by variable name or category (untranslated ones print as they are). */
  labels?: Readonly<Record<string, string>>;
  /** Definitions the caller adds after the methodology note (e.g. how its categories were derived). */
  notes?: readonly string[];
}

/**
 * The JSON export of a release: the tables plus the methodology note.
 *
 * @example
 * releaseToJson(release, 'en') // '{ "methodology": "Data as of: ...", "release": { ... } }'
 */
export function releaseToJson(release: Release, lang: NoteLang, notes: readonly string[] = []): string {
  const methodology = methodologyNote(release, lang) + notes.map((n) => n + '\n').join('');
  return JSON.stringify({ methodology, release }, null, 2) + '\n';
}

type Doc = InstanceType<typeof PDFDocument>;

function write(doc: Doc, text: string, size: number, bold: boolean, opts: PDFKit.Mixins.TextOptions = {}): void {
  const runs = scriptRuns(text.length > 0 ? text : ' ');
  doc.fontSize(size);
  runs.forEach((r, i) => doc.font(r.han ? 'han' : bold ? 'bold' : 'regular').text(r.text, { ...opts, continued: i < runs.length - 1 }));
}

function grid(doc: Doc, t: ReleaseTable, lang: NoteLang, label: (s: string) => string): void {
  const [a, b] = t.variables;
  const rows = [...t.categories[a!]!, ''];
  const cols = b === undefined ? [''] : [...t.categories[b]!, ''];
  const value = (x: string, y: string): string => {
    const cell = t.cells.find((c) => (x === '' ? !(a! in c.key) : c.key[a!] === x) && (b === undefined || (y === '' ? !(b in c.key) : c.key[b] === y)));
    return cell === undefined || cell.value === null ? SUPPRESSED : String(cell.value);
  };
  const width = doc.page.width - 2 * MARGIN;
  const first = Math.min(160, width / (cols.length + 1) + 40);
  const colW = (width - first) / cols.length;
  const size = cols.length > 8 ? 6.5 : 8.5;
  const rowH = size + 6;
  const header = [b === undefined ? '' : label(b), ...cols.map((c) => (b === undefined ? COUNT[lang] : c === '' ? TOTAL[lang] : label(c)))];
  const line = (cellsText: string[], bold: boolean): void => {
    if (doc.y + rowH > doc.page.height - MARGIN) doc.addPage();
    const y = doc.y;
    cellsText.forEach((s, i) => {
      const x = i === 0 ? MARGIN : MARGIN + first + (i - 1) * colW;
      doc.x = x;
      doc.y = y;
      write(doc, s, size, bold || i === 0, { width: (i === 0 ? first : colW) - 4, lineBreak: false, ellipsis: true, align: i === 0 ? 'left' : 'right' });
    });
    doc.x = MARGIN;
    doc.y = y + rowH;
  };
  line([label(a!), ...header.slice(1)], true);
  for (const r of rows) line([r === '' ? TOTAL[lang] : label(r), ...cols.map((c) => value(r, c))], r === '');
}

/**
 * The PDF export of a release: every table ("x" marks a suppressed cell)
 * and the methodology note.
 *
 * @example
 * const bytes = await renderReleasePdf(release, { lang: 'ko', title: '2026년 통계', labels: { province: '성' } });
 */
export async function renderReleasePdf(release: Release, opts: ReleaseReportOptions): Promise<Uint8Array> {
  const created = new Date(`${/^\d{4}-\d{2}-\d{2}$/.test(release.dataDate) ? release.dataDate : '2000-01-01'}T00:00:00Z`);
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: opts.title, CreationDate: created, ModDate: created } });
  for (const f of ['regular', 'bold', 'han'] as const) doc.registerFont(f, fontBytes(f));
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  const label = (s: string): string => opts.labels?.[s] ?? s;
  write(doc, opts.title, 18, true, { paragraphGap: 8 });
  for (const t of release.tables) {
    doc.moveDown(0.8);
    if (doc.y > doc.page.height - 160) doc.addPage();
    write(doc, label(t.id), 12, true, { paragraphGap: 4 });
    if (t.withheld && t.cells.every((c) => c.value === null || Object.keys(c.key).length === 0)) write(doc, WITHHELD[opts.lang], 9, false, { paragraphGap: 4 });
    grid(doc, t, opts.lang, label);
  }
  doc.moveDown(1);
  for (const para of [...methodologyNote(release, opts.lang).trim().split('\n'), ...(opts.notes ?? [])]) write(doc, para, 8.5, false, { paragraphGap: 3, width: doc.page.width - 2 * MARGIN });
  doc.end();
  await finished;
  return new Uint8Array(Buffer.concat(chunks));
}
