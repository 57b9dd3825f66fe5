// Fictional Korean/Chinese person records with realistic cross-script noise
// and known truth. Every name is assembled at random from common surname and
// given-name syllables: no record describes a real person.
//
// Noise, per record: the name written in Chinese characters, North Korean
// Hangul (initial ㄹ kept: 리, 령), South Korean Hangul (initial sound law:
// 이, 영), pinyin, or a Korean romanisation; Latin typos; partial birth dates
// (year-month, year, "about N in YYYY"), digit typos; the birth place in any
// script or only its prefecture; missing values.
import { rng } from '@homeward/match';

// [hanzi, hangul (DPRK), hangul (ROK, word-initial), pinyin, romanisation (RR)]
type Syllable = readonly [string, string, string, string, string];
const GIVEN: Syllable[] = [
  ['美', '미', '미', 'mei', 'mi'], ['玲', '령', '영', 'ling', 'ryeong'], ['英', '영', '영', 'ying', 'yeong'], ['秀', '수', '수', 'xiu', 'su'],
  ['珍', '진', '진', 'zhen', 'jin'], ['明', '명', '명', 'ming', 'myeong'], ['成', '성', '성', 'cheng', 'seong'], ['哲', '철', '철', 'zhe', 'cheol'],
  ['浩', '호', '호', 'hao', 'ho'], ['俊', '준', '준', 'jun', 'jun'], ['贤', '현', '현', 'xian', 'hyeon'], ['恩', '은', '은', 'en', 'eun'],
  ['惠', '혜', '혜', 'hui', 'hye'], ['智', '지', '지', 'zhi', 'ji'], ['敏', '민', '민', 'min', 'min'], ['淑', '숙', '숙', 'shu', 'suk'],
  ['正', '정', '정', 'zheng', 'jeong'], ['光', '광', '광', 'guang', 'gwang'], ['国', '국', '국', 'guo', 'guk'], ['东', '동', '동', 'dong', 'dong'],
  ['花', '화', '화', 'hua', 'hwa'], ['玉', '옥', '옥', 'yu', 'ok'], ['顺', '순', '순', 'shun', 'sun'], ['春', '춘', '춘', 'chun', 'chun'],
  ['海', '해', '해', 'hai', 'hae'], ['龙', '룡', '용', 'long', 'ryong'], ['日', '일', '일', 'ri', 'il'], ['永', '영', '영', 'yong', 'yeong'],
  ['南', '남', '남', 'nan', 'nam'], ['善', '선', '선', 'shan', 'seon'], ['仁', '인', '인', 'ren', 'in'], ['文', '문', '문', 'wen', 'mun'],
  ['学', '학', '학', 'xue', 'hak'], ['云', '운', '운', 'yun', 'un'], ['兰', '란', '난', 'lan', 'ran'], ['丽', '려', '여', 'li', 'ryeo'],
  ['红', '홍', '홍', 'hong', 'hong'], ['军', '군', '군', 'jun', 'gun'], ['勇', '용', '용', 'yong', 'yong'], ['杰', '걸', '걸', 'jie', 'geol'],
  ['强', '강', '강', 'qiang', 'gang'], ['林', '림', '임', 'lin', 'rim'], ['香', '향', '향', 'xiang', 'hyang'], ['梅', '매', '매', 'mei', 'mae'],
  ['雪', '설', '설', 'xue', 'seol'], ['金', '금', '금', 'jin', 'geum'], ['银', '은', '은', 'yin', 'eun'], ['峰', '봉', '봉', 'feng', 'bong'],
  ['锦', '금', '금', 'jin', 'geum'], ['石', '석', '석', 'shi', 'seok'],
  ['宇', '우', '우', 'yu', 'u'], ['泰', '태', '태', 'tai', 'tae'], ['秋', '추', '추', 'qiu', 'chu'], ['燕', '연', '연', 'yan', 'yeon'],
  ['京', '경', '경', 'jing', 'gyeong'], ['镇', '진', '진', 'zhen', 'jin'], ['洙', '수', '수', 'zhu', 'su'], ['基', '기', '기', 'ji', 'gi'],
  ['范', '범', '범', 'fan', 'beom'], ['相', '상', '상', 'xiang', 'sang'], ['万', '만', '만', 'wan', 'man'], ['吉', '길', '길', 'ji', 'gil'],
  ['福', '복', '복', 'fu', 'bok'], ['德', '덕', '덕', 'de', 'deok'], ['在', '재', '재', 'zai', 'jae'], ['允', '윤', '윤', 'yun', 'yun'],
  ['元', '원', '원', 'yuan', 'won'], ['钟', '종', '종', 'zhong', 'jong'], ['植', '식', '식', 'zhi', 'sik'], ['赫', '혁', '혁', 'he', 'hyeok'],
  ['烈', '렬', '열', 'lie', 'ryeol'], ['兴', '흥', '흥', 'xing', 'heung'], ['汉', '한', '한', 'han', 'han'], ['喜', '희', '희', 'xi', 'hui'],
  ['荣', '영', '영', 'rong', 'yeong'], ['根', '근', '근', 'gen', 'geun'], ['爱', '애', '애', 'ai', 'ae'], ['彩', '채', '채', 'cai', 'chae'],
  ['芝', '지', '지', 'zhi', 'ji'], ['孝', '효', '효', 'xiao', 'hyo'], ['昌', '창', '창', 'chang', 'chang'], ['斗', '두', '두', 'dou', 'du'],
  ['炳', '병', '병', 'bing', 'byeong'], ['奎', '규', '규', 'kui', 'gyu'], ['泽', '택', '택', 'ze', 'taek'], ['容', '용', '용', 'rong', 'yong'],
  ['星', '성', '성', 'xing', 'seong'], ['铁', '철', '철', 'tie', 'cheol'], ['太', '태', '태', 'tai', 'tae'], ['河', '하', '하', 'he', 'ha'],
  ['夏', '하', '하', 'xia', 'ha'], ['松', '송', '송', 'song', 'song'], ['竹', '죽', '죽', 'zhu', 'juk'], ['莲', '련', '연', 'lian', 'ryeon'],
  ['柱', '주', '주', 'zhu', 'ju'], ['心', '심', '심', 'xin', 'sim'], ['新', '신', '신', 'xin', 'sin'], ['道', '도', '도', 'dao', 'do'],
  ['贞', '정', '정', 'zhen', 'jeong'], ['熙', '희', '희', 'xi', 'hui'],
];
// [hanzi, hangul (DPRK), hangul (ROK), pinyin, romanisations...]; weights roughly follow Korean surname frequencies.
const SURNAMES: [Syllable, string[], number][] = [
  [['金', '김', '김', 'jin', 'kim'], ['Kim', 'Gim'], 21], [['李', '리', '이', 'li', 'lee'], ['Ri', 'Lee', 'Yi', 'Rhee'], 15],
  [['朴', '박', '박', 'piao', 'park'], ['Park', 'Pak', 'Bak'], 8], [['崔', '최', '최', 'cui', 'choe'], ['Choe', 'Choi'], 5],
  [['郑', '정', '정', 'zheng', 'jeong'], ['Jong', 'Jung', 'Jeong', 'Chung'], 4], [['姜', '강', '강', 'jiang', 'kang'], ['Kang', 'Gang'], 2],
  [['赵', '조', '조', 'zhao', 'jo'], ['Jo', 'Cho'], 2], [['尹', '윤', '윤', 'yin', 'yun'], ['Yun', 'Yoon'], 2],
  [['张', '장', '장', 'zhang', 'jang'], ['Jang', 'Chang'], 2], [['林', '림', '임', 'lin', 'rim'], ['Rim', 'Lim', 'Im'], 2],
  [['韩', '한', '한', 'han', 'han'], ['Han'], 1.5], [['吴', '오', '오', 'wu', 'o'], ['O', 'Oh'], 1.5],
  [['申', '신', '신', 'shen', 'sin'], ['Sin', 'Shin'], 1.5], [['徐', '서', '서', 'xu', 'seo'], ['So', 'Seo', 'Suh'], 1.5],
  [['权', '권', '권', 'quan', 'gwon'], ['Kwon', 'Gwon'], 1.3], [['黄', '황', '황', 'huang', 'hwang'], ['Hwang'], 1.3],
  [['安', '안', '안', 'an', 'an'], ['An', 'Ahn'], 1.3], [['宋', '송', '송', 'song', 'song'], ['Song'], 1.3],
  [['柳', '류', '유', 'liu', 'ryu'], ['Ryu', 'Yu', 'Yoo'], 1.2], [['全', '전', '전', 'quan', 'jeon'], ['Jon', 'Jeon', 'Chun'], 1.2],
  [['洪', '홍', '홍', 'hong', 'hong'], ['Hong'], 1], [['高', '고', '고', 'gao', 'go'], ['Ko', 'Go'], 1],
  [['文', '문', '문', 'wen', 'mun'], ['Mun', 'Moon'], 1], [['梁', '량', '양', 'liang', 'ryang'], ['Ryang', 'Yang'], 1],
  [['孙', '손', '손', 'sun', 'son'], ['Son'], 1], [['裴', '배', '배', 'pei', 'bae'], ['Bae', 'Pae'], 0.8],
  [['白', '백', '백', 'bai', 'baek'], ['Paek', 'Baek'], 0.8], [['许', '허', '허', 'xu', 'heo'], ['Ho', 'Heo', 'Huh'], 0.7],
  [['南', '남', '남', 'nan', 'nam'], ['Nam'], 0.5], [['卢', '로', '노', 'lu', 'no'], ['Ro', 'No', 'Roh'], 0.5],
];
// Places of the border region in several scripts; the last entry is the coarser area a mother may remember instead.
const PLACES: [string[], string[], number][] = [
  [['延吉', '연길', 'Yanji', '옌지'], ['延边', '연변', 'Yanbian'], 6], [['龙井', '룡정', '용정', 'Longjing', '룽징'], ['延边', '연변', 'Yanbian'], 4],
  [['图们', '도문', 'Tumen', '투먼'], ['延边', '연변', 'Yanbian'], 3], [['和龙', '화룡', 'Helong', '허룽'], ['延边', '연변', 'Yanbian'], 3],
  [['珲春', '훈춘', 'Hunchun'], ['延边', '연변', 'Yanbian'], 3], [['敦化', '돈화', 'Dunhua', '둔화'], ['延边', '연변', 'Yanbian'], 2],
  [['汪清', '왕청', 'Wangqing', '왕칭'], ['延边', '연변', 'Yanbian'], 2], [['安图', '안도', 'Antu', '안투'], ['延边', '연변', 'Yanbian'], 2],
  [['牡丹江', '목단강', 'Mudanjiang', '무단장'], ['黑龙江', '흑룡강', 'Heilongjiang'], 2], [['沈阳', '심양', 'Shenyang', '선양'], ['辽宁', '료녕', 'Liaoning'], 2],
  [['丹东', '단동', 'Dandong', '단둥'], ['辽宁', '료녕', 'Liaoning'], 2], [['长春', '장춘', 'Changchun', '창춘'], ['吉林', '길림', 'Jilin'], 2],
  [['哈尔滨', '할빈', 'Harbin', '하얼빈'], ['黑龙江', '흑룡강', 'Heilongjiang'], 2], [['吉林', '길림', 'Jilin'], ['吉林', '길림', 'Jilin'], 1],
  [['白山', '백산', 'Baishan', '바이산'], ['吉林', '길림', 'Jilin'], 1], [['通化', '통화', 'Tonghua', '퉁화'], ['吉林', '길림', 'Jilin'], 1],
];

export interface ScaleRecord {
  [field: string]: string | undefined;
  surname?: string;
  given?: string;
  birth?: string;
  place?: string;
  sex?: string;
}

export interface Generated {
  records: ScaleRecord[];
  /** Entity id per record (the truth). */
  entity: Int32Array;
  entities: number;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Generates `n` records of fictional people (about 2.2 records per person).
 * @example generate(1000, 1).records.length // 1000
 */
export function generate(n: number, seed = 2026): Generated {
  const r = rng(seed);
  const pickW = (items: readonly [...unknown[], number][]): number => {
    let total = 0;
    for (const it of items) total += it[it.length - 1] as number;
    let x = r() * total;
    for (let i = 0; i < items.length; i++) { x -= items[i]![items[i]!.length - 1] as number; if (x < 0) return i; }
    return items.length - 1;
  };
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
  const typo = (s: string): string => {
    if (s.length < 3) return s;
    const i = 1 + Math.floor(r() * (s.length - 2));
    const k = r();
    if (k < 0.4) return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
    if (k < 0.7) return s.slice(0, i) + s.slice(i + 1);
    return s.slice(0, i) + 'aeiouy'[Math.floor(r() * 6)] + s.slice(i + 1);
  };
  const records: ScaleRecord[] = [];
  const entity: number[] = [];
  let e = 0;
  while (records.length < n) {
    const sur = SURNAMES[pickW(SURNAMES)]!;
    const g1 = pick(GIVEN);
    const g2 = pick(GIVEN);
    const single = r() < 0.08; // some given names are one syllable
    const givenSyl = single ? [g1] : [g1, g2];
    const year = 1995 + Math.floor(r() * 26);
    const month = 1 + Math.floor(r() * 12);
    const day = 1 + Math.floor(r() * 28);
    const place = PLACES[pickW(PLACES)]!;
    const female = r() < 0.55;
    const k = r();
    const size = k < 0.35 ? 1 : k < 0.65 ? 2 : k < 0.85 ? 3 : k < 0.95 ? 4 : 5;
    for (let c = 0; c < size && records.length < n; c++) {
      const rec: ScaleRecord = {};
      const script = r();
      let given: string, surname: string;
      if (script < 0.25) {
        surname = sur[0][0]; given = givenSyl.map((s) => s[0]).join('');
      } else if (script < 0.45) {
        surname = sur[0][1]; given = givenSyl.map((s) => s[1]).join('');
      } else if (script < 0.65) {
        surname = sur[0][2]; given = givenSyl.map((s, i) => s[i === 0 ? 2 : 1]).join('');
      } else if (script < 0.8) {
        surname = cap(sur[0][3]); given = cap(givenSyl.map((s) => s[3]).join(''));
        if (r() < 0.05) given = typo(given);
      } else {
        surname = pick(sur[1]);
        const parts = givenSyl.map((s) => s[4]);
        const style = r();
        given = style < 0.4 ? cap(parts.join('')) : style < 0.7 ? cap(parts.join('-')) : parts.map(cap).join(' ');
        if (r() < 0.06) given = typo(given);
        if (r() < 0.02) surname = typo(surname);
      }
      if (r() > 0.01) rec.surname = surname;
      if (r() > 0.01) rec.given = given;
      const d = r();
      const mm = String(month).padStart(2, '0');
      const dd = String(day).padStart(2, '0');
      if (d < 0.45) {
        const t = r();
        // Digit typos and day/month swaps, as clerks make them.
        rec.birth = t < 0.04 ? `${year}-${mm}-${String(((day + 9) % 28) + 1).padStart(2, '0')}` : t < 0.06 && day <= 12 ? `${year}-${dd}-${mm}` : `${year}-${mm}-${dd}`;
      } else if (d < 0.6) rec.birth = `${year}-${mm}`;
      else if (d < 0.75) rec.birth = r() < 0.9 ? `${year}` : `${year + (r() < 0.5 ? -1 : 1)}`;
      else if (d < 0.9) {
        const at = Math.max(year + 1, 2015 + Math.floor(r() * 10));
        const age = at - year - (r() < 0.5 ? 0 : 1) + (r() < 0.15 ? (r() < 0.5 ? -1 : 1) : 0);
        rec.birth = `about ${Math.max(0, age)} in ${at}`;
      }
      const p = r();
      if (p < 0.72) rec.place = pick(place[0]);
      else if (p < 0.85) rec.place = pick(place[1]);
      const s = r();
      if (s < 0.97) rec.sex = female ? pick(['F', '여', '女', 'female']) : pick(['M', '남', '男', 'male']);
      records.push(rec);
      entity.push(e);
    }
    e++;
  }
  // Shuffle so that duplicates are not neighbours.
  const order = Array.from(records.keys());
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    const t = order[i]!; order[i] = order[j]!; order[j] = t;
  }
  return { records: order.map((i) => records[i]!), entity: Int32Array.from(order, (i) => entity[i]!), entities: e };
}
