/**
 * Builds pairs.tsv, the labelled corpus for the names benchmark and tests:
 *
 *   node --import tsx packages/names/test/corpus/build-corpus.ts
 *
 * Everything here is typed by hand from public references (see README.md),
 * never produced by @homeward/names itself, so the corpus can catch the
 * library's mistakes. Given names are fictional: random combinations of
 * common name characters (seeded, deterministic). Columns:
 *   a <TAB> b <TAB> same (1/0) <TAB> kind (surname|name|place) <TAB> how
 */
import { writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

// Surnames: hanzi, Hangul (North/Yanbian), Hangul (South), pinyin (surname reading),
// Mandarin in Hangul (외래어 표기법), Latin spellings (passport, RR, MR, DPRK).
type Sur = [string, string, string, string, string, string[]];
const SURNAMES: Sur[] = [
  ['李', '리', '이', 'Li', '리', ['Lee', 'Yi', 'Rhee', 'Ri', 'I']],
  ['金', '김', '김', 'Jin', '진', ['Kim', 'Gim']],
  ['朴', '박', '박', 'Piao', '퍄오', ['Park', 'Pak', 'Bak']],
  ['崔', '최', '최', 'Cui', '추이', ['Choi', 'Choe']],
  ['郑', '정', '정', 'Zheng', '정', ['Jung', 'Jeong', 'Chung', 'Jong']],
  ['姜', '강', '강', 'Jiang', '장', ['Kang', 'Gang']],
  ['赵', '조', '조', 'Zhao', '자오', ['Cho', 'Jo']],
  ['尹', '윤', '윤', 'Yin', '인', ['Yoon', 'Yun']],
  ['张', '장', '장', 'Zhang', '장', ['Jang', 'Chang']],
  ['林', '림', '임', 'Lin', '린', ['Lim', 'Im', 'Rim']],
  ['韩', '한', '한', 'Han', '한', ['Han']],
  ['吴', '오', '오', 'Wu', '우', ['Oh', 'O']],
  ['徐', '서', '서', 'Xu', '쉬', ['Seo', 'Suh', 'So']],
  ['申', '신', '신', 'Shen', '선', ['Shin', 'Sin']],
  ['权', '권', '권', 'Quan', '취안', ['Kwon', 'Gwon']],
  ['黄', '황', '황', 'Huang', '황', ['Hwang']],
  ['安', '안', '안', 'An', '안', ['Ahn', 'An']],
  ['宋', '송', '송', 'Song', '쑹', ['Song']],
  ['洪', '홍', '홍', 'Hong', '훙', ['Hong']],
  ['柳', '류', '유', 'Liu', '류', ['Ryu', 'Yoo', 'Yu']],
  ['高', '고', '고', 'Gao', '가오', ['Ko', 'Go', 'Koh']],
  ['文', '문', '문', 'Wen', '원', ['Moon', 'Mun']],
  ['梁', '량', '양', 'Liang', '량', ['Yang', 'Ryang']],
  ['孙', '손', '손', 'Sun', '쑨', ['Son', 'Sohn']],
  ['裴', '배', '배', 'Pei', '페이', ['Bae', 'Pae']],
  ['白', '백', '백', 'Bai', '바이', ['Baek', 'Paik', 'Paek']],
  ['许', '허', '허', 'Xu', '쉬', ['Heo', 'Hur', 'Ho']],
  ['卢', '로', '노', 'Lu', '루', ['Noh', 'Roh', 'Ro']],
  ['南', '남', '남', 'Nan', '난', ['Nam']],
  ['方', '방', '방', 'Fang', '팡', ['Bang', 'Pang']],
  ['车', '차', '차', 'Che', '처', ['Cha']],
  ['玄', '현', '현', 'Xuan', '쉬안', ['Hyun', 'Hyeon', 'Hyon']],
  ['池', '지', '지', 'Chi', '츠', ['Ji', 'Chi']],
  ['王', '왕', '왕', 'Wang', '왕', ['Wang']],
  ['陈', '진', '진', 'Chen', '천', ['Jin', 'Chin']],
  ['杨', '양', '양', 'Yang', '양', ['Yang']],
  ['周', '주', '주', 'Zhou', '저우', ['Joo', 'Ju', 'Chu']],
  ['马', '마', '마', 'Ma', '마', ['Ma']],
  ['郭', '곽', '곽', 'Guo', '궈', ['Kwak', 'Gwak']],
  ['曾', '증', '증', 'Zeng', '쩡', ['Jeung']],
  ['单', '단', '단', 'Shan', '산', ['Dan']],
  ['区', '구', '구', 'Ou', '어우', ['Koo', 'Gu']],
  ['欧阳', '구양', '구양', 'Ouyang', '어우양', ['Kuyang']],
  ['南宫', '남궁', '남궁', 'Nangong', '난궁', ['Namgung', 'Namkung']],
  ['皇甫', '황보', '황보', 'Huangfu', '황푸', ['Hwangbo']],
  ['诸葛', '제갈', '제갈', 'Zhuge', '주거', ['Jegal']],
  ['鲜于', '선우', '선우', 'Xianyu', '셴위', ['Sunwoo', 'Seonu']],
];

// Given-name characters: hanzi, Hangul (North), Hangul (South, word-initial), pinyin,
// Mandarin in Hangul, RR, MR without breves (= DPRK as printed), a common passport spelling.
type Giv = [string, string, string, string, string, string, string, string];
const GIVEN: Giv[] = [
  ['美', '미', '미', 'mei', '메이', 'mi', 'mi', 'mi'],
  ['玲', '령', '영', 'ling', '링', 'ryeong', 'ryong', 'ryung'],
  ['英', '영', '영', 'ying', '잉', 'yeong', 'yong', 'young'],
  ['姬', '희', '희', 'ji', '지', 'hui', 'hui', 'hee'],
  ['秀', '수', '수', 'xiu', '슈', 'su', 'su', 'soo'],
  ['成', '성', '성', 'cheng', '청', 'seong', 'song', 'sung'],
  ['哲', '철', '철', 'zhe', '저', 'cheol', 'chol', 'chul'],
  ['明', '명', '명', 'ming', '밍', 'myeong', 'myong', 'myung'],
  ['花', '화', '화', 'hua', '화', 'hwa', 'hwa', 'hwa'],
  ['顺', '순', '순', 'shun', '순', 'sun', 'sun', 'soon'],
  ['贞', '정', '정', 'zhen', '전', 'jeong', 'jong', 'jung'],
  ['淑', '숙', '숙', 'shu', '수', 'suk', 'suk', 'sook'],
  ['珍', '진', '진', 'zhen', '전', 'jin', 'jin', 'jin'],
  ['爱', '애', '애', 'ai', '아이', 'ae', 'ae', 'ae'],
  ['丽', '려', '여', 'li', '리', 'ryeo', 'ryo', 'ryo'],
  ['春', '춘', '춘', 'chun', '춘', 'chun', 'chun', 'choon'],
  ['光', '광', '광', 'guang', '광', 'gwang', 'kwang', 'kwang'],
  ['日', '일', '일', 'ri', '르', 'il', 'il', 'il'],
  ['国', '국', '국', 'guo', '궈', 'guk', 'kuk', 'kook'],
  ['南', '남', '남', 'nan', '난', 'nam', 'nam', 'nam'],
  ['浩', '호', '호', 'hao', '하오', 'ho', 'ho', 'ho'],
  ['俊', '준', '준', 'jun', '쥔', 'jun', 'jun', 'joon'],
  ['敏', '민', '민', 'min', '민', 'min', 'min', 'min'],
  ['智', '지', '지', 'zhi', '즈', 'ji', 'ji', 'jee'],
  ['惠', '혜', '혜', 'hui', '후이', 'hye', 'hye', 'hye'],
  ['恩', '은', '은', 'en', '언', 'eun', 'un', 'eun'],
  ['贤', '현', '현', 'xian', '셴', 'hyeon', 'hyon', 'hyun'],
  ['善', '선', '선', 'shan', '산', 'seon', 'son', 'sun'],
  ['永', '영', '영', 'yong', '융', 'yeong', 'yong', 'young'],
  ['龙', '룡', '용', 'long', '룽', 'ryong', 'ryong', 'ryong'],
  ['虎', '호', '호', 'hu', '후', 'ho', 'ho', 'ho'],
  ['玉', '옥', '옥', 'yu', '위', 'ok', 'ok', 'ok'],
  ['兰', '란', '난', 'lan', '란', 'ran', 'ran', 'ran'],
  ['梅', '매', '매', 'mei', '메이', 'mae', 'mae', 'mae'],
  ['莲', '련', '연', 'lian', '롄', 'ryeon', 'ryon', 'ryun'],
  ['松', '송', '송', 'song', '쑹', 'song', 'song', 'song'],
  ['植', '식', '식', 'zhi', '즈', 'sik', 'sik', 'sik'],
  ['勇', '용', '용', 'yong', '융', 'yong', 'yong', 'yong'],
  ['天', '천', '천', 'tian', '톈', 'cheon', 'chon', 'chun'],
  ['石', '석', '석', 'shi', '스', 'seok', 'sok', 'suk'],
  ['铁', '철', '철', 'tie', '톄', 'cheol', 'chol', 'chul'],
  ['军', '군', '군', 'jun', '쥔', 'gun', 'kun', 'koon'],
  ['东', '동', '동', 'dong', '둥', 'dong', 'tong', 'dong'],
  ['海', '해', '해', 'hai', '하이', 'hae', 'hae', 'hae'],
  ['雪', '설', '설', 'xue', '쉐', 'seol', 'sol', 'sul'],
  ['凤', '봉', '봉', 'feng', '펑', 'bong', 'pong', 'bong'],
  ['芳', '방', '방', 'fang', '팡', 'bang', 'pang', 'bang'],
  ['仁', '인', '인', 'ren', '런', 'in', 'in', 'in'],
  ['良', '량', '양', 'liang', '량', 'ryang', 'ryang', 'ryang'],
  ['燕', '연', '연', 'yan', '옌', 'yeon', 'yon', 'yeon'],
  ['娜', '나', '나', 'na', '나', 'na', 'na', 'na'],
  ['银', '은', '은', 'yin', '인', 'eun', 'un', 'eun'],
  ['吉', '길', '길', 'ji', '지', 'gil', 'kil', 'kil'],
  ['福', '복', '복', 'fu', '푸', 'bok', 'pok', 'bok'],
  ['万', '만', '만', 'wan', '완', 'man', 'man', 'man'],
  ['洙', '수', '수', 'zhu', '주', 'su', 'su', 'soo'],
  ['在', '재', '재', 'zai', '자이', 'jae', 'chae', 'jae'],
  ['元', '원', '원', 'yuan', '위안', 'won', 'won', 'won'],
  ['泰', '태', '태', 'tai', '타이', 'tae', 'tae', 'tae'],
  ['基', '기', '기', 'ji', '지', 'gi', 'ki', 'ki'],
];

// Places of the Korean-Chinese border region and beyond: hanzi, Korean reading (North), Korean
// reading (South), South Korean transcription of Mandarin, pinyin.
const PLACES: [string, string, string, string, string][] = [
  ['延吉', '연길', '연길', '옌지', 'Yanji'],
  ['龙井', '룡정', '용정', '룽징', 'Longjing'],
  ['图们', '도문', '도문', '투먼', 'Tumen'],
  ['和龙', '화룡', '화룡', '허룽', 'Helong'],
  ['珲春', '훈춘', '훈춘', '훈춘', 'Hunchun'],
  ['敦化', '돈화', '돈화', '둔화', 'Dunhua'],
  ['安图', '안도', '안도', '안투', 'Antu'],
  ['汪清', '왕청', '왕청', '왕칭', 'Wangqing'],
  ['延边', '연변', '연변', '옌볜', 'Yanbian'],
  ['丹东', '단동', '단동', '단둥', 'Dandong'],
  ['沈阳', '심양', '심양', '선양', 'Shenyang'],
  ['长春', '장춘', '장춘', '창춘', 'Changchun'],
  ['吉林', '길림', '길림', '지린', 'Jilin'],
  ['牡丹江', '목단강', '목단강', '무단장', 'Mudanjiang'],
  ['通化', '통화', '통화', '퉁화', 'Tonghua'],
  ['临江', '림강', '임강', '린장', 'Linjiang'],
  ['白山', '백산', '백산', '바이산', 'Baishan'],
  ['大连', '대련', '대련', '다롄', 'Dalian'],
  ['青岛', '청도', '청도', '칭다오', 'Qingdao'],
  ['北京', '북경', '북경', '베이징', 'Beijing'],
  ['上海', '상해', '상해', '상하이', 'Shanghai'],
  ['天津', '천진', '천진', '톈진', 'Tianjin'],
  ['鸡西', '계서', '계서', '지시', 'Jixi'],
  ['宁安', '녕안', '영안', '닝안', "Ning'an"],
  ['东宁', '동녕', '동녕', '둥닝', 'Dongning'],
  ['长白', '장백', '장백', '창바이', 'Changbai'],
  ['抚顺', '무순', '무순', '푸순', 'Fushun'],
  ['铁岭', '철령', '철령', '톄링', 'Tieling'],
  ['辽阳', '료양', '요양', '랴오양', 'Liaoyang'],
  ['鞍山', '안산', '안산', '안산', 'Anshan'],
];
// Different places that look alike (hanzi pairs); each is expanded across scripts.
const PLACE_NEGATIVES: [string, string][] = [
  ['龙井', '龙江'], ['延吉', '延寿'], ['吉林', '桂林'], ['长春', '长白'], ['丹东', '山东'], ['珲春', '长春'], ['和龙', '黑龙'],
  ['通化', '敦化'], ['图们', '天门'], ['延边', '延安'], ['沈阳', '洛阳'], ['辽阳', '沈阳'], ['大连', '大同'], ['青岛', '青海'],
  ['汪清', '汪洋'], ['临江', '龙江'], ['白山', '鞍山'], ['东宁', '西宁'], ['宁安', '西安'], ['抚顺', '抚松'],
];
const NEG_PLACES: Record<string, [string, string, string]> = {
  龙江: ['룡강', '룽장', 'Longjiang'], 延寿: ['연수', '옌서우', 'Yanshou'], 桂林: ['계림', '구이린', 'Guilin'],
  山东: ['산동', '산둥', 'Shandong'], 黑龙: ['흑룡', '헤이룽', 'Heilong'], 天门: ['천문', '톈먼', 'Tianmen'],
  延安: ['연안', '옌안', "Yan'an"], 洛阳: ['락양', '뤄양', 'Luoyang'], 大同: ['대동', '다퉁', 'Datong'],
  青海: ['청해', '칭하이', 'Qinghai'], 汪洋: ['왕양', '왕양', 'Wangyang'], 西宁: ['서녕', '시닝', 'Xining'],
  西安: ['서안', '시안', "Xi'an"], 抚松: ['무송', '푸쑹', 'Fusong'],
};

// Deterministic PRNG (mulberry32) so the corpus is reproducible.
let seed = 20240611;
function rand(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const cap = (s: string): string => s[0]!.toUpperCase() + s.slice(1);

interface Name { sur: Sur; giv: [Giv, Giv] }
function forms(n: Name): Record<string, string> {
  const [s, [g1, g2]] = [n.sur, n.giv];
  const pass = s[5][0]!;
  return {
    hanzi: s[0] + g1[0] + g2[0],
    north: s[1] + g1[1] + g2[1],
    south: s[2] + g1[2] + g2[1],
    pinyin: `${s[3]} ${cap(g1[3] + (/^[aeo]/.test(g2[3]) ? "'" : '') + g2[3])}`,
    transcription: s[4] + g1[4] + g2[4],
    rr: `${pass} ${cap(g1[5])}-${g2[5].replace(/^r/, g1[5].endsWith('l') ? 'l' : 'r')}`,
    rrJoined: `${s[5][1] ?? pass} ${cap(g1[5] + g2[5])}`,
    dprk: `${s[5].includes('Ri') ? 'Ri' : s[5].find((x) => /^R/.test(x)) ?? pass} ${cap(g1[6])} ${cap(g2[6])}`,
    mr: `${s[5][1] ?? pass} ${cap(g1[6])}-${g2[6]}`,
    passport: `${pass} ${cap(g1[7])} ${cap(g2[7])}`,
    passportReversed: `${cap(g1[7])}-${g2[7]} ${pass.toUpperCase()}`,
    passportJoined: `${cap(g1[7] + g2[7])} ${pass}`,
  };
}

// Typos in a Latin string: drop, double or swap one letter of the given name.
function typo(s: string): string {
  const sp = s.indexOf(' ');
  const letters = [...s].map((c, i) => (i > sp && /[a-z]/.test(c) ? i : -1)).filter((i) => i >= 0);
  if (letters.length < 3) return s;
  const i = pick(letters.slice(1));
  const kind = Math.floor(rand() * 2);
  if (kind === 0) return s.slice(0, i) + s.slice(i + 1);
  return s.slice(0, i) + s[i] + s.slice(i);
}

const rows: string[] = [];
const seen = new Set<string>();
function add(a: string, b: string, same: 0 | 1, kind: string, how: string): void {
  const key = a < b ? a + '\t' + b : b + '\t' + a;
  if (a === b || seen.has(key)) return;
  seen.add(key);
  rows.push([a, b, same, kind, how].join('\t'));
}

// Korean readings equal up to the initial-sound rule: not a fair negative.
const KEY = (h: string): string => h.replace(/[리이니]/g, 'I').replace(/[령영녕]/g, 'Y').replace(/[량양냥]/g, 'A').replace(/[련연]/g, 'E').replace(/[룡용]/g, 'O').replace(/[란난]/g, 'N').replace(/[려여녀]/g, 'R');
const confusable = (a: Giv, b: Giv): boolean => KEY(a[1]) === KEY(b[1]) || a[3] === b[3] || a[5] === b[5] || a[7] === b[7];

// ---- surnames -----------------------------------------------------------
for (const s of SURNAMES) {
  add(s[0], s[1], 1, 'surname', 'hanzi-north');
  if (s[2] !== s[1]) add(s[0], s[2], 1, 'surname', 'hanzi-south');
  if (s[2] !== s[1]) add(s[1], s[2], 1, 'surname', 'north-south');
  add(s[0], s[3], 1, 'surname', 'hanzi-pinyin');
  for (const l of s[5].slice(0, 3)) add(s[2], l, 1, 'surname', 'hangul-latin');
  add(s[0], s[5][0]!, 1, 'surname', 'hanzi-latin');
}
const SURNEG: [string, string][] = [
  ['김', '감'], ['Kim', 'Kang'], ['Park', 'Pang'], ['Lee', 'Lim'], ['이', '임'], ['Choi', 'Cho'], ['최', '조'], ['정', '전'],
  ['Jung', 'Jeon'], ['李', '林'], ['李', '刘'], ['Li', 'Liu'], ['王', '黄'], ['Wang', 'Huang'], ['金', '陈'], ['Kim', 'Jin'],
  ['朴', '白'], ['박', '백'], ['Park', 'Baek'], ['尹', '严'], ['윤', '엄'], ['Yoon', 'Yang'], ['张', '章'].reverse() as [string, string],
  ['강', '장'], ['Kang', 'Jang'], ['송', '손'], ['Song', 'Son'], ['한', '황'], ['Han', 'Hwang'], ['홍', '공'], ['Hong', 'Kong'],
  ['오', '우'], ['Oh', 'Woo'], ['서', '소'], ['신', '심'], ['Shin', 'Shim'], ['고', '구'], ['Ko', 'Koo'], ['문', '민'],
  ['Moon', 'Min'], ['南', '蓝'], ['남', '나'], ['Nam', 'Na'], ['崔', '曹'], ['Choi', 'Cao'], ['郑', '曾'], ['赵', '周'],
  ['Zhao', 'Zhou'], ['林', '杨'], ['Lim', 'Yang'], ['柳', '刘'].reverse() as [string, string], ['徐', '许'].reverse() as [string, string],
];
for (const [a, b] of SURNEG) {
  // 张/章, 柳/刘 and 徐/许 read alike in one language: keep them out of the negatives.
  if ((a === '章' && b === '张') || (a === '刘' && b === '柳') || (a === '许' && b === '徐')) continue;
  add(a, b, 0, 'surname', 'different surname');
}

// ---- full names ---------------------------------------------------------
const names: Name[] = [];
for (let i = 0; i < 150; i++) {
  const g1 = pick(GIVEN);
  let g2 = pick(GIVEN);
  while (g2 === g1) g2 = pick(GIVEN);
  names.push({ sur: pick(SURNAMES.slice(0, 41)), giv: [g1, g2] });
}
const POS: [string, string][] = [
  ['hanzi', 'north'], ['hanzi', 'south'], ['hanzi', 'pinyin'], ['hanzi', 'dprk'], ['hanzi', 'rr'], ['north', 'south'],
  ['south', 'rr'], ['south', 'passport'], ['north', 'dprk'], ['south', 'mr'], ['pinyin', 'transcription'], ['hanzi', 'transcription'],
  ['rr', 'dprk'], ['south', 'passportReversed'], ['hanzi', 'passportJoined'], ['north', 'rrJoined'], ['dprk', 'passport'],
];
names.forEach((n, i) => {
  const f = forms(n);
  const [x, y] = POS[i % POS.length]!;
  add(f[x]!, f[y]!, 1, 'name', `${x}-${y}`);
  const [x2, y2] = POS[(i * 7 + 3) % POS.length]!;
  add(f[x2]!, f[y2]!, 1, 'name', `${x2}-${y2}`);
  if (i % 3 === 0) add(f.south!, typo(f.passport!), 1, 'name', 'south-passport with a typo');
  if (i % 5 === 1) add(f.hanzi!, typo(f.rr!), 1, 'name', 'hanzi-rr with a typo');
});
// Hard negatives: same surname, different given name; one given syllable different; same given name, different surname.
const SCRIPTS = ['hanzi', 'north', 'south', 'pinyin', 'rr', 'dprk', 'passport'];
for (let i = 0; i < 300; i++) {
  const n = names[i % names.length]!;
  const f = forms(n);
  const kind = i % 3;
  let other: Name;
  let how: string;
  if (kind === 0) {
    let g1 = pick(GIVEN);
    let g2 = pick(GIVEN);
    while (confusable(g1, n.giv[0]) || confusable(g1, n.giv[1])) g1 = pick(GIVEN);
    while (g2 === g1 || confusable(g2, n.giv[1]) || confusable(g2, n.giv[0])) g2 = pick(GIVEN);
    other = { sur: n.sur, giv: [g1, g2] };
    how = 'same surname, different given name';
  } else if (kind === 1) {
    let g2 = pick(GIVEN);
    while (confusable(g2, n.giv[1]) || confusable(g2, n.giv[0])) g2 = pick(GIVEN);
    other = { sur: n.sur, giv: [n.giv[0], g2] };
    how = 'same surname, one given syllable different';
  } else {
    let s = pick(SURNAMES.slice(0, 41));
    while (KEY(s[1]) === KEY(n.sur[1]) || s[3] === n.sur[3] || s[5][0] === n.sur[5][0]) s = pick(SURNAMES.slice(0, 41));
    other = { sur: s, giv: n.giv };
    how = 'same given name, different surname';
  }
  const g = forms(other);
  const x = SCRIPTS[i % SCRIPTS.length]!;
  const y = SCRIPTS[(i * 3 + 1) % SCRIPTS.length]!;
  add(f[x]!, g[y]!, 0, 'name', `${how} (${x}-${y})`);
}

// ---- places -------------------------------------------------------------
for (const [h, n, s, t, p] of PLACES) {
  add(h, n, 1, 'place', 'hanzi-north');
  if (s !== n) add(h, s, 1, 'place', 'hanzi-south');
  add(h, t, 1, 'place', 'hanzi-transcription');
  add(h, p, 1, 'place', 'hanzi-pinyin');
  add(t, p, 1, 'place', 'transcription-pinyin');
}
const placeBy = new Map(PLACES.map((p) => [p[0], p]));
for (const [a, b] of PLACE_NEGATIVES) {
  const pa = placeBy.get(a)!;
  const pb = placeBy.get(b);
  const nb = pb ? [pb[1], pb[3], pb[4]] : NEG_PLACES[b]!;
  add(a, b, 0, 'place', 'different place, hanzi');
  add(pa[1], nb[0]!, 0, 'place', 'different place, Korean reading');
  add(pa[4], nb[2]!, 0, 'place', 'different place, pinyin');
  add(pa[3], b, 0, 'place', 'different place, transcription-hanzi');
}

const out = join(dirname(fileURLToPath(import.meta.url)), 'pairs.tsv');
writeFileSync(out, '# a\tb\tsame\tkind\thow (generated by build-corpus.ts; see README.md)\n' + rows.join('\n') + '\n');
const pos = rows.filter((r) => r.split('\t')[2] === '1').length;
console.log(`wrote ${rows.length} pairs (${pos} positive, ${rows.length - pos} negative) to ${out}`);
