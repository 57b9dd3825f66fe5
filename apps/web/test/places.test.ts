import { describe, expect, it } from 'vitest';
import type { CaseDetail, Place } from '../src/api/types.ts';
import { emptyCase, emptyLead, fromCaseDetail, toCaseInput, toLeadInput } from '../src/lib/case-form.ts';
import { displayLanguage, placeLine, placeTrail } from '../src/lib/places.ts';

const names = { zh: '龙井市', zhTraditional: '龍井市', koreanDprk: '룡정시', koreanRok: '용정시', koreanFromMandarin: '룽징시', pinyin: 'long jing shi', rr: 'Yongjeong', mr: 'Ryongjŏng', dprk: 'Ryongjong', aliases: [] };
const LONGJING: Place = {
  code: 'CN-222405',
  level: 'county',
  country: 'CN',
  display: { ko: '용정시', zh: '龙井市', en: 'Longjing' },
  names,
  hierarchy: [
    { code: 'CN-22', level: 'province', display: { ko: '길림성', zh: '吉林省', en: 'Jilin' } },
    { code: 'CN-2224', level: 'prefecture', display: { ko: '연변조선족자치주', zh: '延边朝鲜族自治州', en: 'Yanbian' } },
    { code: 'CN-222405', level: 'county', display: { ko: '용정시', zh: '龙井市', en: 'Longjing' } },
  ],
};

describe('place display', () => {
  it('names the place in the UI language first, then its other forms', () => {
    expect(placeLine(LONGJING, 'ko')).toBe('용정시 · 룡정시 · 龙井市 · Longjing');
    expect(placeLine(LONGJING, 'zh')).toBe('龙井市 · Longjing · 용정시');
    expect(placeLine(LONGJING, 'en')).toBe('Longjing · 龙井市 · 용정시');
  });
  it('shows the places above it, province first, in the UI language', () => {
    expect(placeTrail(LONGJING, 'en')).toBe('Jilin › Yanbian');
    expect(placeTrail(LONGJING, 'zh')).toBe('吉林省 › 延边朝鲜族自治州');
  });
  it('maps i18next languages to display forms, Korean by default', () => {
    expect(displayLanguage('zh-CN')).toBe('zh');
    expect(displayLanguage('en')).toBe('en');
    expect(displayLanguage('ko')).toBe('ko');
    expect(displayLanguage('fr')).toBe('ko');
  });
});

describe('place codes in the forms', () => {
  it('sends the chosen code beside the text, and never the display copy', () => {
    const v = emptyCase();
    v.applicant.names[0]!.text = '가상';
    v.sought[0]!.names[0]!.text = '가상아이';
    v.sought[0]!.lastKnownPlace = ' 룡정 시장 ';
    v.sought[0]!.lastKnownPlaceCode = 'CN-222405';
    v.sought[0]!.lastKnownPlaceChosen = LONGJING;
    const sought = toCaseInput(v).input.sought[0]!;
    expect(sought.lastKnownPlace).toBe('룡정 시장');
    expect(sought.lastKnownPlaceCode).toBe('CN-222405');
    expect(JSON.stringify(toCaseInput(v).input)).not.toContain('Chosen');
  });
  it('drops a code whose text was cleared, and sends none when nothing was chosen', () => {
    const v = emptyCase();
    v.sought[0]!.lastKnownPlaceCode = 'CN-222405';
    expect(toCaseInput(v).input.sought[0]!.lastKnownPlaceCode).toBeUndefined();
    const lead = emptyLead();
    lead.place = '연길 근처';
    expect(toLeadInput(lead).input.placeCode).toBeUndefined();
    lead.placeCode = 'CN-222401';
    expect(toLeadInput(lead).input.placeCode).toBe('CN-222401');
  });
  it('starts an edit from the stored code and place', () => {
    const person = { id: 'p1', names: [{ text: '가상', script: 'hangul' as const, kind: 'legal' as const }], lastKnownPlace: '룡정', lastKnownPlaceCode: 'CN-222405', lastKnownPlaceResolved: LONGJING };
    const detail: CaseDetail = {
      id: 'c1', reference: 'HW-2026-0001', version: 1, status: 'open', assignedTo: null, riskLevel: 'medium', riskNotes: '', notes: '',
      applicant: { id: 'a1', names: person.names }, sought: [{ ...person, relation: 'son' }], createdAt: '', updatedAt: '',
    };
    const form = fromCaseDetail(detail);
    expect(form.sought[0]).toMatchObject({ lastKnownPlace: '룡정', lastKnownPlaceCode: 'CN-222405', lastKnownPlaceChosen: LONGJING });
    expect(form.applicant).toMatchObject({ lastKnownPlaceCode: '', lastKnownPlaceChosen: null });
  });
});
