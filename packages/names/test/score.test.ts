import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLD, blockingKeys, explainPrepared, prepare, score, scorePrepared } from '@homeward/names';

const same = (a: string, b: string) => expect(score(a, b).score, `${a} ~ ${b}`).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
const different = (a: string, b: string) => expect(score(a, b).score, `${a} !~ ${b}`).toBeLessThan(DEFAULT_THRESHOLD);

describe('one name across scripts', () => {
  it.each([
    ['李美玲', '리미령'], // Sino-Korean, North/Yanbian spelling
    ['李美玲', '이미령'], // South Korean spelling
    ['李美玲', '이미영'], // initial-sound rule applied throughout
    ['李美玲', 'Li Meiling'], // pinyin
    ['李美玲', 'Lee Mi-ryeong'], // passport surname + RR
    ['李美玲', 'Ri Mi Ryong'], // DPRK
    ['리미령', 'Li Meiling'], // Hangul against pinyin, through the characters read that way
    ['李美玲', '리메이링'], // Hangul transcription of Mandarin
    ['金英姬', '김영희'],
    ['김영희', 'Kim Young-hee'],
    ['김영희', 'Young Hee KIM'], // Latin, surname last
    ['김영희', 'KIM, Younghee'],
    ['김영희', 'Gim Yeong-hui'], // RR
    ['김영희', 'Kim Yŏng-hŭi'], // MR with breves
    ['김영희', 'Kim Yong Hui'], // DPRK / MR without breves
    ['朴成哲', 'Piao Chengzhe'], // 朴 read Piao by Korean-Chinese
    ['朴成哲', 'Pak Song Chol'],
    ['박성철', 'Park Sung-chul'],
    ['최룡해', 'Choe Ryong Hae'],
    ['최룡해', 'Choi Yong-hae'],
    ['柳英淑', 'Ryu Yong Suk'],
    ['柳英淑', 'Yoo Young-sook'],
    ['林明哲', 'Lim Myung-chul'],
    ['林明哲', 'Rim Myong Chol'],
    ['郑恩惠', 'Jung Eun-hye'],
    ['郑恩惠', 'Chung Eunhye'],
    ['남궁민수', 'Namgung Min-su'],
    ['欧阳明', 'Ouyang Ming'],
    ['崔秀龙', '추이슈룽'],
    ['龙井', '룡정'],
    ['龙井', '용정'],
    ['龙井', '룽징'],
    ['龙井', 'Longjing'],
    ['延吉', '연길'],
    ['延吉', '옌지'],
    ['图们', 'Tumen'],
    ['延吉市', 'Yanji'], // administrative suffix
    ['龙井市', 'Longjing City'],
    ['龍井', '龙井'], // traditional and simplified
  ])('%s = %s', (a, b) => same(a, b));
});

describe('passport surname spellings read back to Hangul and Chinese characters', () => {
  // The usual spellings listed in the issue, each against every Hangul form and the character.
  it.each([
    [['Lee', 'Yi', 'Rhee', 'I', 'Ri'], ['이', '리', '李']],
    [['Park', 'Pak', 'Bak'], ['박', '朴']],
    [['Kim', 'Gim'], ['김', '金']],
    [['Choi', 'Choe'], ['최', '崔']],
    [['Jung', 'Jeong', 'Chung'], ['정', '郑']],
    [['Yoon', 'Yun'], ['윤', '尹']],
    [['Lim', 'Im', 'Rim'], ['임', '림', '林']],
    [['Ryu', 'Yu', 'Yoo'], ['류', '유', '柳']],
  ])('%j = %j', (latin, forms) => {
    for (const l of latin) {
      for (const h of forms) {
        same(l, h);
        same(`${l} Young-hee`, `${h}영희`);
      }
    }
  });
});

describe('hard negatives', () => {
  it.each([
    ['김영희', '김철수'], // common surname, different given name
    ['김영희', 'Kim Chul-su'],
    ['李美玲', '李明哲'],
    ['李美玲', 'Lee Min-jun'],
    ['김민준', '박민준'], // same given name, different surname
    ['Park Min-jun', 'Kang Min-jun'],
    ['김영희', '김영호'], // one given syllable different
    ['Kim Young-hee', 'Kim Young-ho'],
    ['龙井', '龙江'], // different places
    ['Longjing', 'Longjiang'],
    ['长春', '长白'],
    ['通化', '敦化'], // 통화 / 돈화: aspirated against plain
    ['이', '임'], // different surnames
    ['Lee', 'Lim'],
    ['정', '전'],
    ['Choi', 'Cho'],
    ['Zhang Wei', 'Jiang Wei'],
    ['张伟', 'Jiang Wei'],
  ])('%s ≠ %s', (a, b) => different(a, b));
});

describe('graceful degradation', () => {
  it('a typo lowers the score without sinking it', () => {
    const exact = score('김영희', 'Kim Young-hee').score;
    const typo = score('김영희', 'Kim Youngh-ee').score;
    const drop = score('김영희', 'Kim Yong-hee').score;
    expect(drop).toBeLessThanOrEqual(exact);
    expect(drop).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(typo).toBeGreaterThan(0.3);
  });
  it('a dropped syllable scores between a match and a stranger', () => {
    const full = score('리미령', 'Ri Mi Ryong').score;
    const dropped = score('리미령', 'Ri Ryong').score;
    const stranger = score('리미령', 'Pak Chol Su').score;
    expect(dropped).toBeLessThan(full);
    expect(dropped).toBeGreaterThan(stranger);
    expect(dropped).toBeGreaterThan(0.4);
  });
  it('a given name alone is not confirmed as the full name', () => {
    expect(score('Mi-ryeong', '리미령').score).toBeLessThan(DEFAULT_THRESHOLD);
    expect(score('Kim', '김영희').score).toBeLessThan(DEFAULT_THRESHOLD);
  });
});

describe('explanation', () => {
  it('says which syllables aligned through which readings', () => {
    const e = score('李美玲', 'Ri Mi Ryong');
    expect(e.surname).toBe(1);
    expect(e.given).toBeGreaterThan(0.9);
    expect(e.aligned.map((x) => [x.a, x.b])).toEqual([['李', 'ri'], ['美', 'mi'], ['玲', 'ryong']]);
    expect(e.aligned[0]!.path).toContain('리 [Sino-Korean]');
    expect(e.notes.join(' ')).toMatch(/Korean readings/);
  });
  it('names the Mandarin route when it is the one that matched', () => {
    const e = score('朴成哲', 'Piao Chengzhe');
    expect(e.notes.join(' ')).toMatch(/Mandarin/);
    expect(e.aligned[0]!.path.join(' ')).toMatch(/piao/);
  });
  it('scorePrepared and explainPrepared agree with score', () => {
    const pairs: [string, string][] = [['李美玲', 'Lee Mi-ryeong'], ['김영희', '김철수'], ['龙井', 'Longjing'], ['', 'x']];
    for (const [a, b] of pairs) {
      const pa = prepare(a);
      const pb = prepare(b);
      expect(scorePrepared(pa, pb)).toBeCloseTo(score(a, b).score, 12);
      expect(explainPrepared(pa, pb).score).toBeCloseTo(scorePrepared(pa, pb), 12);
    }
  });
  it('documents a threshold in (0, 1)', () => {
    expect(DEFAULT_THRESHOLD).toBeGreaterThan(0);
    expect(DEFAULT_THRESHOLD).toBeLessThan(1);
  });
});

// Issue #3: a Chinese given name written alone in pinyin against its Hangul form scored 0 (the Hangul
// could also be read as a transcription of Mandarin, which ruled out the Sino-Korean route; 진우 was
// read only as surname 진 + given name 우).
describe('a given name written alone', () => {
  it.each([
    ['Junyuan', '준원'], // 俊元
    ['Meiren', '미인'], // 美仁
    ['Zhenyu', '진우'], // 振宇: 진 is also a surname
    ['Zhenyu', '振宇'],
    ['진우', 'Jinwoo'],
    ['Zhang Wei', '장위'], // 張偉, a full name whose Hangul is also a transcription (zhang wei)
  ])('%s ~ %s', (a, b) => {
    same(a, b);
    same(b, a);
  });
  it.each([
    ['Junyuan', '민수'],
    ['Meiren', '민수'],
    ['Zhenyu', '철수'],
    ['Zhenyu', '진호'], // only the first syllable agrees
    ['Meiren', '미영'],
  ])('%s !~ %s', (a, b) => {
    different(a, b);
    different(b, a);
  });
  it('reading a two-syllable name as a given name alone does not join two different names', () => {
    // Read as full names they differ in the given name (0); as given names alone they would half agree.
    expect(score('진우', '진호').score).toBe(0);
    expect(score('김수', '이수').score).toBe(0);
    // Against a full name the full-name reading decides, as before.
    expect(score('진우', '김진우').score).toBe(0);
  });
  it('the explanation says the name was read as a given name alone', () => {
    const e = score('Zhenyu', '진우');
    expect(e.notes.join(' ')).toMatch(/second name read as a given name alone/);
    expect(e.aligned.map((x) => x.b)).toEqual(['진', '우']);
    expect(e.aligned[0]!.path.join(' ')).toMatch(/Sino-Korean reading of pinyin zhen/);
    expect(score('진우', 'Zhenyu').notes.join(' ')).toMatch(/first name read as a given name alone/);
    // Not said where the usual reading won.
    expect(score('Junyuan', '준원').notes.join(' ')).not.toMatch(/given name alone/);
  });
  it('the pairs share a blocking key, so matching finds them', () => {
    for (const [a, b] of [['Junyuan', '준원'], ['Meiren', '미인'], ['Zhenyu', '진우']] as const) {
      const kb = blockingKeys(b);
      expect(blockingKeys(a).some((k) => kb.includes(k)), `${a} / ${b}`).toBe(true);
    }
  });
});
