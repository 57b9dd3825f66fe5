import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// Fonts ship through npm (SIL Open Font License), so rendering needs no network:
// Noto Sans KR covers Hangul, Latin and the hanja of KS X 1001, but not
// simplified Chinese (龙, 图, 们, 珲 ...); Noto Sans SC covers Chinese but not
// Hangul. Each run of text is set in the font that covers it, and Chinese
// characters always in SC so Chinese names keep their Chinese forms.
const require = createRequire(import.meta.url);
const FILES = {
  regular: '@expo-google-fonts/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-kr/700Bold/NotoSansKR_700Bold.ttf',
  han: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  hanBold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
} as const;

export type FontName = keyof typeof FILES;

const cache = new Map<FontName, Buffer>();

/**
 * The bytes of one shipped font, read once per process.
 *
 * @example
 * fontBytes('han').length // about 10 MB; the PDF embeds only the glyphs used
 */
export function fontBytes(name: FontName): Buffer {
  let b = cache.get(name);
  if (!b) {
    b = readFileSync(require.resolve(FILES[name]));
    cache.set(name, b);
  }
  return b;
}

export const FONT_NAMES = Object.keys(FILES) as FontName[];

// CJK Unified Ideographs (with extensions A-G), compatibility ideographs and radicals.
const HAN = /[\u2E80-\u2FDF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\u{20000}-\u{323AF}]/u;

/**
 * Split text into runs that one font can set.
 *
 * @example
 * scriptRuns('리미령 李美玲') // [{ han: false, text: '리미령 ' }, { han: true, text: '李美玲' }]
 */
export function scriptRuns(text: string): { han: boolean; text: string }[] {
  const runs: { han: boolean; text: string }[] = [];
  for (const ch of text) {
    const han = HAN.test(ch);
    const last = runs[runs.length - 1];
    if (last && (last.han === han || /\s/.test(ch))) last.text += ch;
    else runs.push({ han, text: ch });
  }
  return runs;
}
