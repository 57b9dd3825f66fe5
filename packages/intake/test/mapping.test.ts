import { describe, expect, it } from 'vitest';
import { IntakeError, parseMapping, suggestMapping } from '../src/index.ts';
import { EN_HEADERS, KO_HEADERS, ZH_HEADERS } from './fixtures.ts';

const fields = (headers: string[]) => suggestMapping(headers).columns.map((c) => c.field);

describe('suggestMapping in three languages', () => {
  const expected = ['applicant.name', 'sought.name', 'sought.birth', 'sought.sex', 'sought.relation', 'sought.lastKnownPlace', 'sought.separatedOn', 'notes'];
  it.each([
    ['Korean', KO_HEADERS],
    ['Chinese', ZH_HEADERS],
    ['English', EN_HEADERS],
  ])('%s headers', (_lang, headers) => {
    const s = suggestMapping(headers);
    expect(s.columns.map((c) => c.field)).toEqual(expected);
    for (const c of s.columns) {
      expect(c.score).toBeGreaterThan(0.5);
      expect(c.reason).toMatch(/header (is|contains)/);
    }
    expect(s.missing).toEqual([]);
  });

  it('knows the common synonyms', () => {
    expect(fields(['성명', '姓名', 'Name'])).toEqual(['applicant.name', 'sought.name', 'sought.name']);
    expect(fields(['어머니 성', '어머니 이름', '자녀 성', '자녀 이름'])).toEqual(['applicant.surname', 'applicant.givenName', 'sought.surname', 'sought.givenName']);
    expect(fields(['母亲姓', '孩子姓名', '出生日期', '性别'])).toEqual(['applicant.surname', 'sought.name', 'sought.birth', 'sought.sex']);
    expect(fields(['Mother surname', 'Child given name', 'Child surname', 'DOB', 'Gender'])).toEqual([
      'applicant.surname', 'sought.givenName', 'sought.surname', 'sought.birth', 'sought.sex',
    ]);
    expect(fields(['이별 경위', '分离经过', '최종 거주지', '最后居住地', '비고', '备注', 'Remarks'])).toEqual([
      'sought.separationCircumstances', 'sought.separationCircumstances', 'sought.lastKnownPlace', 'sought.lastKnownPlace', 'notes', 'notes', 'notes',
    ]);
  });

  it('without a word saying whose, birth and sex follow the nearest name column before them', () => {
    const s = suggestMapping(['이름', '생년월일', '성별', '이름', '생년월일', '성별']);
    expect(s.columns.map((c) => c.field)).toEqual(['applicant.name', 'applicant.birth', 'applicant.sex', 'sought.name', 'sought.birth', 'sought.sex']);
    expect(s.columns[0]!.score).toBeLessThan(0.95);
    expect(s.columns[1]!.reason).toMatch(/nearest name column/);
  });

  it('marks kinds and scripts of name columns', () => {
    const s = suggestMapping(['신청인 이름', '자녀 중국 이름', '자녀 별명', 'Child name (pinyin)']);
    expect(s.columns.map((c) => [c.field, c.kind, c.script])).toEqual([
      ['applicant.name', undefined, undefined],
      ['sought.name', 'chinese', undefined],
      ['sought.name', 'nickname', undefined],
      ['sought.name', undefined, 'latin'],
    ]);
    expect(s.mapping.columns[1]).toEqual({ header: '자녀 중국 이름', field: 'sought.name', kind: 'chinese' });
  });

  it('does not mistake look-alikes: 성별 is no surname, village no age, birthplace no birth date', () => {
    expect(fields(['성별', 'Village', '출생지', 'Birthplace'])).toEqual(['sought.sex', 'ignore', 'ignore', 'ignore']);
  });

  it('leaves unknown columns as ignore with score 0 and says what is missing', () => {
    const s = suggestMapping(['전화', 'foo']);
    expect(s.columns.every((c) => c.field === 'ignore' && c.score === 0)).toBe(true);
    expect(s.missing.map((m) => m.code)).toEqual(['applicant_name', 'sought_name', 'relation']);
  });

  it('flags a second column for a single-valued field', () => {
    const s = suggestMapping(['자녀 이름', '생년월일', '출생일']);
    expect(s.columns[2]!.score).toBeLessThanOrEqual(0.3);
  });
});

describe('mapping files', () => {
  it('a suggestion is a valid mapping file as JSON', () => {
    const s = suggestMapping(KO_HEADERS);
    expect(parseMapping(JSON.parse(JSON.stringify(s.mapping)))).toEqual(s.mapping);
  });

  it('reports every problem with its path', () => {
    try {
      parseMapping({ version: 2, columns: [{ header: '이름', field: 'applicant.nmae' }], extra: true });
      throw new Error('expected a failure');
    } catch (e) {
      expect(e).toBeInstanceOf(IntakeError);
      const err = e as IntakeError;
      expect(err.code).toBe('intake.mapping_invalid');
      expect(err.message).toMatch(/version/);
      expect(err.message).toMatch(/columns\.0\.field/);
      expect(err.message).toMatch(/extra/);
    }
  });

  it('remembers how to read the file', () => {
    const m = parseMapping({ version: 1, source: { headerRow: 3, sheet: '사례', encoding: 'euc-kr', delimiter: ';' }, columns: [] });
    expect(m.source).toEqual({ headerRow: 3, sheet: '사례', encoding: 'euc-kr', delimiter: ';' });
    expect(() => parseMapping({ version: 1, source: { encoding: 'latin-1' }, columns: [] })).toThrow(IntakeError);
  });

  it('fills defaults', () => {
    expect(parseMapping({ version: 1, columns: [] }).defaults).toEqual({});
  });
});
