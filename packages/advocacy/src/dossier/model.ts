// What a dossier carries is modelled on what UN mechanisms ask of an
// individual communication (public sources):
// - OHCHR, Special Procedures, "Submitting information to the Special
//   Procedures" and its online questionnaire (https://spsubmission.ohchr.org/):
//   identity of the victim, date and place of the incident, circumstances,
//   steps taken at national level and their outcome, what action is sought,
//   and the victim's consent to be named.
// - OHCHR, Working Group on Enforced or Involuntary Disappearances, form to
//   submit a case (https://www.ohchr.org/en/special-procedures/wg-disappearances):
//   identity of the person, date and place last seen, steps taken to locate
//   the person (inquiries, complaints) and their results, relationship of the
//   source to the person.
// - OHCHR, model complaint form for the treaty bodies
//   (https://www.ohchr.org/en/treaty-bodies/complaints-about-human-rights-violations):
//   facts in chronological order, remedies tried, whether the matter is
//   before another international procedure, and the relief sought.
import { AdvocacyError } from '../errors.ts';
import { yearsSince, type PartialDate, type YMD } from '../age.ts';
import { formatPartialDate, LABELS, type Lang, type RecipientKind, type Relationship, type Sex } from './labels.ts';

/** A name as written in one script; a person usually has several. */
export interface NameForm {
  text: string;
  /** e.g. "hanzi", "hangul", "pinyin", "romanised Korean", "nickname" */
  form?: string;
}

export interface Place {
  /** The place as written in one or more scripts, e.g. 龙井 / 룡정 / Longjing */
  names: NameForm[];
  province?: string;
  country?: string;
}

export interface Step {
  date?: PartialDate;
  description: string;
  /** Authority or body approached */
  authority?: string;
  outcome?: string;
}

/**
 * Every field a dossier can carry, by consent key. The keys are what an
 * applicant's consent lists; anything else in a case view is dropped.
 */
export interface CaseFields {
  'sought.names': NameForm[];
  'sought.sex': Sex;
  'sought.birth': PartialDate;
  'sought.description': string;
  'applicant.names': NameForm[];
  'applicant.relationship': Relationship;
  'separation.date': PartialDate;
  'separation.place': Place;
  'separation.circumstances': string;
  'whereabouts.lastKnownDate': PartialDate;
  'whereabouts.lastKnownPlace': Place;
  'whereabouts.known': string;
  steps: Step[];
  request: string;
  otherProcedures: string;
}

export type FieldKey = keyof CaseFields;

/** All consent keys, in the order they appear in a dossier. */
export const FIELD_KEYS: readonly FieldKey[] = [
  'sought.names', 'sought.sex', 'sought.birth', 'sought.description',
  'applicant.names', 'applicant.relationship',
  'separation.date', 'separation.place', 'separation.circumstances',
  'whereabouts.lastKnownDate', 'whereabouts.lastKnownPlace', 'whereabouts.known',
  'steps', 'request', 'otherProcedures',
];

/** A case as the server hands it over: a pseudonymous reference and whatever fields it chose to pass. */
export interface CaseView {
  /** Reference printed on the dossier (never the internal id). */
  caseRef: string;
  fields: Partial<CaseFields> & Record<string, unknown>;
}

export interface Recipient {
  name: string;
  kind: RecipientKind;
}

export interface DossierInput {
  dossierId: string;
  /** ISO date (YYYY-MM-DD) the dossier is issued; ages are computed at this date. */
  date: string;
  lang: Lang;
  recipient: Recipient;
  purpose: string;
  /** The submitting organisation, as it wishes to appear. */
  submitter?: string;
  cases: { view: CaseView; consentedFields: readonly string[] }[];
}

export interface DossierLine {
  label: string;
  text: string;
}

export interface DossierSection {
  id: 'sought' | 'applicant' | 'separation' | 'whereabouts' | 'steps' | 'request' | 'otherProcedures';
  title: string;
  lines: DossierLine[];
}

export interface DossierCase {
  caseRef: string;
  title: string;
  /** Exactly the consented fields that had a value; nothing else. */
  fields: Partial<CaseFields>;
  sections: DossierSection[];
}

export interface Dossier {
  format: 'homeward.dossier/1';
  id: string;
  date: string;
  lang: Lang;
  recipient: Recipient;
  purpose: string;
  submitter?: string;
  title: string;
  /** Header lines: recipient, purpose, date, id, submitter. */
  meta: DossierLine[];
  consentStatement: string;
  /** Recipient, date and dossier id: printed across every page. */
  watermark: string;
  cases: DossierCase[];
}

/**
 * Keep only the fields the applicant consented to, and only known ones.
 * Fields are dropped, never blanked: the result has no trace of the others.
 *
 * @example
 * filterConsented({ 'sought.names': [...], 'applicant.names': [...] }, ['sought.names'])
 * // { 'sought.names': [...] }
 */
export function filterConsented(fields: CaseView['fields'], consented: readonly string[]): Partial<CaseFields> {
  const allowed = new Set(consented);
  const out: Record<string, unknown> = {};
  for (const key of FIELD_KEYS) {
    const value = fields[key];
    if (!allowed.has(key) || value === undefined || value === null) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (typeof value === 'string' && value.trim() === '') continue;
    out[key] = structuredClone(value);
  }
  return out as Partial<CaseFields>;
}

function parseIsoDate(s: string): YMD {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) throw new AdvocacyError('ADVOCACY_BAD_DATE', `dossier date must be YYYY-MM-DD, got "${s}"`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

const names = (list: readonly NameForm[]): string => list.map((n) => (n.form ? `${n.text} (${n.form})` : n.text)).join(' / ');
const place = (p: Place): string => [names(p.names), p.province, p.country].filter((x) => x && x.length > 0).join(', ');

function sectionsOf(f: Partial<CaseFields>, lang: Lang, date: string): DossierSection[] {
  const L = LABELS[lang];
  const out: DossierSection[] = [];
  const section = (id: DossierSection['id'], lines: (DossierLine | null)[]): void => {
    const kept = lines.filter((l): l is DossierLine => l !== null);
    if (kept.length > 0) out.push({ id, title: L.sections[id], lines: kept });
  };
  const line = (label: string, text: string | undefined): DossierLine | null => (text === undefined ? null : { label, text });
  let age: string | undefined;
  if (f['sought.birth']) {
    const iv = yearsSince(f['sought.birth'], parseIsoDate(date));
    age = L.ageAt(iv.min, iv.max, date);
  }
  section('sought', [
    line(L.fields.names, f['sought.names'] && names(f['sought.names'])),
    line(L.fields.sex, f['sought.sex'] && L.sexes[f['sought.sex']]),
    line(L.fields.birth, f['sought.birth'] && formatPartialDate(f['sought.birth'], lang)),
    line(L.fields.age, age),
    line(L.fields.description, f['sought.description']),
  ]);
  section('applicant', [
    line(L.fields.applicantNames, f['applicant.names'] && names(f['applicant.names'])),
    line(L.fields.relationship, f['applicant.relationship'] && L.relationships[f['applicant.relationship']]),
  ]);
  section('separation', [
    line(L.fields.date, f['separation.date'] && formatPartialDate(f['separation.date'], lang)),
    line(L.fields.place, f['separation.place'] && place(f['separation.place'])),
    line(L.fields.circumstances, f['separation.circumstances']),
  ]);
  section('whereabouts', [
    line(L.fields.lastKnownDate, f['whereabouts.lastKnownDate'] && formatPartialDate(f['whereabouts.lastKnownDate'], lang)),
    line(L.fields.lastKnownPlace, f['whereabouts.lastKnownPlace'] && place(f['whereabouts.lastKnownPlace'])),
    line(L.fields.known, f['whereabouts.known']),
  ]);
  section(
    'steps',
    (f.steps ?? []).map((s, i) => ({
      label: s.date ? formatPartialDate(s.date, lang) : String(i + 1),
      text: [s.description, s.authority && `${L.stepWith}: ${s.authority}`, s.outcome && `${L.stepOutcome}: ${s.outcome}`].filter(Boolean).join(' · '),
    })),
  );
  section('request', [line(L.fields.request, f.request)]);
  section('otherProcedures', [line(L.fields.otherProcedures, f.otherProcedures)]);
  return out;
}

/**
 * Build the document model of a dossier (one case) or packet (several cases
 * for one recipient), carrying only each applicant's consented fields.
 *
 * @example
 * const dossier = buildDossier({
 *   dossierId: 'D-2026-0007', date: '2026-11-29', lang: 'ko',
 *   recipient: { name: 'Special Rapporteur on the situation of human rights in the DPRK', kind: 'un-special-procedure' },
 *   purpose: 'urgent appeal', cases: [{ view, consentedFields: ['sought.names', 'separation.date'] }],
 * });
 */
export function buildDossier(input: DossierInput): Dossier {
  if (input.cases.length === 0) throw new AdvocacyError('ADVOCACY_BAD_SPEC', 'a dossier needs at least one case');
  if (!input.dossierId.trim() || !input.recipient.name.trim() || !input.purpose.trim()) {
    throw new AdvocacyError('ADVOCACY_BAD_SPEC', 'a dossier needs an id, a named recipient and a purpose');
  }
  parseIsoDate(input.date);
  const L = LABELS[input.lang];
  const cases = input.cases.map(({ view, consentedFields }) => {
    const fields = filterConsented(view.fields, consentedFields);
    return { caseRef: view.caseRef, title: `${L.caseTitle} ${view.caseRef}`, fields, sections: sectionsOf(fields, input.lang, input.date) };
  });
  const meta: DossierLine[] = [
    { label: L.recipient, text: input.recipient.name },
    { label: L.recipientKind, text: L.kinds[input.recipient.kind] },
    { label: L.purpose, text: input.purpose },
    { label: L.date, text: input.date },
    { label: L.dossierId, text: input.dossierId },
  ];
  if (input.submitter) meta.push({ label: L.submittedBy, text: input.submitter });
  if (cases.length > 1) meta.push({ label: L.casesIncluded, text: cases.map((c) => c.caseRef).join(', ') });
  return {
    format: 'homeward.dossier/1',
    id: input.dossierId,
    date: input.date,
    lang: input.lang,
    recipient: { ...input.recipient },
    purpose: input.purpose,
    ...(input.submitter ? { submitter: input.submitter } : {}),
    title: cases.length > 1 ? L.packetTitle : L.dossierTitle,
    meta,
    consentStatement: L.consentStatement(input.recipient.name, input.purpose),
    watermark: `${input.recipient.name} · ${input.date} · ${input.dossierId}`,
    cases,
  };
}

/**
 * The JSON form of a dossier: the same content as the PDF, stable key order.
 *
 * @example
 * dossierToJson(dossier) // '{\n  "format": "homeward.dossier/1",\n  "id": "D-2026-0007", ...'
 */
export function dossierToJson(d: Dossier): string {
  return JSON.stringify(d, null, 2) + '\n';
}
