import { describe, expect, it } from 'vitest';
import { IntakeError, decodeText, detectEncoding, encodeText, type Encoding } from '../src/index.ts';
import { KO_HEADERS, ZH_HEADERS, chineseRows, csvText, koreanRows } from './fixtures.ts';

const korean = csvText([KO_HEADERS, ...koreanRows(20)]);
const chinese = csvText([ZH_HEADERS, ...chineseRows(20)]);

function thrown(f: () => unknown): IntakeError {
  try {
    f();
  } catch (e) {
    if (e instanceof IntakeError) return e;
    throw e;
  }
  throw new Error('expected an IntakeError');
}

describe('round trips: every supported encoding, detected', () => {
  const texts: Record<string, string> = { Korean: korean, Chinese: chinese };
  const cases: Array<[string, Encoding, boolean]> = [
    ['Korean', 'utf-8', false],
    ['Korean', 'utf-8', true],
    ['Chinese', 'utf-8', false],
    ['Chinese', 'utf-8', true],
    ['Korean', 'utf-16le', true],
    ['Korean', 'utf-16le', false],
    ['Chinese', 'utf-16be', true],
    ['Chinese', 'utf-16be', false],
    ['Korean', 'euc-kr', false],
    ['Chinese', 'gb18030', false],
    ['Korean', 'gb18030', false],
  ];
  it.each(cases)('%s text in %s (BOM %s)', (lang, encoding, bom) => {
    const text = texts[lang]!;
    const bytes = encodeText(text, encoding, { bom });
    const decoded = decodeText(bytes);
    expect(decoded.text).toBe(text);
    expect(decoded.detection.encoding).toBe(encoding);
    expect(decoded.detection.bom).toBe(bom);
    expect(decoded.detection.confidence).toBeGreaterThan(0.5);
    expect(decoded.detection.reason.length).toBeGreaterThan(0);
  });

  it('UTF-16 without BOM and almost no ASCII (only delimiters) is still found', () => {
    const text = '김영희,이미영\n박순옥,최은정\n';
    for (const encoding of ['utf-16le', 'utf-16be'] as const) {
      const d = decodeText(encodeText(text, encoding));
      expect(d.detection.encoding).toBe(encoding);
      expect(d.text).toBe(text);
    }
  });

  it('pure ASCII is read as UTF-8 with full confidence', () => {
    const d = decodeText(encodeText('name,birth\nKim Young-hee,2012\n', 'utf-8'));
    expect(d.detection).toMatchObject({ encoding: 'utf-8', confidence: 1 });
  });
});

describe('EUC-KR against GB18030 on small files', () => {
  // Measured on many small generated files: the hard case is a few names only.
  it('tells them apart on 200 generated three-row, three-column files at least 95% of the time', () => {
    let right = 0;
    let total = 0;
    for (let i = 0; i < 100; i++) {
      const ko = csvText(koreanRows(3, 1000 + i).map((row) => row.slice(0, 3)));
      const zh = csvText(chineseRows(3, 2000 + i).map((row) => row.slice(0, 3)));
      if (detectEncoding(encodeText(ko, 'euc-kr')).encoding === 'euc-kr') right++;
      if (detectEncoding(encodeText(zh, 'gb18030')).encoding === 'gb18030') right++;
      total += 2;
    }
    expect(right / total).toBeGreaterThanOrEqual(0.95);
  });
});

describe('mixed scripts', () => {
  it('EUC-KR with Hanja names beside Hangul is still EUC-KR', () => {
    const text = '신청인 이름,한자 이름,자녀 이름\n김영희,金英姬,이미영\n박순옥,朴順玉,최은정\n';
    const d = decodeText(encodeText(text, 'euc-kr'));
    expect(d.detection.encoding).toBe('euc-kr');
    expect(d.text).toBe(text);
  });

  it('GB18030 with Korean names beside Chinese is still GB18030', () => {
    const text = '申请人姓名,朝鲜文名,子女姓名\n金英姬,김영희,李美玲\n朴顺玉,박순옥,崔哲浩\n';
    const d = decodeText(encodeText(text, 'gb18030'));
    expect(d.detection.encoding).toBe('gb18030');
    expect(d.text).toBe(text);
  });
});

describe('wrong or undecodable encodings give clear errors', () => {
  it('names the byte offset and line when a forced encoding does not fit, and suggests the likely one', () => {
    const bytes = encodeText(korean, 'euc-kr');
    const e = thrown(() => decodeText(bytes, { encoding: 'utf-8' }));
    expect(e.code).toBe('intake.encoding_invalid');
    expect(e.where.byteOffset).toBe(0);
    expect(e.where.line).toBe(1);
    expect(e.message).toMatch(/not valid UTF-8: byte 0 \(line 1\)/);
    expect(e.message).toMatch(/looks like EUC-KR/);
  });

  it('finds a bad byte deep in an otherwise UTF-8 file on its line', () => {
    const good = new TextEncoder().encode('이름,생년월일\n김영희,2012\n');
    const bytes = new Uint8Array([...good, 0xff, 0xfe, 0x0a]);
    const e = thrown(() => decodeText(bytes, { encoding: 'utf-8' }));
    expect(e.where).toEqual({ byteOffset: good.length, line: 3 });
  });

  it('refuses bytes no supported encoding reads, naming offset and line', () => {
    const bytes = new Uint8Array([0x61, 0x2c, 0x62, 0x0a, 0xff, 0xff, 0xff, 0x0a]);
    const e = thrown(() => decodeText(bytes));
    expect(e.code).toBe('intake.encoding_unknown');
    expect(e.where).toEqual({ byteOffset: 4, line: 2 });
    expect(e.message).toMatch(/UTF-8/);
  });

  it('a BOM that lies is an error, not a silent guess', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0xc0, 0xcc, 0xff]);
    const e = thrown(() => decodeText(bytes));
    expect(e.code).toBe('intake.encoding_invalid');
    expect(e.where.byteOffset).toBe(4);
  });

  it('odd-length UTF-16 names its last byte', () => {
    const bytes = encodeText('이름\n', 'utf-16le', { bom: true });
    const e = thrown(() => decodeText(bytes.subarray(0, bytes.length - 1)));
    expect(e.where.byteOffset).toBe(bytes.length - 2);
  });

  it('an empty file is its own error', () => {
    expect(thrown(() => decodeText(new Uint8Array())).code).toBe('intake.empty_file');
  });
});
