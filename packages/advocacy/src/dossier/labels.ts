import type { PartialDate } from '../age.ts';

export type Lang = 'en' | 'ko';

export type RecipientKind = 'un-special-procedure' | 'un-working-group' | 'un-treaty-body' | 'government-office';
export type Relationship = 'mother' | 'father' | 'grandmother' | 'grandfather' | 'sibling' | 'aunt' | 'uncle' | 'other';
export type Sex = 'female' | 'male' | 'unknown';

interface Labels {
  dossierTitle: string;
  packetTitle: string;
  caseTitle: string;
  recipient: string;
  recipientKind: string;
  purpose: string;
  date: string;
  dossierId: string;
  submittedBy: string;
  casesIncluded: string;
  consentStatement: (recipient: string, purpose: string) => string;
  confidential: (recipient: string) => string;
  page: (i: number, n: number) => string;
  kinds: Record<RecipientKind, string>;
  relationships: Record<Relationship, string>;
  sexes: Record<Sex, string>;
  sections: Record<'sought' | 'applicant' | 'separation' | 'whereabouts' | 'steps' | 'request' | 'otherProcedures', string>;
  fields: Record<
    | 'names' | 'sex' | 'birth' | 'age' | 'description' | 'applicantNames' | 'relationship' | 'date' | 'place'
    | 'circumstances' | 'lastKnownDate' | 'lastKnownPlace' | 'known' | 'request' | 'otherProcedures',
    string
  >;
  stepWith: string;
  stepOutcome: string;
  ageAt: (min: number, max: number, at: string) => string;
  month: (m: number) => string;
  fullDate: (y: number, m: number, d: number) => string;
  yearMonth: (y: number, m: number) => string;
  year: (y: number) => string;
  approx: (age: number, atYear: number, plusMinus: number) => string;
}

const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export const LABELS: Record<Lang, Labels> = {
  en: {
    dossierTitle: 'Case dossier',
    packetTitle: 'Case dossier: joint submission',
    caseTitle: 'Case',
    recipient: 'Recipient',
    recipientKind: 'Recipient type',
    purpose: 'Purpose',
    date: 'Date',
    dossierId: 'Dossier ID',
    submittedBy: 'Submitted by',
    casesIncluded: 'Cases included',
    consentStatement: (r, p) =>
      `Each applicant named or referred to in this dossier has given informed consent to share the information it contains with ${r} for the purpose of: ${p}. Information not covered by that consent has been left out of this document.`,
    confidential: (r) => `Confidential: prepared for ${r} only`,
    page: (i, n) => `page ${i} of ${n}`,
    kinds: {
      'un-special-procedure': 'UN special procedure',
      'un-working-group': 'UN working group',
      'un-treaty-body': 'UN treaty body',
      'government-office': 'Government office',
    },
    relationships: { mother: 'mother', father: 'father', grandmother: 'grandmother', grandfather: 'grandfather', sibling: 'sibling', aunt: 'aunt', uncle: 'uncle', other: 'other relative' },
    sexes: { female: 'female', male: 'male', unknown: 'not known' },
    sections: {
      sought: 'Person sought',
      applicant: 'Applicant and relationship',
      separation: 'Separation: date, place and circumstances',
      whereabouts: "What is known of the person's whereabouts",
      steps: 'Steps already taken',
      request: 'What is asked',
      otherProcedures: 'Other international procedures',
    },
    fields: {
      names: 'Names',
      sex: 'Sex',
      birth: 'Date of birth',
      age: 'Age today',
      description: 'Description',
      applicantNames: 'Applicant',
      relationship: 'Relationship to the person sought',
      date: 'Date of separation',
      place: 'Place of separation',
      circumstances: 'Circumstances',
      lastKnownDate: 'Last known on',
      lastKnownPlace: 'Last known place',
      known: 'What is known',
      request: 'Request',
      otherProcedures: 'Submitted elsewhere',
    },
    stepWith: 'with',
    stepOutcome: 'outcome',
    ageAt: (min, max, at) => (min === max ? `${min} (on ${at})` : `${min} or ${max} (on ${at})`),
    month: (m) => EN_MONTHS[m - 1] ?? String(m),
    fullDate: (y, m, d) => `${d} ${EN_MONTHS[m - 1]} ${y}`,
    yearMonth: (y, m) => `${EN_MONTHS[m - 1]} ${y}`,
    year: (y) => String(y),
    approx: (a, y, k) => (k > 0 ? `about ${a} (give or take ${k}) years old in ${y}` : `about ${a} years old in ${y}`),
  },
  ko: {
    dossierTitle: '사례 자료',
    packetTitle: '사례 자료: 공동 제출',
    caseTitle: '사례',
    recipient: '수신',
    recipientKind: '수신 기관 유형',
    purpose: '목적',
    date: '작성일',
    dossierId: '자료 번호',
    submittedBy: '제출 단체',
    casesIncluded: '포함된 사례',
    consentStatement: (r, p) =>
      `이 자료에 언급된 각 신청인은 이 자료에 담긴 정보를 ${r}에 다음 목적으로 제공하는 데 충분한 설명을 듣고 동의하였습니다: ${p}. 동의 범위에 포함되지 않은 정보는 이 문서에서 제외하였습니다.`,
    confidential: (r) => `대외비: ${r} 전용`,
    page: (i, n) => `${n}쪽 중 ${i}쪽`,
    kinds: {
      'un-special-procedure': '유엔 특별절차',
      'un-working-group': '유엔 실무그룹',
      'un-treaty-body': '유엔 조약기구',
      'government-office': '정부 기관',
    },
    relationships: { mother: '어머니', father: '아버지', grandmother: '할머니', grandfather: '할아버지', sibling: '형제자매', aunt: '이모·고모', uncle: '삼촌·외삼촌', other: '기타 친족' },
    sexes: { female: '여성', male: '남성', unknown: '알 수 없음' },
    sections: {
      sought: '찾는 사람',
      applicant: '신청인과 관계',
      separation: '헤어진 날짜, 장소와 경위',
      whereabouts: '현재 소재에 관해 알려진 사항',
      steps: '지금까지 취한 조치',
      request: '요청 사항',
      otherProcedures: '다른 국제 절차',
    },
    fields: {
      names: '이름',
      sex: '성별',
      birth: '생년월일',
      age: '현재 나이',
      description: '인상착의',
      applicantNames: '신청인',
      relationship: '찾는 사람과의 관계',
      date: '헤어진 날짜',
      place: '헤어진 장소',
      circumstances: '경위',
      lastKnownDate: '마지막으로 확인된 때',
      lastKnownPlace: '마지막으로 확인된 장소',
      known: '알려진 사항',
      request: '요청',
      otherProcedures: '다른 곳에 제출한 사실',
    },
    stepWith: '기관',
    stepOutcome: '결과',
    ageAt: (min, max, at) => (min === max ? `${min}세 (${at} 기준)` : `${min}세 또는 ${max}세 (${at} 기준)`),
    month: (m) => `${m}월`,
    fullDate: (y, m, d) => `${y}년 ${m}월 ${d}일`,
    yearMonth: (y, m) => `${y}년 ${m}월`,
    year: (y) => `${y}년`,
    approx: (a, y, k) => (k > 0 ? `${y}년에 약 ${a}세 (±${k}세)` : `${y}년에 약 ${a}세`),
  },
};

/**
 * A partial date written with exactly the precision it has.
 *
 * @example
 * formatPartialDate({ year: 2012, month: 3 }, 'ko') // '2012년 3월'
 */
export function formatPartialDate(d: PartialDate, lang: Lang): string {
  const L = LABELS[lang];
  if ('approxAge' in d) return L.approx(d.approxAge, d.atYear, d.plusMinus ?? 0);
  if (d.month !== undefined && d.day !== undefined) return L.fullDate(d.year, d.month, d.day);
  if (d.month !== undefined) return L.yearMonth(d.year, d.month);
  return L.year(d.year);
}
