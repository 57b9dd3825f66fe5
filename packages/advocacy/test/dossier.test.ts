import { describe, expect, it } from 'vitest';
import { buildDossier, checkDossierConsent, dossiersToRecall, dossierToJson, filterConsented, scriptRuns, type ConsentGrant } from '../src/index.ts';
import { CASE, CONSENTED, INPUT, otherCase, SECRETS } from './fixtures.ts';

describe('dossier model', () => {
  it('drops every field outside the consent, without leaving a trace', () => {
    const kept = filterConsented(CASE.fields, [...CONSENTED, 'applicant.address', 'nonsense']);
    expect(Object.keys(kept).sort()).toEqual([...CONSENTED].sort());
    const json = dossierToJson(buildDossier(INPUT));
    for (const s of SECRETS) expect(json).not.toContain(s);
    // Left out, not blacked out: no label of a missing field, no placeholder.
    const d = JSON.parse(json) as ReturnType<typeof buildDossier>;
    const labels = d.cases[0]!.sections.flatMap((s) => s.lines.map((l) => l.label));
    expect(labels).not.toContain('인상착의');
    expect(labels).not.toContain('신청인');
    expect(d.cases[0]!.sections.map((s) => s.id)).toEqual(['sought', 'applicant', 'separation', 'whereabouts', 'steps', 'request']);
  });

  it('writes dates with their real precision and the age as an interval', () => {
    const d = buildDossier(INPUT);
    const text = d.cases[0]!.sections.flatMap((s) => s.lines.map((l) => `${l.label}: ${l.text}`));
    expect(text).toContain('생년월일: 2012년');
    expect(text).toContain('현재 나이: 13세 또는 14세 (2026-11-29 기준)');
    expect(text).toContain('헤어진 날짜: 2016년 3월');
    const en = buildDossier({ ...INPUT, lang: 'en' });
    const enText = en.cases[0]!.sections.flatMap((s) => s.lines.map((l) => `${l.label}: ${l.text}`));
    expect(enText).toContain('Age today: 13 or 14 (on 2026-11-29)');
    expect(enText).toContain('Date of separation: March 2016');
    expect(en.watermark).toBe('UN Special Rapporteur on the DPRK · 2026-11-29 · D-2026-0007');
  });

  it('builds a packet of several cases for one recipient, each with its own consent', () => {
    const d = buildDossier({ ...INPUT, cases: [INPUT.cases[0]!, otherCase(1), otherCase(2)] });
    expect(d.cases.map((c) => c.caseRef)).toEqual(['HW-2026-0042', 'HW-2026-0101', 'HW-2026-0102']);
    expect(d.meta.at(-1)).toEqual({ label: '포함된 사례', text: 'HW-2026-0042, HW-2026-0101, HW-2026-0102' });
    expect(dossierToJson(d)).not.toContain('SECRET');
  });

  it('refuses without a live consent for this purpose and recipient, naming what is missing', () => {
    const recipient = { name: 'UN Special Rapporteur on the DPRK', kind: 'un-special-procedure' as const };
    const grant = (over: Partial<ConsentGrant>): ConsentGrant => ({ purpose: 'communication', recipient: { kind: 'un-special-procedure' }, fields: ['sought.names'], grantedAt: '2026-01-01', ...over });
    const decision = checkDossierConsent(
      [
        { caseRef: 'A', grants: [grant({})] },
        { caseRef: 'B', grants: [grant({ withdrawnAt: '2026-06-01' })] },
        { caseRef: 'C', grants: [grant({ recipient: { kind: 'government-office', name: 'Ministry of Unification' } })] },
        { caseRef: 'D', grants: [grant({ purpose: 'publication' })] },
        { caseRef: 'E', grants: [grant({ expiresAt: '2026-10-31' })] },
        { caseRef: 'F', grants: [grant({ recipient: { kind: 'un-special-procedure', name: 'Another mandate' } })] },
      ],
      recipient,
      'Communication',
      '2026-11-29',
    );
    expect(decision).toEqual({
      ok: false,
      missing: [
        { caseRef: 'B', problem: 'withdrawn' },
        { caseRef: 'C', problem: 'recipient-not-covered' },
        { caseRef: 'D', problem: 'no-consent-for-purpose' },
        { caseRef: 'E', problem: 'expired' },
        { caseRef: 'F', problem: 'recipient-not-covered' },
      ],
    });
    // Withdrawn during the dossier's own day: no longer covered.
    const sameDay = checkDossierConsent([{ caseRef: 'G', grants: [grant({ withdrawnAt: '2026-11-29T08:15:00Z' })] }], recipient, 'communication', '2026-11-29');
    expect(sameDay).toEqual({ ok: false, missing: [{ caseRef: 'G', problem: 'withdrawn' }] });
    const ok = checkDossierConsent([{ caseRef: 'A', grants: [grant({ fields: ['request', 'sought.names', 'bogus'] })] }], recipient, 'communication', '2026-11-29');
    expect(ok).toEqual({ ok: true, fields: new Map([['A', ['sought.names', 'request']]]) });
  });

  it('marks for recall every standing dossier a withdrawal affects', () => {
    const un = { name: 'WGEID', kind: 'un-working-group' as const };
    const gov = { name: 'Ministry of Unification', kind: 'government-office' as const };
    const register = [
      { dossierId: 'D1', recipient: un, purpose: 'communication', caseRefs: ['A', 'B'] },
      { dossierId: 'D2', recipient: gov, purpose: 'meeting', caseRefs: ['B'] },
      { dossierId: 'D3', recipient: un, purpose: 'communication', caseRefs: ['B'], recalled: true },
      { dossierId: 'D4', recipient: un, purpose: 'communication', caseRefs: ['C'] },
    ];
    expect(dossiersToRecall(register, { caseRef: 'B' })).toEqual(['D1', 'D2']);
    expect(dossiersToRecall(register, { caseRef: 'B', recipient: { kind: 'government-office' } })).toEqual(['D2']);
    expect(dossiersToRecall(register, { caseRef: 'A', purpose: 'meeting' })).toEqual([]);
  });

  it('splits mixed text into runs for the Hangul and the Chinese font', () => {
    expect(scriptRuns('리미령 李美玲 (Li)')).toEqual([
      { han: false, text: '리미령 ' },
      { han: true, text: '李美玲 ' },
      { han: false, text: '(Li)' },
    ]);
  });
});
