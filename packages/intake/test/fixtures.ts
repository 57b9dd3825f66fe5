// Fictional, generated test data: no real person. A seeded generator keeps
// every run identical.

const KO_SURNAMES = ['김', '이', '박', '최', '정', '강', '조', '윤', '장', '임', '한', '오', '서', '신', '권', '황', '안', '송', '류', '홍'];
const KO_GIVEN = ['영희', '미영', '순옥', '철호', '은정', '지혜', '명숙', '광철', '향란', '춘희', '혜진', '성민', '미령', '옥순', '금실', '영철', '정호', '수진', '민지', '현우'];
const ZH_SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '金', '朴', '崔'];
const ZH_GIVEN = ['美玲', '丽华', '秀英', '明', '伟', '芳', '娜', '敏', '静', '军', '强', '磊', '洋', '艳', '杰', '娟', '春梅', '玉兰', '海燕', '红'];
const KO_PLACES = ['연변 룡정', '연길', '도문', '화룡', '훈춘', '길림성 연변', '흑룡강성 목단강', '요녕성 심양', '함경북도 회령', '양강도 혜산'];
const ZH_PLACES = ['吉林省延边龙井市', '延吉市', '图们市', '和龙市', '珲春市', '黑龙江省牡丹江市', '辽宁省沈阳市', '吉林省长春市'];
const KO_NOTES = ['어머니가 기억하는 내용', '외할머니 집 근처에서 헤어짐', '학교 이름은 기억하지 못함', '연락을 원함', ''];
const ZH_NOTES = ['母亲记得的内容', '在外婆家附近分开', '不记得学校名字', '希望联系', ''];

/** Deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T,>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

export const KO_HEADERS = ['신청인 이름', '자녀 이름', '생년월일', '성별', '관계', '마지막 거주지', '이별 날짜', '메모'];
export const ZH_HEADERS = ['申请人姓名', '子女姓名', '出生日期', '性别', '关系', '最后居住地', '分离日期', '备注'];
export const EN_HEADERS = ['Applicant name', 'Child name', 'Date of birth', 'Sex', 'Relation', 'Last known place', 'Separation date', 'Notes'];

/** Korean-language rows (only characters EUC-KR can hold). */
export function koreanRows(n: number, seed = 1): string[][] {
  const r = rng(seed);
  const rows: string[][] = [];
  for (let i = 0; i < n; i++) {
    const daughter = r() < 0.5;
    const year = 2000 + Math.floor(r() * 20);
    const birth = pick(r, [`${year}`, `${year}-0${1 + Math.floor(r() * 9)}`, `${year}년 ${1 + Math.floor(r() * 12)}월`, `${year}.${1 + Math.floor(r() * 12)}.${1 + Math.floor(r() * 28)}`, `약 ${2 + Math.floor(r() * 8)}세 (2016)`]);
    rows.push([
      pick(r, KO_SURNAMES) + pick(r, KO_GIVEN),
      pick(r, KO_SURNAMES) + pick(r, KO_GIVEN),
      birth,
      daughter ? '여' : '남',
      daughter ? '딸' : '아들',
      pick(r, KO_PLACES),
      `${2010 + Math.floor(r() * 10)}년`,
      pick(r, KO_NOTES),
    ]);
  }
  return rows;
}

/** Chinese-language rows (simplified; GB18030, UTF-8 and UTF-16 hold them). */
export function chineseRows(n: number, seed = 2): string[][] {
  const r = rng(seed);
  const rows: string[][] = [];
  for (let i = 0; i < n; i++) {
    const daughter = r() < 0.5;
    const year = 2000 + Math.floor(r() * 20);
    rows.push([
      pick(r, ZH_SURNAMES) + pick(r, ZH_GIVEN),
      pick(r, ZH_SURNAMES) + pick(r, ZH_GIVEN),
      pick(r, [`${year}年${1 + Math.floor(r() * 12)}月${1 + Math.floor(r() * 28)}日`, `${year}年`, `约${2 + Math.floor(r() * 8)}岁（2016）`]),
      daughter ? '女' : '男',
      daughter ? '女儿' : '儿子',
      pick(r, ZH_PLACES),
      `${2010 + Math.floor(r() * 10)}年${1 + Math.floor(r() * 12)}月`,
      pick(r, ZH_NOTES),
    ]);
  }
  return rows;
}

/** Plain CSV text; quotes fields that need it. */
export function csvText(rows: readonly (readonly string[])[], eol = '\n'): string {
  return rows.map((row) => row.map((v) => (/[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)).join(',')).join(eol) + eol;
}
