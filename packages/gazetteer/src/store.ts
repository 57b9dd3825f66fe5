/**
 * The binary layout of data/gazetteer.bin.gz: the place rows as TSV text
 * plus a prebuilt index (sorted keys, postings, typo bigrams) as typed
 * arrays. Loading is one gunzip and a few views: no per-key work, which is
 * what keeps load under half a second with ~90,000 places and ~500,000 keys.
 *
 * Layout: "HWG1", u32 header length, header JSON, then 4-byte aligned
 * sections named in the header. Strings are UTF-8; their offset arrays count
 * UTF-16 code units of the decoded string.
 */
import { rowKeys, fuzzyForm, inFuzzyScope, bigrams, MIN_FUZZY_LENGTH, COL, LEVELS, KIND_BITS, FUZZY_KINDS } from './keys.ts';

export interface Store {
  /** One row a line, sorted by code (so code lookup is a binary search). */
  rowsText: string;
  rowStart: Int32Array;
  parent: Int32Array;
  level: Uint8Array;
  /** Sorted keys, one a line. */
  keysText: string;
  keyStart: Int32Array;
  /** Number of postings of each key (the file stores counts; starts are summed at load). */
  postCount: Uint16Array;
  postStart: Int32Array;
  postings: Int32Array;
  gramsText: string;
  gramPostStart: Int32Array;
  gramPostings: Int32Array;
}

type Section = { name: keyof Store; kind: 'text' | 'text16' | 'i32' | 'u16' | 'u8' };
// Line starts and posting starts are not stored: they are derived at load in
// a few milliseconds and would otherwise be a third of the compressed file.
const SECTIONS: Section[] = [
  { name: 'rowsText', kind: 'text' }, { name: 'parent', kind: 'i32' }, { name: 'level', kind: 'u8' },
  // Keys are mostly Hangul and Chinese: UTF-16 is no larger than UTF-8 for
  // them and decodes about fifty times faster.
  { name: 'keysText', kind: 'text16' }, { name: 'postCount', kind: 'u16' },
  { name: 'postings', kind: 'i32' }, { name: 'gramsText', kind: 'text' }, { name: 'gramPostStart', kind: 'i32' }, { name: 'gramPostings', kind: 'i32' },
];

const LAZY: ReadonlySet<keyof Store> = new Set(['gramPostings']);

/** Start offsets of the lines of a text (plus one past the end). */
function lineStarts(text: string, count: number): Int32Array {
  const out = new Int32Array(count + 1);
  let pos = 0;
  for (let i = 0; i < count; i++) {
    out[i] = pos;
    pos = text.indexOf('\n', pos) + 1;
  }
  out[count] = pos;
  return out;
}

function prefixSums(counts: Uint16Array): Int32Array {
  const out = new Int32Array(counts.length + 1);
  for (let i = 0; i < counts.length; i++) out[i + 1] = out[i]! + counts[i]!;
  return out;
}

/** Builds the store from place rows (parents before children). Example: `buildStore([['CN-22', '', 'province', '吉林省', ...]])`. */
export function buildStore(rows: readonly string[][]): Store {
  const n = rows.length;
  const lines = rows.map((r) => r.join('\t'));
  const rowStart = new Int32Array(n + 1);
  let pos = 0;
  for (let i = 0; i < n; i++) { rowStart[i] = pos; pos += lines[i]!.length + 1; }
  rowStart[n] = pos;
  const rowsText = lines.join('\n') + '\n';
  const byCode = new Map<string, number>();
  const parent = new Int32Array(n).fill(-1);
  const level = new Uint8Array(n);
  const keyMap = new Map<string, Set<number>>();
  const fuzzyKeys = new Set<string>();
  for (let i = 0; i < n; i++) {
    const f = rows[i]!;
    byCode.set(f[COL.code]!, i);
    if (f[COL.parent]) {
      const p = byCode.get(f[COL.parent]!);
      if (p === undefined) throw new Error(`parent ${f[COL.parent]} of ${f[COL.code]} must come first`);
      parent[i] = p;
    }
    const lv = LEVELS.indexOf(f[COL.level] as (typeof LEVELS)[number]);
    if (lv < 0) throw new Error(`bad level in ${f[COL.code]}`);
    level[i] = lv;
    const fuzzy = inFuzzyScope(f[COL.code]!, f[COL.level]!);
    rowKeys(f, (key, kind) => {
      if (!key) return;
      let set = keyMap.get(key);
      if (!set) keyMap.set(key, (set = new Set()));
      set.add((i << KIND_BITS) | kind);
      if (fuzzy && FUZZY_KINDS.has(kind) && (fuzzyForm(key)?.length ?? 0) >= MIN_FUZZY_LENGTH) fuzzyKeys.add(key);
    });
  }
  for (let i = 1; i < n; i++) if (!(rows[i - 1]![COL.code]! < rows[i]![COL.code]!)) throw new Error('rows must be sorted by code');
  const keys = [...keyMap.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const keyId = new Map(keys.map((k, i) => [k, i]));
  const postCount = new Uint16Array(keys.length);
  const post: number[] = [];
  keys.forEach((k, i) => {
    const list = [...keyMap.get(k)!].sort((a, b) => a - b).slice(0, 65535);
    postCount[i] = list.length;
    for (const p of list) post.push(p);
  });
  const keysText = keys.join('\n') + '\n';
  const gramMap = new Map<string, number[]>();
  for (const k of [...fuzzyKeys].sort()) {
    for (const g of bigrams(fuzzyForm(k)!)) {
      if (g.length !== 2) continue;
      let l = gramMap.get(g);
      if (!l) gramMap.set(g, (l = []));
      l.push(keyId.get(k)!);
    }
  }
  // Each bigram's keys sorted by length, so a typo search reads only the keys
  // of about the query's length (a binary search finds that stretch).
  for (const l of gramMap.values()) l.sort((a, b) => keys[a]!.length - keys[b]!.length || a - b);
  const grams = [...gramMap.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const gramPostStart = new Int32Array(grams.length + 1);
  const gramPost: number[] = [];
  grams.forEach((g, i) => { gramPostStart[i] = gramPost.length; gramPost.push(...gramMap.get(g)!); });
  gramPostStart[grams.length] = gramPost.length;
  return {
    rowsText, rowStart, parent, level,
    keysText, keyStart: lineStarts(keysText, keys.length), postCount, postStart: prefixSums(postCount), postings: Int32Array.from(post),
    gramsText: grams.join(''), gramPostStart, gramPostings: Int32Array.from(gramPost),
  };
}

const pad4 = (n: number) => (n + 3) & ~3;

// 32-bit integers are stored as four byte planes (all low bytes, then the
// next...): the high planes are nearly constant, so gzip shrinks them to
// almost nothing; the file is 40% smaller than with plain little-endian ints.
function toPlanes(a: Int32Array): Buffer {
  const n = a.length, out = Buffer.alloc(n * 4);
  for (let i = 0; i < n; i++) {
    const v = a[i]!;
    out[i] = v & 255; out[n + i] = (v >>> 8) & 255; out[2 * n + i] = (v >>> 16) & 255; out[3 * n + i] = (v >>> 24) & 255;
  }
  return out;
}

function fromPlanes(buf: Buffer, start: number, bytes: number): Int32Array {
  const n = bytes / 4, out = new Int32Array(n);
  const b0 = start, b1 = start + n, b2 = start + 2 * n, b3 = start + 3 * n;
  for (let i = 0; i < n; i++) out[i] = buf[b0 + i]! | (buf[b1 + i]! << 8) | (buf[b2 + i]! << 16) | (buf[b3 + i]! << 24);
  return out;
}

/** Serialises a store (before gzip). */
export function encodeStore(s: Store): Buffer {
  const parts: Buffer[] = [];
  const header: { name: string; kind: string; offset: number; length: number }[] = [];
  let offset = 0;
  for (const sec of SECTIONS) {
    const v = s[sec.name];
    const raw = typeof v === 'string' ? Buffer.from(v, sec.kind === 'text16' ? 'utf16le' : 'utf8') : v instanceof Int32Array ? toPlanes(v) : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    header.push({ name: sec.name, kind: sec.kind, offset, length: raw.length });
    const padded = Buffer.alloc(pad4(raw.length));
    raw.copy(padded);
    parts.push(padded);
    offset += padded.length;
  }
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const head = Buffer.alloc(8 + pad4(json.length));
  head.write('HWG1', 0, 'latin1');
  head.writeUInt32LE(json.length, 4);
  json.copy(head, 8);
  return Buffer.concat([head, ...parts]);
}

/** Reads a serialised store. */
export function decodeStore(buf: Buffer): Store {
  if (buf.toString('latin1', 0, 4) !== 'HWG1') throw new Error('gazetteer data: not a HWG1 file; run packages/gazetteer/scripts/build.ts');
  const len = buf.readUInt32LE(4);
  const header = JSON.parse(buf.toString('utf8', 8, 8 + len)) as { name: keyof Store; kind: string; offset: number; length: number }[];
  const base = 8 + pad4(len);
  const out: Partial<Record<keyof Store, unknown>> = {};
  for (const h of header) {
    const start = base + h.offset;
    if (h.kind === 'text') out[h.name] = buf.toString('utf8', start, start + h.length);
    else if (h.kind === 'text16') out[h.name] = buf.toString('utf16le', start, start + h.length);
    else if (h.kind === 'i32' && LAZY.has(h.name)) {
      // Decoded on first use: only a typo search reads it. Its bytes are
      // copied so the whole decompressed file can be freed meanwhile.
      const bytes = Buffer.from(buf.subarray(start, start + h.length));
      let cached: Int32Array | undefined;
      Object.defineProperty(out, h.name, { enumerable: true, get: () => (cached ??= fromPlanes(bytes, 0, h.length)) });
    } else if (h.kind === 'i32') out[h.name] = fromPlanes(buf, start, h.length);
    else {
      const abs = buf.byteOffset + start;
      const bytes = abs % 4 === 0 ? buf.buffer : buf.buffer.slice(abs, abs + h.length);
      const at = abs % 4 === 0 ? abs : 0;
      out[h.name] = h.kind === 'u16' ? new Uint16Array(bytes, at, h.length / 2) : new Uint8Array(bytes, at, h.length);
    }
  }
  const s = out as Store;
  s.rowStart = lineStarts(s.rowsText, s.level.length);
  s.keyStart = lineStarts(s.keysText, s.postCount.length);
  s.postStart = prefixSums(s.postCount);
  return s;
}
