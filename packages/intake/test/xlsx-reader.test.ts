import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { IntakeError, dryRun, parseTable } from '../src/index.ts';

// Hand-made workbooks in the shapes Excel and other tools write that exceljs
// does not: namespace prefixes, inline strings, phonetic guides, East Asian
// date formats. Built in the test, never committed as binaries.
const CT = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';
const ROOT_RELS =
  '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>';
const WB_RELS =
  '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' +
  '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>';
const WORKBOOK =
  '<?xml version="1.0"?><x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
  '<x:sheets><x:sheet name="사례" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>';
const SHARED =
  '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<si><t>이름</t></si><si><r><t>金</t></r><r><t>英姬</t></r><rPh sb="0" eb="1"><t>キン</t></rPh></si></sst>';
const STYLES =
  '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/></numFmts>' +
  '<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>' +
  '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="31"/></cellXfs></styleSheet>';

function sheet(rows: string): string {
  return `<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>${rows}</x:sheetData></x:worksheet>`;
}

function book(sheetXml: string): Uint8Array {
  return zipSync({
    '[Content_Types].xml': strToU8(CT),
    '_rels/.rels': strToU8(ROOT_RELS),
    'xl/workbook.xml': strToU8(WORKBOOK),
    'xl/_rels/workbook.xml.rels': strToU8(WB_RELS),
    'xl/worksheets/sheet1.xml': strToU8(sheetXml),
    'xl/sharedStrings.xml': strToU8(SHARED),
    'xl/styles.xml': strToU8(STYLES),
  });
}

describe('XLSX reader on hand-made workbooks', () => {
  it('reads prefixed elements, inline and shared strings without phonetic guides, booleans, errors and dates by format', async () => {
    const xml = sheet(
      '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>생년월일</x:t></x:is></x:c><x:c r="C1" t="inlineStr"><x:is><x:t>이별</x:t></x:is></x:c>' +
        '<x:c r="D1" t="inlineStr"><x:is><x:t>기타</x:t></x:is></x:c><x:c r="E1" t="inlineStr"><x:is><x:t>계산</x:t></x:is></x:c><x:c r="F1" t="inlineStr"><x:is><x:t>오류</x:t></x:is></x:c></x:row>' +
        '<x:row r="3"><x:c r="A3" t="s"><x:v>1</x:v></x:c><x:c r="B3" s="1"><x:v>41032</x:v></x:c><x:c r="C3" s="2"><x:v>42064</x:v></x:c>' +
        '<x:c r="D3" t="b"><x:v>1</x:v></x:c><x:c r="E3" t="str"><x:f>A3&amp;"!"</x:f><x:v>金英姬!</x:v></x:c><x:c r="F3" t="e"><x:v>#N/A</x:v></x:c></x:row>' +
        '<x:row r="4"><x:c r="A4" t="inlineStr"><x:is><x:t>박순옥</x:t></x:is></x:c><x:c r="B4" s="3"><x:v>41032</x:v></x:c><x:c r="E4"><x:f>1+1</x:f></x:c></x:row>',
    );
    const t = await parseTable(book(xml));
    expect(t.sheet).toBe('사례');
    expect(t.headers).toEqual(['이름', '생년월일', '이별', '기타', '계산', '오류']);
    expect(t.rows).toEqual([
      { row: 3, cells: ['金英姬', '2012-05-03', '2015-03', 'TRUE', '金英姬!', ''] },
      { row: 4, cells: ['박순옥', '2012-05-03', '', '', '', ''] },
    ]);
    expect(t.problems.map((p) => [p.row, p.columnLetter, p.code])).toEqual([
      [3, 'F', 'cell_error'],
      [4, 'E', 'formula_without_value'],
    ]);
  });

  it('warns that a number 2012.1 may have been typed as 2012.10, and keeps the row', async () => {
    const xml = sheet(
      '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>신청인 이름</x:t></x:is></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>자녀 이름</x:t></x:is></x:c>' +
        '<x:c r="C1" t="inlineStr"><x:is><x:t>관계</x:t></x:is></x:c><x:c r="D1" t="inlineStr"><x:is><x:t>이별 날짜</x:t></x:is></x:c></x:row>' +
        '<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>김영희</x:t></x:is></x:c><x:c r="B2" t="inlineStr"><x:is><x:t>이미영</x:t></x:is></x:c>' +
        '<x:c r="C2" t="inlineStr"><x:is><x:t>딸</x:t></x:is></x:c><x:c r="D2"><x:v>2012.1</x:v></x:c></x:row>',
    );
    const report = await dryRun(book(xml), { currentYear: 2026 });
    expect(report.problems).toMatchObject([{ row: 2, columnLetter: 'D', code: 'number_may_be_month', severity: 'warning' }]);
    expect(report.ok).toBe(true);
    expect(report.cases[0]!.case.sought[0]!.separatedOn).toEqual({ year: 2012, month: 1 });
  });

  it('refuses a zip bomb whose directory lies about sizes, while unpacking', async () => {
    const bytes = book(sheet(`<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>이름</x:t></x:is></x:c></x:row>${' '.repeat(3_000_000)}`));
    // Make every declared size small, as a hostile file would.
    const view = new DataView(bytes.buffer);
    for (let at = 0; at + 46 < bytes.length; at++) if (view.getUint32(at, true) === 0x02014b50) view.setUint32(at + 24, 100, true);
    try {
      await parseTable(bytes, { limits: { maxUnzippedBytes: 1_000_000 } });
      throw new Error('expected a failure');
    } catch (e) {
      expect(e).toBeInstanceOf(IntakeError);
      expect((e as IntakeError).code).toBe('intake.file_too_large');
    }
  });

  it('refuses a huge inline cell while reading it', async () => {
    const xml = sheet(`<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>이름</x:t></x:is></x:c></x:row><x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>${'z'.repeat(100_000)}</x:t></x:is></x:c></x:row>`);
    await expect(parseTable(book(xml))).rejects.toMatchObject({ code: 'intake.cell_too_large', where: { row: 2, columnLetter: 'A' } });
  });

  it('malformed XML inside a valid ZIP is a damaged file', async () => {
    await expect(parseTable(book('<x:worksheet><x:sheetData><x:row>'))).rejects.toMatchObject({ code: 'intake.xlsx_corrupt' });
  });
});
