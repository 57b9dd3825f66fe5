/**
 * Transcriptions used only at data-generation time: pinyin -> ROK Hangul
 * transcription of Mandarin, the ROK initial-sound rule (두음법칙), and three
 * romanisations of Hangul. @homeward/names will own these; until its
 * implementations land (its mandarinToHangul and romanize are identity stubs
 * today) the generator uses these and writes the results into the dataset,
 * so nothing here runs when the app loads.
 *
 * Sources:
 * - 외래어 표기법 (Korean orthography of foreign words), 국립국어원, table of
 *   Chinese (중국어의 주음 부호와 한글 대조표), which gives 룽징 for Longjing,
 *   옌지 for Yanji, 자/차/샤 for jia/qia/xia and 저우 for zhou.
 * - Revised Romanization of Korean (문화관광부 고시 2000-8).
 * - McCune-Reischauer (1939) and the DPRK 1992 romanisation as used by KCNA
 *   (Phyongyang, Chongjin, Sinuiju: aspirates written kh/th/ph, no breves).
 */

const INITIAL_JAMO = ['ㄱ', 'ㄲ', 'ㄴ', 'ㄷ', 'ㄸ', 'ㄹ', 'ㅁ', 'ㅂ', 'ㅃ', 'ㅅ', 'ㅆ', 'ㅇ', 'ㅈ', 'ㅉ', 'ㅊ', 'ㅋ', 'ㅌ', 'ㅍ', 'ㅎ'];
const MEDIAL_JAMO = ['ㅏ', 'ㅐ', 'ㅑ', 'ㅒ', 'ㅓ', 'ㅔ', 'ㅕ', 'ㅖ', 'ㅗ', 'ㅘ', 'ㅙ', 'ㅚ', 'ㅛ', 'ㅜ', 'ㅝ', 'ㅞ', 'ㅟ', 'ㅠ', 'ㅡ', 'ㅢ', 'ㅣ'];
const FINAL_JAMO = ['', 'ㄱ', 'ㄲ', 'ㄳ', 'ㄴ', 'ㄵ', 'ㄶ', 'ㄷ', 'ㄹ', 'ㄺ', 'ㄻ', 'ㄼ', 'ㄽ', 'ㄾ', 'ㄿ', 'ㅀ', 'ㅁ', 'ㅂ', 'ㅄ', 'ㅅ', 'ㅆ', 'ㅇ', 'ㅈ', 'ㅊ', 'ㅋ', 'ㅌ', 'ㅍ', 'ㅎ'];

interface Syllable { i: number; m: number; f: number; }

function decompose(ch: string): Syllable | undefined {
  const c = ch.codePointAt(0)! - 0xac00;
  if (c < 0 || c > 11171) return undefined;
  return { i: Math.floor(c / 588), m: Math.floor((c % 588) / 28), f: c % 28 };
}

function compose(s: Syllable): string {
  return String.fromCodePoint(0xac00 + s.i * 588 + s.m * 28 + s.f);
}

function syl(initial: string, medial: string, final = ''): string {
  return compose({ i: INITIAL_JAMO.indexOf(initial), m: MEDIAL_JAMO.indexOf(medial), f: FINAL_JAMO.indexOf(final) });
}

// Vowels before which ROK drops an initial ㄹ/ㄴ to ㅇ (ㅑ ㅕ ㅖ ㅛ ㅠ ㅣ and ㅒ).
const Y_VOWELS = new Set(['ㅑ', 'ㅒ', 'ㅕ', 'ㅖ', 'ㅛ', 'ㅠ', 'ㅣ']);

/**
 * ROK spelling of a Sino-Korean word: 두음법칙 on its first syllable
 * (룡정 -> 용정, 녕변 -> 영변, 락원 -> 낙원). DPRK and Yanbian keep 룡정.
 */
export function applyInitialSoundRule(word: string): string {
  const chars = [...word];
  const s = chars.length ? decompose(chars[0]!) : undefined;
  if (!s) return word;
  const ini = INITIAL_JAMO[s.i];
  const med = MEDIAL_JAMO[s.m]!;
  if (ini === 'ㄹ') s.i = INITIAL_JAMO.indexOf(Y_VOWELS.has(med) ? 'ㅇ' : 'ㄴ');
  else if (ini === 'ㄴ' && Y_VOWELS.has(med)) s.i = INITIAL_JAMO.indexOf('ㅇ');
  else return word;
  chars[0] = compose(s);
  return chars.join('');
}

// Pinyin initials -> Hangul initial jamo (외래어 표기법, 중국어 표).
const PY_INITIALS: [string, string][] = [
  ['zh', 'ㅈ'], ['ch', 'ㅊ'], ['sh', 'ㅅ'], ['b', 'ㅂ'], ['p', 'ㅍ'], ['m', 'ㅁ'], ['f', 'ㅍ'], ['d', 'ㄷ'], ['t', 'ㅌ'],
  ['n', 'ㄴ'], ['l', 'ㄹ'], ['g', 'ㄱ'], ['k', 'ㅋ'], ['h', 'ㅎ'], ['j', 'ㅈ'], ['q', 'ㅊ'], ['x', 'ㅅ'], ['r', 'ㄹ'],
  ['z', 'ㅉ'], ['c', 'ㅊ'], ['s', 'ㅆ'], ['y', ''], ['w', ''],
];

// Finals as sequences of [medial, final] syllables, written for a consonant initial.
const PY_FINALS: Record<string, [string, string][]> = {
  a: [['ㅏ', '']], o: [['ㅗ', '']], e: [['ㅓ', '']], ai: [['ㅏ', ''], ['ㅣ', '']], ei: [['ㅔ', ''], ['ㅣ', '']],
  ao: [['ㅏ', ''], ['ㅗ', '']], ou: [['ㅓ', ''], ['ㅜ', '']], an: [['ㅏ', 'ㄴ']], en: [['ㅓ', 'ㄴ']], ang: [['ㅏ', 'ㅇ']],
  eng: [['ㅓ', 'ㅇ']], ong: [['ㅜ', 'ㅇ']], er: [['ㅓ', 'ㄹ']], i: [['ㅣ', '']], ia: [['ㅑ', '']], iao: [['ㅑ', ''], ['ㅗ', '']],
  ie: [['ㅖ', '']], iu: [['ㅠ', '']], ian: [['ㅖ', 'ㄴ']], in: [['ㅣ', 'ㄴ']], iang: [['ㅑ', 'ㅇ']], ing: [['ㅣ', 'ㅇ']],
  iong: [['ㅠ', 'ㅇ']], u: [['ㅜ', '']], ua: [['ㅘ', '']], uo: [['ㅝ', '']], uai: [['ㅘ', ''], ['ㅣ', '']],
  ui: [['ㅜ', ''], ['ㅣ', '']], uan: [['ㅘ', 'ㄴ']], un: [['ㅜ', 'ㄴ']], uang: [['ㅘ', 'ㅇ']], v: [['ㅟ', '']],
  ve: [['ㅞ', '']], van: [['ㅟ', ''], ['ㅏ', 'ㄴ']], vn: [['ㅟ', 'ㄴ']],
};

// Zero-initial syllables (y-, w-, bare vowels) spelled out, as the table does.
const PY_ZERO: Record<string, string> = {
  a: '아', o: '오', e: '어', ai: '아이', ei: '에이', ao: '아오', ou: '어우', an: '안', en: '언', ang: '앙', eng: '엉', er: '얼',
  yi: '이', ya: '야', yao: '야오', ye: '예', you: '유', yan: '옌', yin: '인', yang: '양', ying: '잉', yong: '융',
  wu: '우', wa: '와', wo: '워', wai: '와이', wei: '웨이', wan: '완', wen: '원', wang: '왕', weng: '웡',
  yu: '위', yue: '웨', yuan: '위안', yun: '윈', yo: '요',
};

const SIBILANTS = new Set(['zh', 'ch', 'sh', 'r', 'z', 'c', 's']);
const PALATALS = new Set(['j', 'q', 'x']);

/**
 * ROK transcription of one toneless pinyin syllable (ü written v or u after j/q/x).
 * Example: `mandarinSyllableToHangul('jing') === '징'`.
 */
export function mandarinSyllableToHangul(py: string): string {
  const s = py.toLowerCase().replace('ü', 'v');
  if (PY_ZERO[s]) return PY_ZERO[s];
  const init = PY_INITIALS.find(([p]) => s.startsWith(p));
  if (!init) return s;
  const [ip, ij] = init;
  let fin = s.slice(ip.length);
  if (PALATALS.has(ip)) {
    if (fin.startsWith('u')) fin = 'v' + fin.slice(1);
    if (fin === 'iu') fin = 'iu';
  }
  if (SIBILANTS.has(ip) && fin === 'i') return syl(ij, 'ㅡ');
  if (fin === 'uo' && ['b', 'p', 'm', 'f'].includes(ip)) fin = 'o';
  const parts = PY_FINALS[fin];
  if (!parts) return s;
  let out = '';
  parts.forEach(([m, f], k) => {
    let med = m;
    // ㅈ ㅉ ㅊ do not take y-vowels in ROK spelling (자 not 쟈, 저우 not 져우); ㅅ keeps them (샤).
    if (k === 0 && ['ㅈ', 'ㅉ', 'ㅊ'].includes(ij)) {
      med = ({ 'ㅑ': 'ㅏ', 'ㅕ': 'ㅓ', 'ㅖ': 'ㅔ', 'ㅛ': 'ㅗ', 'ㅠ': 'ㅜ', 'ㅟ': 'ㅟ' } as Record<string, string>)[m] ?? m;
    }
    if (k === 0 && PALATALS.has(ip) && fin === 'iu') med = ij === 'ㅅ' ? 'ㅠ' : 'ㅜ';
    out += k === 0 ? syl(ij, med, f) : syl('ㅇ', med, f);
  });
  return out;
}

/** ROK transcription of space-separated pinyin. Example: `mandarinToHangulSyllables('long jing') === '룽징'`. */
export function mandarinToHangulSyllables(pinyinSyllables: string): string {
  return pinyinSyllables.split(' ').filter(Boolean).map(mandarinSyllableToHangul).join('');
}

// Romanisation -------------------------------------------------------------

type System = 'rr' | 'mr' | 'dprk';

const VOWELS: Record<System, string[]> = {
  rr: ['a', 'ae', 'ya', 'yae', 'eo', 'e', 'yeo', 'ye', 'o', 'wa', 'wae', 'oe', 'yo', 'u', 'wo', 'we', 'wi', 'yu', 'eu', 'ui', 'i'],
  mr: ['a', 'ae', 'ya', 'yae', 'ŏ', 'e', 'yŏ', 'ye', 'o', 'wa', 'wae', 'oe', 'yo', 'u', 'wŏ', 'we', 'wi', 'yu', 'ŭ', 'ŭi', 'i'],
  dprk: ['a', 'ae', 'ya', 'yae', 'o', 'e', 'yo', 'ye', 'o', 'wa', 'wae', 'oe', 'yo', 'u', 'wo', 'we', 'wi', 'yu', 'u', 'ui', 'i'],
};

// Initial consonants: [unvoiced/word-initial, voiced (between sonorants)].
const INITIALS: Record<System, Record<string, [string, string]>> = {
  rr: { ㄱ: ['g', 'g'], ㄲ: ['kk', 'kk'], ㄴ: ['n', 'n'], ㄷ: ['d', 'd'], ㄸ: ['tt', 'tt'], ㄹ: ['r', 'r'], ㅁ: ['m', 'm'], ㅂ: ['b', 'b'], ㅃ: ['pp', 'pp'], ㅅ: ['s', 's'], ㅆ: ['ss', 'ss'], ㅇ: ['', ''], ㅈ: ['j', 'j'], ㅉ: ['jj', 'jj'], ㅊ: ['ch', 'ch'], ㅋ: ['k', 'k'], ㅌ: ['t', 't'], ㅍ: ['p', 'p'], ㅎ: ['h', 'h'] },
  mr: { ㄱ: ['k', 'g'], ㄲ: ['kk', 'kk'], ㄴ: ['n', 'n'], ㄷ: ['t', 'd'], ㄸ: ['tt', 'tt'], ㄹ: ['r', 'r'], ㅁ: ['m', 'm'], ㅂ: ['p', 'b'], ㅃ: ['pp', 'pp'], ㅅ: ['s', 's'], ㅆ: ['ss', 'ss'], ㅇ: ['', ''], ㅈ: ['ch', 'j'], ㅉ: ['tch', 'tch'], ㅊ: ["ch'", "ch'"], ㅋ: ["k'", "k'"], ㅌ: ["t'", "t'"], ㅍ: ["p'", "p'"], ㅎ: ['h', 'h'] },
  dprk: { ㄱ: ['k', 'g'], ㄲ: ['kk', 'kk'], ㄴ: ['n', 'n'], ㄷ: ['t', 'd'], ㄸ: ['tt', 'tt'], ㄹ: ['r', 'r'], ㅁ: ['m', 'm'], ㅂ: ['p', 'b'], ㅃ: ['pp', 'pp'], ㅅ: ['s', 's'], ㅆ: ['ss', 'ss'], ㅇ: ['', ''], ㅈ: ['ch', 'j'], ㅉ: ['tch', 'tch'], ㅊ: ['ch', 'ch'], ㅋ: ['kh', 'kh'], ㅌ: ['th', 'th'], ㅍ: ['ph', 'ph'], ㅎ: ['h', 'h'] },
};

// Final consonants reduced to the seven codas.
const CODA: Record<string, string> = {
  '': '', ㄱ: 'k', ㄲ: 'k', ㄳ: 'k', ㄺ: 'k', ㅋ: 'k', ㄴ: 'n', ㄵ: 'n', ㄶ: 'n', ㄷ: 't', ㅅ: 't', ㅆ: 't', ㅈ: 't', ㅊ: 't', ㅌ: 't', ㅎ: 't',
  ㄹ: 'l', ㄼ: 'l', ㄽ: 'l', ㄾ: 'l', ㅀ: 'l', ㄻ: 'm', ㅁ: 'm', ㅂ: 'p', ㅄ: 'p', ㅍ: 'p', ㄿ: 'p', ㅇ: 'ng',
};

/**
 * Romanise one Hangul word with the common sound changes at syllable joins
 * (nasalisation: 백마 -> Baengma; liquids: 신라 -> Silla; ㄹ after a
 * consonant -> n: 종로 -> Jongno). Example: `romanizeWord('혜산', 'dprk') === 'Hyesan'`.
 */
export function romanizeWord(word: string, system: System): string {
  const chars = [...word];
  const sy = chars.map(decompose);
  // Liaison: a coda before a vowel-initial syllable is pronounced as that syllable's initial.
  for (let k = 0; k + 1 < sy.length; k++) {
    const s = sy[k], n = sy[k + 1];
    if (!s || !n || s.f === 0 || INITIAL_JAMO[n.i] !== 'ㅇ') continue;
    const fin = FINAL_JAMO[s.f]!;
    if (fin === 'ㅇ') continue;
    const asInitial = INITIAL_JAMO.indexOf(fin);
    sy[k] = { ...s, f: 0 };
    sy[k + 1] = { ...n, i: asInitial >= 0 ? asInitial : INITIAL_JAMO.indexOf('ㅇ') };
  }
  let out = '';
  for (let k = 0; k < sy.length; k++) {
    const s = sy[k];
    if (!s) { out += chars[k]; continue; }
    const prev = k > 0 ? sy[k - 1] : undefined;
    const next = k + 1 < sy.length ? sy[k + 1] : undefined;
    let ini = INITIAL_JAMO[s.i]!;
    const prevCoda = prev ? CODA[FINAL_JAMO[prev.f]!]! : '';
    // ㄹ after a consonant other than ㄴ/ㄹ is pronounced ㄴ (종로 -> Jongno).
    if (ini === 'ㄹ' && prevCoda !== '' && prevCoda !== 'l' && prevCoda !== 'n') ini = 'ㄴ';
    let initial: string;
    if (ini === 'ㄹ' && (prevCoda === 'l' || prevCoda === 'n')) initial = 'l';
    else {
      const pair = INITIALS[system][ini]!;
      const voiced = k > 0 && ['', 'n', 'l', 'm', 'ng'].includes(prevCoda);
      initial = voiced ? pair[1] : pair[0];
    }
    let coda = CODA[FINAL_JAMO[s.f]!]!;
    if (next) {
      const ni = INITIAL_JAMO[next.i]!;
      if (ni === 'ㄴ' || ni === 'ㅁ' || (ni === 'ㄹ' && coda !== 'l' && coda !== 'n')) {
        coda = ({ k: 'ng', t: 'n', p: 'm' } as Record<string, string>)[coda] ?? coda;
      }
      if (ni === 'ㄹ' && coda === 'n') coda = 'l';
    }
    out += initial + VOWELS[system][s.m] + coda;
  }
  return out.charAt(0).toUpperCase() + out.slice(1);
}

// Romanised forms of administrative suffixes, per system, as written on
// official romanised names (Hyesan-si, Ryanggang-do, Taedonggang-guyok).
const SUFFIX_ROMAN: Record<string, Record<System, string>> = {
  도: { rr: 'do', mr: 'do', dprk: 'do' },
  시: { rr: 'si', mr: 'si', dprk: 'si' },
  군: { rr: 'gun', mr: 'gun', dprk: 'gun' },
  구: { rr: 'gu', mr: 'gu', dprk: 'gu' },
  구역: { rr: 'guyeok', mr: 'guyŏk', dprk: 'guyok' },
  지구: { rr: 'jigu', mr: 'jigu', dprk: 'jigu' },
  직할시: { rr: 'jikhalsi', mr: "chikhalsi", dprk: 'jikhalsi' },
  특별시: { rr: 'teukbyeolsi', mr: "t'ŭkpyŏlsi", dprk: 'thukpyolsi' },
  광역시: { rr: 'gwangyeoksi', mr: 'kwangyŏksi', dprk: 'kwangyoksi' },
  특별자치시: { rr: 'teukbyeoljachisi', mr: "t'ŭkpyŏlchach'isi", dprk: 'thukpyoljachisi' },
  특별자치도: { rr: 'teukbyeoljachido', mr: "t'ŭkpyŏlchach'ido", dprk: 'thukpyoljachido' },
};

/** Romanise a Korean administrative name as stem-suffix. Example: `romanizePlace('혜산', '시', 'rr') === 'Hyesan-si'`. */
export function romanizePlace(stem: string, suffix: string, system: System): string {
  const r = romanizeWord(stem, system);
  const s = SUFFIX_ROMAN[suffix]?.[system];
  return s ? `${r}-${s}` : r;
}
