/**
 * Administrative suffixes in every script. A mother says 용정시 or 룽징 or
 * "Longjing city"; the name is the stem, the suffix only hints at the level.
 */
import type { Level } from './types.ts';

// Ethnic group names that precede 自治州/自治县/乡 (三合满族朝鲜族乡 -> 三合);
// the 55 recognised minorities of the PRC, plus 各 in 各族自治县.
const ETHNIC = '朝鲜|满|蒙古|回|达斡尔|鄂伦春|鄂温克|赫哲|锡伯|柯尔克孜|土家|苗|彝|壮|布依|侗|瑶|白|哈尼|哈萨克|傣|黎|傈僳|佤|畲|高山|拉祜|水|东乡|纳西|景颇|土|羌|撒拉|仡佬|布朗|毛南|仫佬|藏|维吾尔|普米|阿昌|怒|京|基诺|德昂|保安|俄罗斯|裕固|乌孜别克|门巴|珞巴|塔吉克|独龙|塔塔尔|各';

const CHINESE_SUFFIX = new RegExp(
  `(?:(?:${ETHNIC})族)*(?:特别行政区|自治区|自治州|自治县|自治旗|街道办事处|街道|地区|林区|矿区|新区|开发区|管理区|生活区|社区|居委会|民族乡|民族镇|省|市|县|区|旗|盟|镇|乡|村|屯|苏木|嘎查|农场|林场)$`,
);

/**
 * Number of characters of a Chinese place name before its administrative
 * suffix; the whole length when the stem would be shorter than two
 * characters (和县 stays 和县). Example: `chineseStemLength('延边朝鲜族自治州') === 2`.
 */
export function chineseStemLength(name: string): number {
  const chars = [...name];
  const m = CHINESE_SUFFIX.exec(name);
  if (!m) return chars.length;
  const stem = chars.length - [...m[0]].length;
  return stem >= 2 ? stem : chars.length;
}

/** A suffix word a query may carry, with the level it hints at. */
export interface SuffixWord { level: Level | 'any'; }

// Query-side suffix words in Hangul (Yanbian usage of Chinese suffixes and
// Korean units), Chinese, pinyin and English. Yanbian Koreans read 市 시,
// 县 현, 镇 진, 乡 향, 村 촌, 州 주; ROK writers also say 시/현/진/향/촌.
const SUFFIX_WORDS: [string, Level | 'any'][] = [
  ['조선족자치주', 'prefecture'], ['자치주', 'prefecture'], ['자치현', 'county'], ['특별자치시', 'province'], ['특별자치도', 'province'],
  ['특별시', 'province'], ['광역시', 'province'], ['직할시', 'province'], ['성', 'province'], ['도', 'province'], ['주', 'prefecture'],
  ['지구', 'county'], ['시', 'any'], ['현', 'county'], ['군', 'county'], ['구역', 'county'], ['구', 'county'], ['진', 'township'],
  ['향', 'township'], ['가도', 'township'], ['읍', 'township'], ['면', 'township'], ['동', 'township'], ['촌', 'village'], ['리', 'village'],
  ['마을', 'village'], ['둔', 'village'],
  ['朝鲜族自治州', 'prefecture'], ['自治州', 'prefecture'], ['自治县', 'county'], ['省', 'province'], ['州', 'prefecture'], ['市', 'any'],
  ['县', 'county'], ['縣', 'county'], ['区', 'county'], ['區', 'county'], ['镇', 'township'], ['鎮', 'township'], ['乡', 'township'],
  ['鄉', 'township'], ['街道', 'township'], ['村', 'village'], ['屯', 'village'], ['社区', 'village'],
  ['sheng', 'province'], ['shi', 'any'], ['xian', 'county'], ['qu', 'county'], ['zhen', 'township'], ['xiang', 'township'], ['cun', 'village'],
  ['province', 'province'], ['prefecture', 'prefecture'], ['city', 'any'], ['county', 'county'], ['district', 'county'], ['town', 'township'],
  ['township', 'township'], ['village', 'village'], ['do', 'province'], ['to', 'province'], ['si', 'any'], ['gun', 'county'], ['kun', 'county'], ['gu', 'county'],
  ['guyok', 'county'], ['guyeok', 'county'], ['ri', 'village'], ['ni', 'village'], ['dong', 'township'], ['up', 'township'], ['eup', 'township'],
  ['myeon', 'township'], ['myon', 'township'],
];

export const SUFFIXES: ReadonlyMap<string, SuffixWord> = new Map(SUFFIX_WORDS.map(([w, level]) => [w, { level }]));

/** Longest suffix word length, for the segmenter's window. */
export const MAX_SUFFIX_LENGTH = Math.max(...SUFFIX_WORDS.map(([w]) => w.length));

// Words that say "around here" rather than name a place: the place is
// resolved and the hint kept in the explanation.
// Korean and Chinese ones close a word (연길근처, 延吉附近); English ones are words.
export const NEAR_WORDS = /(?<=^|\s)(?:near|nearby|around|close to|outside|by|the|in|of|area|region|somewhere)(?=\s|$)|(?:근처|부근|근방|인근|주변|쪽|일대|지역|附近|一带|周边|旁边|边上|一帶|週邊)(?=\s|$)/giu;
