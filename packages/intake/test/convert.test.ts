import { FileCaseSchema } from '@homeward/contracts';
import { describe, expect, it } from 'vitest';
import { IntakeError, convertRows, dryRun, parseMapping, parseTable, suggestMapping, type DuplicateChecker } from '../src/index.ts';
import { KO_HEADERS, csvText, koreanRows } from './fixtures.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const opts = { currentYear: 2026 };

describe('convertRows', () => {
  it('turns generated rows into valid interchange cases, one per row', async () => {
    const rows = koreanRows(50, 3);
    const report = await dryRun(utf8(csvText([KO_HEADERS, ...rows])), opts);
    expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.cases).toHaveLength(50);
    for (const c of report.cases) expect(FileCaseSchema.safeParse(c.case).success).toBe(true);
    const first = report.cases[0]!;
    expect(first.rows).toEqual([2]);
    expect(first.case.applicant.names[0]!.text).toBe(rows[0]![0]);
    expect(first.case.sought[0]!.names[0]!.text).toBe(rows[0]![1]);
  });

  it('reports every problem by row and column, and keeps bad rows out', async () => {
    const text = csvText([
      KO_HEADERS,
      ['김영희', '이미영', '2012-05-03', '여', '딸', '연변', '2015', ''],
      ['', '최철호', '2012년 13월', '남', '아들', '도문', '봄', ''],
      ['박순옥', '', '약 4세 (2016)', '모름x', '삼촌', 'x'.repeat(501), '', ''],
      ['정은정', '한혜진', '1990년경', '여', '딸', '', '', ''],
    ]);
    const report = await dryRun(utf8(text), opts);
    const summary = report.problems.map((p) => [p.row, p.columnLetter, p.code, p.severity]);
    expect(summary).toEqual([
      [3, 'A', 'name_required', 'error'],
      [3, 'C', 'date_out_of_range', 'error'],
      [3, 'G', 'date_unparseable', 'error'],
      [4, 'B', 'name_required', 'error'],
      [4, 'D', 'value_unrecognised', 'error'],
      [4, 'E', 'value_unrecognised', 'error'],
      [4, 'F', 'value_too_long', 'error'],
      [5, 'C', 'date_approximate', 'warning'],
    ]);
    expect(report.problems[0]!.message).toBe("row 3, column A (신청인 이름): the applicant's name is empty");
    // Never echo values: a leaked log line must not carry a name.
    for (const p of report.problems) expect(p.message).not.toMatch(/최철호|박순옥|xxxxx/);
    expect(report.cases.map((c) => c.rows)).toEqual([[2], [5]]);
    expect(report.rowsRejected).toBe(2);
    expect(report.errors).toBe(7);
    expect(report.warnings).toBe(1);
    expect(report.ok).toBe(false);
  });

  it('needs a relation unless the user chose a default', async () => {
    const table = await parseTable(utf8('신청인 이름,자녀 이름\n김영희,이미영\n'));
    const suggestion = suggestMapping(table.headers);
    expect(convertRows(table, suggestion.mapping, opts).problems.map((p) => p.code)).toEqual(['relation_required']);
    const chosen = parseMapping({ ...suggestion.mapping, defaults: { relation: 'child' } });
    expect(convertRows(table, chosen, opts).cases[0]!.case.sought[0]!.relation).toBe('child');
  });

  it('joins surname and given name the way each script writes them, and splits several names in a cell', async () => {
    const table = await parseTable(utf8('어머니 성,어머니 이름,자녀 이름,Child surname,Child given name,관계\n김,영희,이미영; 李美玲,Li,Meiling,딸\n'));
    const mapping = suggestMapping(table.headers).mapping;
    const c = convertRows(table, mapping, opts);
    expect(c.problems).toEqual([]);
    expect(c.cases[0]!.case.applicant.names).toEqual([{ text: '김영희' }]);
    expect(c.cases[0]!.case.sought[0]!.names).toEqual([{ text: 'Li Meiling' }, { text: '이미영' }, { text: '李美玲' }]);
  });

  it('groups rows by a case key: one applicant, several sought persons', async () => {
    const table = await parseTable(utf8('사례번호,신청인 이름,자녀 이름,관계\nA1,김영희,이미영,딸\nA1,,이철호,아들\nA2,박순옥,최은정,딸\nA1,김순자,이민지,딸\n'));
    const c = convertRows(table, suggestMapping(table.headers).mapping, opts);
    expect(c.cases.map((x) => [x.rows, x.case.applicant.names[0]!.text, x.case.sought.map((s) => s.names[0]!.text)])).toEqual([
      [[2, 3, 5], '김영희', ['이미영', '이철호', '이민지']],
      [[4], '박순옥', ['최은정']],
    ]);
    expect(c.problems).toMatchObject([{ row: 5, code: 'case_conflict', severity: 'warning' }]);
  });

  it('a mapping naming a column the file lacks is refused as a whole', async () => {
    const table = await parseTable(utf8('이름\n김영희\n'));
    const mapping = parseMapping({ version: 1, columns: [{ header: '생년월일', field: 'sought.birth' }] });
    expect(() => convertRows(table, mapping)).toThrow(IntakeError);
  });

  it('a saved mapping carries how to read the file', async () => {
    const text = '가상 사례 목록\n신청인 이름;자녀 이름;관계\n김영희;이미영;딸\n';
    const mapping = parseMapping({
      version: 1,
      source: { headerRow: 2, delimiter: ';' },
      columns: [
        { header: '신청인 이름', field: 'applicant.name' },
        { header: '자녀 이름', field: 'sought.name' },
        { header: '관계', field: 'sought.relation' },
      ],
    });
    const report = await dryRun(utf8(text), { ...opts, mapping });
    expect(report.ok).toBe(true);
    expect(report.cases[0]!.rows).toEqual([3]);
  });

  it('ragged rows from the parser are errors of their row', async () => {
    const report = await dryRun(utf8('신청인 이름,자녀 이름,관계\n김영희,이미영,딸\n박,순옥,최은정,딸\n'), opts);
    expect(report.problems[0]).toMatchObject({ row: 3, code: 'ragged_row', severity: 'error' });
    expect(report.problems.every((p) => p.row === 3)).toBe(true);
    expect(report.cases).toHaveLength(1);
  });

  it('asks the place hook and warns about places it does not know, keeping the text', async () => {
    const table = await parseTable(utf8('신청인 이름,자녀 이름,관계,마지막 거주지\n김영희,이미영,딸,룡정\n박순옥,최은정,딸,어딘가\n'));
    const c = convertRows(table, suggestMapping(table.headers).mapping, { ...opts, knownPlace: (t) => t === '룡정' });
    expect(c.problems).toMatchObject([{ row: 3, columnLetter: 'D', code: 'place_unknown', severity: 'warning' }]);
    expect(c.cases.map((x) => x.case.sought[0]!.lastKnownPlace)).toEqual(['룡정', '어딘가']);
  });

  it('reports progress every 1,000 rows and at the end', async () => {
    const table = await parseTable(utf8(csvText([KO_HEADERS, ...koreanRows(2500, 5)])));
    const seen: Array<[number, number]> = [];
    convertRows(table, suggestMapping(KO_HEADERS).mapping, { ...opts, onProgress: (d, t) => seen.push([d, t]) });
    expect(seen).toEqual([[1000, 2500], [2000, 2500], [2500, 2500]]);
  });

  it('calls the duplicate hook with the converted cases and reports its findings', async () => {
    const hook: DuplicateChecker = (cases) => [{ rows: cases.flatMap((c) => c.rows), score: 0.9, explanation: 'same sought name and birth year' }];
    const report = await dryRun(utf8('신청인 이름,자녀 이름,관계,생년월일\n김영희,이미영,딸,2012\n김영희,이미영,딸,2012\n'), { ...opts, findDuplicates: hook });
    expect(report.duplicates).toEqual([{ rows: [2, 3], score: 0.9, explanation: 'same sought name and birth year' }]);
  });
});
