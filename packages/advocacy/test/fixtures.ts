import type { CaseView, DossierInput, FieldKey } from '../src/index.ts';

/** A fictional case. Strings marked SECRET must never reach a dossier. */
export const CASE: CaseView = {
  caseRef: 'HW-2026-0042',
  fields: {
    'sought.names': [
      { text: '李美玲', form: 'hanzi' },
      { text: '리미령', form: '연변 표기' },
      { text: 'Li Meiling', form: 'pinyin' },
    ],
    'sought.sex': 'female',
    'sought.birth': { year: 2012 },
    'sought.description': 'SECRET-DESC 왼쪽 눈썹 위 흉터',
    'applicant.names': [{ text: '김순희' }, { text: 'SECRET-NAME' }],
    'applicant.relationship': 'mother',
    'separation.date': { year: 2016, month: 3 },
    'separation.place': { names: [{ text: '龙井' }, { text: '룡정' }, { text: 'Longjing' }], province: '吉林 Jilin' },
    'separation.circumstances': '어머니가 공안 단속을 피해 떠나면서 아이를 시댁에 남김.',
    'whereabouts.lastKnownDate': { year: 2019 },
    'whereabouts.lastKnownPlace': { names: [{ text: '延吉' }, { text: '연길' }] },
    'whereabouts.known': '2019년 延吉市의 한 초등학교에 다닌다는 소식을 친척에게서 들음.',
    steps: [
      { date: { year: 2023, month: 5 }, description: '실종아동 신고 시도', authority: '연길시 공안국', outcome: '접수 거부' },
      { description: 'NGO 현지 협력자를 통한 탐문', outcome: '진행 중' },
    ],
    request: '아이의 안전 확인, 그리고 어머니의 소식을 아이에게 전할 수 있도록 도와 주십시오.',
    otherProcedures: 'SECRET-OTHER',
    // Not a dossier field at all: must be dropped even if "consented".
    'applicant.address': 'SECRET-ADDR 서울 비밀구',
  },
};

export const CONSENTED: FieldKey[] = [
  'sought.names', 'sought.sex', 'sought.birth', 'applicant.relationship',
  'separation.date', 'separation.place', 'separation.circumstances',
  'whereabouts.lastKnownDate', 'whereabouts.lastKnownPlace', 'whereabouts.known', 'steps', 'request',
];

export const SECRETS = ['SECRET', '김순희', '흉터', '비밀구'];

export const INPUT: DossierInput = {
  dossierId: 'D-2026-0007',
  date: '2026-11-29',
  lang: 'ko',
  recipient: { name: 'UN Special Rapporteur on the DPRK', kind: 'un-special-procedure' },
  purpose: '개별 진정 (individual communication)',
  submitter: '홈워드 협력 단체 (fictional NGO)',
  cases: [{ view: CASE, consentedFields: [...CONSENTED, 'applicant.address'] }],
};

/** Another fictional case, with a different consent, for packets. */
export function otherCase(n: number): { view: CaseView; consentedFields: FieldKey[] } {
  return {
    view: {
      caseRef: `HW-2026-01${String(n).padStart(2, '0')}`,
      fields: {
        'sought.names': [{ text: n % 2 ? '王小明' : '朴成哲' }, { text: n % 2 ? '왕소명' : '박성철' }],
        'sought.birth': { year: 2010 + (n % 5), month: 1 + (n % 12) },
        'applicant.names': [{ text: `SECRET-${n}` }],
        'separation.date': { year: 2015 + (n % 4) },
        'separation.place': { names: [{ text: n % 2 ? '图们' : '珲春' }, { text: n % 2 ? '도문' : '훈춘' }] },
        'separation.circumstances': '강제 송환 위험 때문에 아이를 두고 떠남. '.repeat(1 + (n % 3)),
        'whereabouts.known': '친척 집에서 지낸다는 소식이 있었음. '.repeat(2),
        request: '아이의 소재 확인을 요청합니다.',
      },
    },
    consentedFields: ['sought.names', 'sought.birth', 'separation.date', 'separation.place', 'separation.circumstances', 'whereabouts.known', 'request'],
  };
}
