import PDFDocument from 'pdfkit';
import { LABELS } from './labels.ts';
import type { Dossier, DossierLine } from './model.ts';
import { fontBytes, scriptRuns, type FontName } from './fonts.ts';

const MARGIN = 56;
const INK = '#1a1a1a';
const MUTED = '#555555';

type Doc = InstanceType<typeof PDFDocument>;

/** A document and which fonts it registered. */
interface Pen {
  doc: Doc;
  /** The bold Chinese font (10 MB to read and parse) is registered only when some bold text needs it. */
  hanBold: boolean;
}

/** Write text that may mix Hangul, Latin and Chinese, switching fonts per run. */
function rich(pen: Pen, text: string, bold: boolean, size: number, opts: PDFKit.Mixins.TextOptions = {}): void {
  const { doc } = pen;
  const runs = scriptRuns(text.length > 0 ? text : ' ');
  doc.fontSize(size);
  runs.forEach((r, i) => {
    const font: FontName = r.han ? (bold && pen.hanBold ? 'hanBold' : 'han') : bold ? 'bold' : 'regular';
    doc.font(font).text(r.text, { ...opts, continued: i < runs.length - 1 });
  });
}

function lines(pen: Pen, list: readonly DossierLine[]): void {
  for (const l of list) {
    pen.doc.fillColor(MUTED);
    rich(pen, l.label, true, 9);
    pen.doc.fillColor(INK);
    rich(pen, l.text, false, 10.5, { paragraphGap: 6 });
  }
}

/**
 * Render a dossier to PDF bytes (A4), every page watermarked with the
 * recipient, date and dossier id. Fonts are subset, so a PDF stays small.
 *
 * @example
 * const bytes = await renderDossierPdf(buildDossier(input));
 * await writeFile('dossier.pdf', bytes); // the server streams it instead
 */
export async function renderDossierPdf(d: Dossier): Promise<Uint8Array> {
  const L = LABELS[d.lang];
  const created = new Date(`${d.date}T00:00:00Z`);
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    lang: d.lang === 'ko' ? 'ko-KR' : 'en-GB',
    info: { Title: `${d.title} ${d.id}`, Author: d.submitter ?? 'Homeward', Subject: d.purpose, CreationDate: created, ModDate: created },
  });
  const boldTexts = [d.title, d.watermark, ...d.meta.map((l) => l.label), ...d.cases.flatMap((c) => [c.title, ...c.sections.flatMap((s) => [s.title, ...s.lines.map((l) => l.label)])])];
  const pen: Pen = { doc, hanBold: boldTexts.some((t) => scriptRuns(t).some((r) => r.han)) };
  for (const f of ['regular', 'bold', 'han', ...(pen.hanBold ? (['hanBold'] as const) : [])] as const) doc.registerFont(f, fontBytes(f));
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });

  doc.fillColor(INK);
  rich(pen, d.title, true, 20, { paragraphGap: 10 });
  lines(pen, d.meta);
  doc.moveDown(0.5);
  rich(pen, d.consentStatement, false, 9.5, { paragraphGap: 8 });

  d.cases.forEach((c, i) => {
    if (d.cases.length > 1 || i > 0) doc.addPage();
    else doc.moveDown(1);
    doc.fillColor(INK);
    rich(pen, c.title, true, 15, { paragraphGap: 8 });
    for (const s of c.sections) {
      doc.moveDown(0.4);
      doc.fillColor(INK);
      rich(pen, s.title, true, 12, { paragraphGap: 4 });
      lines(pen, s.lines);
    }
  });

  // Watermark and footer on every page, drawn last so the page count is known.
  const range = doc.bufferedPageRange();
  for (let p = range.start; p < range.start + range.count; p++) {
    doc.switchToPage(p);
    const { width, height } = doc.page;
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing in the margin must not start a new page
    doc.save();
    doc.rotate(-35, { origin: [width / 2, height / 2] });
    doc.fillColor('#b0b0b0').opacity(0.35);
    doc.x = -width * 0.1;
    doc.y = height / 2 - 12;
    rich(pen, d.watermark, true, 20, { lineBreak: false, width: width * 1.2, align: 'center' });
    doc.restore();
    doc.fillColor(MUTED).opacity(1);
    doc.x = MARGIN;
    doc.y = height - MARGIN + 14;
    rich(pen, `${L.confidential(d.recipient.name)} · ${d.date} · ${d.id} · ${L.page(p - range.start + 1, range.count)}`, false, 7.5, {
      lineBreak: false,
      width: width - 2 * MARGIN,
    });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  await finished;
  return new Uint8Array(Buffer.concat(chunks));
}
