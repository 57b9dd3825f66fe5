// Fictional spreadsheet rows for the import benchmark and the kill test: no
// real person. Names are built from common syllables so that 50,000 rows hold
// mostly distinct names (as a real register would), seeded so runs repeat.

const KO_SURNAMES = ['김', '이', '박', '최', '정', '강', '조', '윤', '장', '임', '한', '오', '서', '신', '권', '황', '안', '송', '류', '홍'];
const KO_SYLLABLES = ['영', '희', '미', '순', '옥', '철', '호', '은', '정', '지', '혜', '명', '숙', '광', '향', '란', '춘', '진', '성', '민', '령', '금', '실', '수', '현', '우', '경', '선', '주', '연', '아', '혁', '준', '기', '태', '동', '남', '나', '보', '설'];
const ZH_SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '金', '朴', '崔'];
const ZH_SYLLABLES = ['美', '玲', '丽', '华', '秀', '英', '明', '伟', '芳', '娜', '敏', '静', '军', '强', '磊', '洋', '艳', '杰', '娟', '春', '梅', '玉', '兰', '海', '燕', '红', '国', '平', '东', '文'];
const PLACES = ['연변 룡정', '연길', '도문', '화룡', '훈춘', '흑룡강성 목단강', '요녕성 심양', '함경북도 회령', '양강도 혜산', '延吉市', '图们市', '和龙市', '珲春市', '吉林省长春市'];
const NOTES = ['어머니가 기억하는 내용', '외할머니 집 근처에서 헤어짐', '학교 이름은 기억하지 못함', '연락을 원함', '', '母亲记得的内容', '希望联系'];

/** Deterministic PRNG (mulberry32, https://gist.github.com/tommyettinger/46a874533244883189143505d203312c). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const HEADERS = ['신청인 이름', '자녀 이름', '생년월일', '성별', '관계', '마지막 거주지', '이별 날짜', '메모'];

/** `n` data rows (header excluded), every name made up. */
export function fictionalRows(n: number, seed = 2026): string[][] {
  const r = rng(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const name = () => (r() < 0.6 ? pick(KO_SURNAMES) + pick(KO_SYLLABLES) + pick(KO_SYLLABLES) : pick(ZH_SURNAMES) + pick(ZH_SYLLABLES) + pick(ZH_SYLLABLES));
  const rows: string[][] = [];
  for (let i = 0; i < n; i++) {
    const daughter = r() < 0.5;
    const year = 1995 + Math.floor(r() * 25);
    const month = 1 + Math.floor(r() * 12);
    rows.push([
      name(),
      name(),
      pick([`${year}`, `${year}-${String(month).padStart(2, '0')}`, `${year}년 ${month}월`, `${year}.${month}.${1 + Math.floor(r() * 28)}`]),
      daughter ? '여' : '남',
      daughter ? '딸' : '아들',
      pick(PLACES),
      `${2005 + Math.floor(r() * 15)}년`,
      pick(NOTES),
    ]);
  }
  return rows;
}

/** The rows as a UTF-8 CSV file (RFC 4180 quoting). */
export function fictionalCsv(n: number, seed = 2026): Buffer {
  const q = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return Buffer.from([HEADERS, ...fictionalRows(n, seed)].map((row) => row.map(q).join(',')).join('\r\n') + '\r\n', 'utf8');
}
