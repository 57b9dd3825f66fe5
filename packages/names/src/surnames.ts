// Surname knowledge. Sources (public facts, not people):
// - Korean surnames and their frequency order: Statistics Korea, 2015 Population
//   and Housing Census, 성씨·본관 (surnames and clan seats) tables.
// - Passport spellings: the spellings most used in Korean passports as
//   surveyed by the National Institute of Korean Language (국립국어원,
//   성씨 로마자 표기 방안, 2009) and the Ministry of Foreign Affairs'
//   passport romanisation guidance; North Korean forms from the DPRK's own
//   romanisation (Ri, Ryu, Rim, Ryang ...).
// - Chinese surnames: the Ministry of Public Security's 2020 national surname
//   ranking (top 100) and the classical compound surnames (复姓).

/** Two-syllable Korean surnames, Hangul. */
export const KOREAN_COMPOUND = new Set(['남궁', '황보', '제갈', '사공', '선우', '서문', '독고', '동방', '어금', '망절', '소봉']);

/** Compound Chinese-character surnames (Chinese and Korean), simplified and traditional. */
export const HANZI_COMPOUND = new Set([
  '欧阳', '歐陽', '司马', '司馬', '上官', '诸葛', '諸葛', '东方', '東方', '皇甫', '尉迟', '尉遲', '公孙', '公孫',
  '慕容', '令狐', '宇文', '长孙', '長孫', '夏侯', '司徒', '端木', '西门', '西門', '独孤', '獨孤', '南宫', '南宮',
  '轩辕', '軒轅', '呼延', '澹台', '申屠', '太史', '濮阳', '濮陽', '司空', '鲜于', '鮮于', '钟离', '鍾離', '闻人', '聞人',
]);

/** Hangul surname -> usual Latin spellings (passport, RR, MR, DPRK), most common first. */
export const PASSPORT: Record<string, string[]> = {
  김: ['Kim', 'Gim', 'Ghim'], 이: ['Lee', 'Yi', 'Rhee', 'I', 'Ri', 'Yie', 'Rie'], 리: ['Ri', 'Li', 'Lee', 'Rhee'],
  박: ['Park', 'Pak', 'Bak', 'Bahk', 'Pack'], 최: ['Choi', 'Choe', 'Chwe', 'Choy'],
  정: ['Jung', 'Jeong', 'Chung', 'Jong', 'Cheong', 'Joung', 'Chong'], 강: ['Kang', 'Gang', 'Kahng'],
  조: ['Cho', 'Jo', 'Joe'], 윤: ['Yoon', 'Yun', 'Youn'], 장: ['Jang', 'Chang'], 임: ['Lim', 'Im', 'Yim', 'Rim', 'Leem'],
  림: ['Rim', 'Lim'], 한: ['Han', 'Hahn'], 오: ['Oh', 'O'], 서: ['Seo', 'Suh', 'So', 'Sur'], 신: ['Shin', 'Sin', 'Shinn'],
  권: ['Kwon', 'Gwon', 'Kweon'], 황: ['Hwang', 'Whang'], 안: ['Ahn', 'An', 'Ann'], 송: ['Song'],
  전: ['Jeon', 'Jun', 'Chun', 'Chon', 'Jon', 'Cheon'], 홍: ['Hong'], 유: ['Yoo', 'Yu', 'You'],
  류: ['Ryu', 'Yu', 'Yoo', 'Rhyu', 'Lyu', 'Ryoo'], 고: ['Ko', 'Go', 'Koh', 'Goh'], 문: ['Moon', 'Mun'],
  양: ['Yang', 'Ryang'], 량: ['Ryang', 'Yang'], 손: ['Son', 'Sohn'], 배: ['Bae', 'Pae', 'Bai'],
  백: ['Baek', 'Paik', 'Paek', 'Baik', 'Back'], 허: ['Heo', 'Hur', 'Huh', 'Ho', 'Her'], 남: ['Nam'],
  심: ['Shim', 'Sim'], 노: ['Noh', 'Roh', 'No', 'Ro', 'Rho'], 로: ['Ro', 'Roh'], 하: ['Ha', 'Hah'],
  곽: ['Kwak', 'Gwak'], 성: ['Sung', 'Seong', 'Song'], 차: ['Cha'], 주: ['Joo', 'Ju', 'Chu', 'Choo'],
  우: ['Woo', 'U', 'Wu'], 구: ['Koo', 'Ku', 'Gu', 'Goo'], 민: ['Min'], 진: ['Jin', 'Chin'], 지: ['Ji', 'Chi', 'Jee'],
  엄: ['Um', 'Eom', 'Uhm', 'Om'], 채: ['Chae', 'Chai', 'Che'], 원: ['Won', 'Weon'], 천: ['Chun', 'Cheon', 'Chon'],
  방: ['Bang', 'Pang'], 공: ['Kong', 'Gong'], 현: ['Hyun', 'Hyeon', 'Hyon'], 함: ['Ham', 'Hahm'],
  변: ['Byun', 'Byeon', 'Pyon', 'Byon'], 염: ['Yeom', 'Yum', 'Youm', 'Yom'], 렴: ['Ryom', 'Yeom'],
  여: ['Yeo', 'Yo', 'Yuh'], 려: ['Ryo', 'Yeo'], 추: ['Choo', 'Chu'], 도: ['Do', 'Doh', 'To'], 소: ['So', 'Soh'],
  석: ['Seok', 'Suk', 'Sok'], 선: ['Sun', 'Seon', 'Son'], 설: ['Seol', 'Sul', 'Sol'], 마: ['Ma'], 길: ['Gil', 'Kil'],
  연: ['Yeon', 'Yun', 'Youn', 'Yon'], 위: ['Wi', 'Wee'], 표: ['Pyo', 'Pyeo'], 명: ['Myung', 'Myeong', 'Myong'],
  기: ['Ki', 'Gi', 'Kee'], 반: ['Ban', 'Pan'], 라: ['Ra', 'La', 'Rha'], 나: ['Na', 'Ra', 'Nah'], 왕: ['Wang'],
  금: ['Keum', 'Geum', 'Kum'], 옥: ['Ok', 'Ock'], 육: ['Yuk', 'Yook'], 륙: ['Ryuk', 'Yuk'], 인: ['In'],
  맹: ['Maeng', 'Meng'], 제: ['Je', 'Jae'], 모: ['Mo'], 탁: ['Tak', 'Tark'], 국: ['Kook', 'Guk', 'Kuk'],
  어: ['Eo', 'Uh', 'O'], 은: ['Eun', 'Un'], 용: ['Yong', 'Ryong'], 룡: ['Ryong', 'Yong'], 예: ['Ye', 'Yeh'],
  경: ['Kyung', 'Gyeong', 'Kyong'], 봉: ['Bong', 'Pong'], 사: ['Sa'], 부: ['Boo', 'Bu', 'Pu'], 가: ['Ka', 'Ga'],
  태: ['Tae', 'Tai'], 목: ['Mok'], 피: ['Pi', 'Pee'], 두: ['Doo', 'Du', 'Tu'], 감: ['Kam', 'Gam'], 동: ['Dong', 'Tong'],
  호: ['Ho'], 증: ['Jeung', 'Jung'], 빈: ['Bin', 'Been'], 형: ['Hyung', 'Hyeong'], 범: ['Bum', 'Beom', 'Pom'], 좌: ['Jwa', 'Chwa'], 팽: ['Paeng'], 상: ['Sang'], 단: ['Dan', 'Tan'],
  당: ['Dang', 'Tang'], 화: ['Hwa', 'Wha'], 창: ['Chang'], 편: ['Pyun', 'Pyeon', 'Pyon'], 승: ['Seung', 'Sung'],
  남궁: ['Namgung', 'Namkung', 'Namgoong'], 황보: ['Hwangbo', 'Whangbo'], 제갈: ['Jegal', 'Chegal'],
  사공: ['Sagong', 'Sakong'], 선우: ['Sunwoo', 'Seonu', 'Seonwoo'], 서문: ['Seomun', 'Suhmoon'],
  독고: ['Dokgo', 'Tokko', 'Dokko'], 동방: ['Dongbang', 'Tongbang'],
};

/** Common Hangul surnames (census order, DPRK forms added): a first syllable in this set is read as a surname. */
export const KOREAN_SURNAMES = new Set([...Object.keys(PASSPORT).filter((k) => k.length === 1), '심', '노', '곽', '엄', '봉', '빈', '온', '형', '음', '간']);

/** Common Chinese surnames in pinyin (MPS 2020 top 100 plus Korean-Chinese 朴 Piao, 崔 Cui, 全 Quan). */
export const PINYIN_SURNAMES = new Set(
  ('wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin luo gao zheng liang xie song tang han feng deng ' +
    'cao peng zeng xiao tian dong pan yuan cai jiang yu du ye cheng wei su lü ding ren lu yao shen zhong jiang cui tan lu fan wang liao ' +
    'shi jin jia xia fu fang zou xiong bai meng qin qiu hou jiang yin xue yan duan lei long li shi tao he gu mao hao gong shao wan qian ' +
    'yan qin wu dai mo kong xiang chang piao quan shan ou ouyang sima shangguan zhuge dongfang huangfu').split(' '),
);

// Latin spelling -> Hangul surnames, the one for which the spelling is most usual first (ri -> 리 before 이).
const latinIndex = new Map<string, string[]>();
{
  const ranked = new Map<string, { h: string; rank: number }[]>();
  for (const [hangul, spellings] of Object.entries(PASSPORT)) {
    spellings.forEach((s, rank) => {
      const k = s.toLowerCase();
      const list = ranked.get(k) ?? [];
      if (!list.some((x) => x.h === hangul)) list.push({ h: hangul, rank });
      ranked.set(k, list);
    });
  }
  for (const [k, list] of ranked) latinIndex.set(k, list.sort((a, b) => a.rank - b.rank).map((x) => x.h));
}

// The token without hyphens and apostrophes (most have none: no regular expression then).
const bare = (token: string): string => (token.includes('-') || token.includes("'") ? token.replace(/[-']/g, '') : token);

/** Hangul surnames a Latin spelling is used for, most likely first. Example: surnameFromLatin('rhee') -> ['이', '리']. */
export function surnameFromLatin(token: string): string[] {
  return latinIndex.get(bare(token)) ?? [];
}

/** True if a normalised Latin token is a known Korean or Chinese surname spelling. */
export function isLatinSurname(token: string): boolean {
  const t = bare(token);
  return latinIndex.has(t) || PINYIN_SURNAMES.has(t);
}

/**
 * Korean surnames in Chinese characters (census order). Korean-Chinese in China write these
 * characters and are known by their pinyin (金 Jin, 朴 Piao, 崔 Cui): the pinyin of a surname
 * then stands for these Korean readings (Jin = 김, not 진).
 */
export const KOREAN_SURNAME_HANZI = '金李朴崔郑姜赵尹张林韩吴徐申权黄安宋全洪柳高文梁孙裴白许卢南沈刘河丁成车具朱禹任罗辛闵俞陈池严蔡元千方孔玄咸卞廉杨边吕秋鲁都苏慎石宣薛马吉延魏表明奇潘王琴玉陆印孟诸卓鞠';
