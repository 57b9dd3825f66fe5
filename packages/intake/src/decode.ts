import iconv from 'iconv-lite';
import { IntakeError } from './errors.ts';

/** The text encodings an NGO's spreadsheet export is likely to be in. */
export const ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'euc-kr', 'gb18030'] as const;
export type Encoding = (typeof ENCODINGS)[number];

export interface EncodingDetection {
  encoding: Encoding;
  /** Whether a byte-order mark was found (and stripped). */
  bom: boolean;
  /** 0..1: how sure the detector is. 1 for a BOM or pure ASCII. */
  confidence: number;
  /** One sentence a caseworker can read, e.g. "valid UTF-8 without BOM". */
  reason: string;
}

export interface DecodedText {
  text: string;
  detection: EncodingDetection;
}

// EUC-KR here means Windows code page 949 (Unified Hangul Code), its superset
// that Korean Excel actually writes; iconv-lite's cp949 table covers both.
const ICONV_NAME: Record<Encoding, string> = {
  'utf-8': 'utf-8',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  'euc-kr': 'cp949',
  'gb18030': 'gb18030',
};

const LABEL: Record<Encoding, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  'euc-kr': 'EUC-KR (CP949)',
  'gb18030': 'GB18030',
};

// Hangul syllables and hanzi that are frequent in Korean and Chinese case
// lists (surnames, given-name syllables, places of the border region, common
// words). A legacy file read in the wrong one of the two code pages still
// gives valid characters, but rare ones: the share of frequent characters is
// what tells EUC-KR from GB18030.
const FREQUENT_HANGUL = new Set(
  Array.from(
    '이다의는에하고가을서지로한기있사자도들것으리수일어대정시해나인아와구주제전오국보게스부상여생성내면만장그동우라경원소과연공유세문화위학민조적무산요신당물되실마관했모비개중방년미안선' +
      '김박최강윤임한서권황송류홍고양손배백허남심노곽차진엄채천현함변염추석설길표명반왕금옥육맹탁용예봉' +
      '영숙희순은혜현철호준훈광룡혁향란련춘복분애옥순녀남딸들엄니버님어머니아버지자녀아이' +
      '도시군구동리읍면로길번지북함평강원황해량혜청회령온길림연변룡용정훈춘화도문녕흑중국조선' +
      '살세약경쯤월일년날짜메모없음모름미상기타관계성별이름주소거주지',
  ),
);
const FREQUENT_HANZI = new Set(
  Array.from(
    '的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坏兴切律存集' +
      '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤朴' +
      '美玲丽华英明伟芳娜秀敏静军强磊洋勇艳杰娟涛超霞平刚桂红梅兰凤春玉云海燕丹晶鑫浩宇轩涵欣怡婷佳琳哲顺淑贞姬喜' +
      '吉延边井图们和珲春黑辽宁省县镇村街号州朝鲜族母亲儿女孙姐妹兄弟其他备注说明地址居住最后出日期性别关系姓名岁约左右不详未知',
  ),
);

const isHangulSyllable = (cp: number): boolean => cp >= 0xac00 && cp <= 0xd7a3;
const isHan = (cp: number): boolean => (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf);

/** Byte offset of the first byte that is not valid UTF-8 (WHATWG rules), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f; // surrogates are not characters
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      const l = k === 1 ? lo : 0x80;
      const h = k === 1 ? hi : 0xbf;
      if (c < l || c > h) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** Byte offset of the first byte not valid in CP949 (EUC-KR + UHC) structure, or -1. */
function firstInvalidCp949(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    if (b < 0x81 || b > 0xfe) return i;
    const t = bytes[i + 1];
    if (t === undefined) return i;
    if (!((t >= 0x41 && t <= 0x5a) || (t >= 0x61 && t <= 0x7a) || (t >= 0x81 && t <= 0xfe))) return i;
    i += 2;
  }
  return -1;
}

/** Byte offset of the first byte not valid in GB18030 structure, or -1. */
function firstInvalidGb18030(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    if (b < 0x81 || b > 0xfe) return i;
    const t = bytes[i + 1];
    if (t === undefined) return i;
    if ((t >= 0x40 && t <= 0x7e) || (t >= 0x80 && t <= 0xfe)) {
      i += 2;
      continue;
    }
    if (t >= 0x30 && t <= 0x39) {
      const b3 = bytes[i + 2];
      const b4 = bytes[i + 3];
      if (b3 === undefined || b4 === undefined || b3 < 0x81 || b3 > 0xfe || b4 < 0x30 || b4 > 0x39) return i;
      i += 4;
      continue;
    }
    return i;
  }
  return -1;
}

/** Byte offset of the first invalid UTF-16 code unit (odd length, lone surrogate), or -1. */
function firstInvalidUtf16(bytes: Uint8Array, littleEndian: boolean): number {
  const unit = (i: number): number => (littleEndian ? bytes[i]! | (bytes[i + 1]! << 8) : (bytes[i]! << 8) | bytes[i + 1]!);
  const even = bytes.length - (bytes.length % 2);
  let i = 0;
  while (i < even) {
    const u = unit(i);
    if (u >= 0xd800 && u <= 0xdbff) {
      if (i + 2 >= even) return i;
      const v = unit(i + 2);
      if (v < 0xdc00 || v > 0xdfff) return i;
      i += 4;
      continue;
    }
    if (u >= 0xdc00 && u <= 0xdfff) return i;
    i += 2;
  }
  return bytes.length % 2 === 1 ? bytes.length - 1 : -1;
}

function firstInvalid(bytes: Uint8Array, encoding: Encoding): number {
  switch (encoding) {
    case 'utf-8':
      return firstInvalidUtf8(bytes);
    case 'utf-16le':
      return firstInvalidUtf16(bytes, true);
    case 'utf-16be':
      return firstInvalidUtf16(bytes, false);
    case 'euc-kr':
      return firstInvalidCp949(bytes);
    case 'gb18030':
      return firstInvalidGb18030(bytes);
  }
}

/** 1-based physical line of a byte offset: counts LF (as a code unit in UTF-16). */
function lineAt(bytes: Uint8Array, offset: number, encoding: Encoding): number {
  let line = 1;
  if (encoding === 'utf-16le' || encoding === 'utf-16be') {
    const lf = encoding === 'utf-16le' ? 0 : 1;
    for (let i = 0; i + 1 < offset; i += 2) if (bytes[i + lf] === 0x0a && bytes[i + 1 - lf] === 0) line++;
    return line;
  }
  // LF never appears inside a multi-byte sequence of UTF-8, CP949 or GB18030.
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/**
 * In a legacy code page a well-formed pair can still be unassigned; iconv-lite
 * then yields U+FFFD. Walk bytes and code points together to find its offset.
 */
function firstUnmapped(bytes: Uint8Array, text: string, encoding: 'euc-kr' | 'gb18030'): number {
  const at = text.indexOf('\uFFFD');
  if (at < 0) return -1;
  let byte = 0;
  let unit = 0;
  while (unit < at && byte < bytes.length) {
    const b = bytes[byte]!;
    let len = 1;
    if (b >= 0x81) len = encoding === 'gb18030' && (bytes[byte + 1] ?? 0) >= 0x30 && (bytes[byte + 1] ?? 0) <= 0x39 ? 4 : 2;
    const cp = text.codePointAt(unit) ?? 0;
    unit += cp > 0xffff ? 2 : 1;
    byte += len;
  }
  return byte;
}

function decodeWith(bytes: Uint8Array, encoding: Encoding): string {
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), ICONV_NAME[encoding]);
}

function invalidError(bytes: Uint8Array, encoding: Encoding, offset: number, hint: string): IntakeError {
  const line = lineAt(bytes, offset, encoding);
  return new IntakeError(
    'intake.encoding_invalid',
    `The file is not valid ${LABEL[encoding]}: byte ${offset} (line ${line}) cannot be read.${hint}`,
    { byteOffset: offset, line },
    { encoding },
  );
}

interface LegacyScore {
  encoding: 'euc-kr' | 'gb18030';
  text: string;
  /** Share of non-ASCII characters that are frequent in that language. */
  score: number;
  nonAscii: number;
}

function scoreLegacy(bytes: Uint8Array, encoding: 'euc-kr' | 'gb18030'): LegacyScore | undefined {
  if (firstInvalid(bytes, encoding) >= 0) return undefined;
  const text = decodeWith(bytes, encoding);
  if (firstUnmapped(bytes, text, encoding) >= 0) return undefined;
  let nonAscii = 0;
  let good = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) continue;
    nonAscii++;
    // Frequent Hangul counts for both: a GB18030 file can hold Korean names
    // (four-byte sequences), which an EUC-KR file misread never produces.
    if (isHangulSyllable(cp)) good += FREQUENT_HANGUL.has(ch) ? 1 : 0.15;
    else if (isHan(cp)) good += FREQUENT_HANZI.has(ch) ? 1 : 0.15;
    else if (cp >= 0x3000 && cp <= 0x303f) good += 0.5; // CJK punctuation
    else if (cp >= 0xff00 && cp <= 0xffef) good += 0.5; // full-width forms
  }
  return { encoding, text, score: nonAscii === 0 ? 0 : good / nonAscii, nonAscii };
}

function bomOf(bytes: Uint8Array): { encoding: Encoding; length: number } | undefined {
  const [a, b, c, d] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (a === 0xff && b === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (a === 0xfe && b === 0xff) return { encoding: 'utf-16be', length: 2 };
  if (a === 0x84 && b === 0x31 && c === 0x95 && d === 0x33) return { encoding: 'gb18030', length: 4 };
  return undefined;
}

/** UTF-16 without a BOM: text files are full of ASCII, so one byte of each pair is mostly zero. */
function utf16Guess(bytes: Uint8Array): { encoding: 'utf-16le' | 'utf-16be'; confidence: number } | undefined {
  if (bytes.length < 4 || bytes.length % 2 === 1) return undefined;
  const sample = Math.min(bytes.length, 64 * 1024);
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i + 1 < sample; i += 2) {
    if (bytes[i] === 0) zeroEven++;
    if (bytes[i + 1] === 0) zeroOdd++;
  }
  const pairs = Math.floor(sample / 2);
  // NUL never occurs in UTF-8, CP949 or GB18030 text; a lot of it on one side is UTF-16.
  if (zeroOdd / pairs >= 0.1 && zeroEven / pairs < 0.02) return { encoding: 'utf-16le', confidence: Math.min(0.99, 0.8 + zeroOdd / pairs) };
  if (zeroEven / pairs >= 0.1 && zeroOdd / pairs < 0.02) return { encoding: 'utf-16be', confidence: Math.min(0.99, 0.8 + zeroEven / pairs) };
  return undefined;
}

/**
 * Guesses the encoding of a text file without decoding it for the caller.
 * Order: byte-order mark, UTF-16 by zero bytes, strict UTF-8, then EUC-KR
 * against GB18030 by how many frequent Korean or Chinese characters each
 * reading gives. Throws IntakeError('intake.encoding_unknown') when no
 * supported encoding reads the bytes.
 * Example: `detectEncoding(new TextEncoder().encode('이름\n')).encoding === 'utf-8'`.
 */
export function detectEncoding(bytes: Uint8Array): EncodingDetection {
  return detectAndDecode(bytes).detection;
}

function detectAndDecode(bytes: Uint8Array): DecodedText {
  const bom = bomOf(bytes);
  if (bom) {
    const body = bytes.subarray(bom.length);
    const bad = firstInvalid(body, bom.encoding);
    if (bad >= 0) throw invalidError(bytes, bom.encoding, bad + bom.length, ' The file starts with its byte-order mark, so no other encoding was tried.');
    return {
      text: decodeWith(body, bom.encoding),
      detection: { encoding: bom.encoding, bom: true, confidence: 1, reason: `${LABEL[bom.encoding]} byte-order mark` },
    };
  }
  const u16 = utf16Guess(bytes);
  if (u16 && firstInvalid(bytes, u16.encoding) < 0) {
    return {
      text: decodeWith(bytes, u16.encoding),
      detection: { encoding: u16.encoding, bom: false, confidence: u16.confidence, reason: `${LABEL[u16.encoding]} without byte-order mark (zero bytes in every other position)` },
    };
  }
  const badUtf8 = firstInvalidUtf8(bytes);
  if (badUtf8 < 0) {
    let ascii = true;
    for (const b of bytes) if (b >= 0x80) { ascii = false; break; }
    return {
      text: decodeWith(bytes, 'utf-8'),
      detection: ascii
        ? { encoding: 'utf-8', bom: false, confidence: 1, reason: 'ASCII only: every supported encoding reads it the same' }
        : { encoding: 'utf-8', bom: false, confidence: 0.99, reason: 'valid UTF-8 without byte-order mark' },
    };
  }
  const candidates = [scoreLegacy(bytes, 'euc-kr'), scoreLegacy(bytes, 'gb18030')].filter((c): c is LegacyScore => c !== undefined);
  if (candidates.length === 0) {
    const line = lineAt(bytes, badUtf8, 'utf-8');
    throw new IntakeError(
      'intake.encoding_unknown',
      `The file's encoding could not be recognised: it is not UTF-8 (byte ${badUtf8}, line ${line}), UTF-16, EUC-KR or GB18030. Save it from the spreadsheet as "CSV UTF-8" and try again.`,
      { byteOffset: badUtf8, line },
      { tried: 'utf-8,utf-16le,utf-16be,euc-kr,gb18030' },
    );
  }
  candidates.sort((a, b) => b.score - a.score);
  const best = candidates[0]!;
  const other = candidates[1];
  // Confidence: the margin over the other reading, damped when there are few
  // non-ASCII characters to judge by.
  const margin = other ? (best.score - other.score) / Math.max(best.score, 1e-9) : 1;
  const sampleWeight = Math.min(1, best.nonAscii / 20);
  const confidence = Math.round(Math.max(0.05, Math.min(0.99, best.score * (0.5 + 0.5 * margin) * (0.5 + 0.5 * sampleWeight))) * 100) / 100;
  const why = other
    ? `${Math.round(best.score * 100)}% frequent characters read as ${LABEL[best.encoding]}, ${Math.round(other.score * 100)}% as ${LABEL[other.encoding]}`
    : `only ${LABEL[best.encoding]} reads every byte`;
  return { text: best.text, detection: { encoding: best.encoding, bom: false, confidence, reason: `not UTF-8; ${why}` } };
}

/**
 * Bytes of a text file to a string: detects the encoding unless one is given,
 * strips a byte-order mark, and refuses bytes the encoding cannot read with
 * IntakeError('intake.encoding_invalid') naming the byte offset and line.
 * Example: `decodeText(bytes).detection.encoding // 'euc-kr'`;
 * `decodeText(bytes, { encoding: 'utf-8' })` to insist on UTF-8.
 */
export function decodeText(bytes: Uint8Array, options: { encoding?: Encoding } = {}): DecodedText {
  if (bytes.length === 0) throw new IntakeError('intake.empty_file', 'The file is empty.');
  const forced = options.encoding;
  if (forced === undefined) return detectAndDecode(bytes);
  const bom = bomOf(bytes);
  const skip = bom && bom.encoding === forced ? bom.length : 0;
  const body = bytes.subarray(skip);
  const bad = firstInvalid(body, forced);
  if (bad >= 0) {
    let hint = '';
    try {
      const guess = detectAndDecode(bytes).detection;
      if (guess.encoding !== forced) hint = ` It looks like ${LABEL[guess.encoding]} (confidence ${guess.confidence}).`;
    } catch {
      // No better guess to offer; the error below is still the right one.
    }
    throw invalidError(bytes, forced, bad + skip, hint);
  }
  const text = decodeWith(body, forced);
  if (forced === 'euc-kr' || forced === 'gb18030') {
    const unmapped = firstUnmapped(body, text, forced);
    if (unmapped >= 0) throw invalidError(bytes, forced, unmapped + skip, ' That byte sequence is not assigned to any character.');
  }
  return {
    text,
    detection: { encoding: forced, bom: skip > 0, confidence: 1, reason: `${LABEL[forced]} as requested` },
  };
}

/**
 * A string to bytes in one of the supported encodings (for exports to tools
 * that still want EUC-KR, and for tests). UTF-8 gets no BOM unless asked.
 * Example: `encodeText('이름', 'euc-kr')`.
 */
export function encodeText(text: string, encoding: Encoding, options: { bom?: boolean } = {}): Uint8Array {
  const body = iconv.encode(text, ICONV_NAME[encoding], { addBOM: options.bom ?? false });
  return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
}
