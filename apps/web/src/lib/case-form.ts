import type {
  ApplicantInput,
  CaseDetail,
  CaseInput,
  Lead,
  LeadInput,
  NameInput,
  Person,
  Place,
  PersonInput,
  Relation,
  SoughtInput,
} from '../api/types.ts';
import type { StepTaken } from '@homeward/contracts';
import { emptyDate, fromPartialDate, toPartialDate, type ClientErrors, type DateFields } from './partial-date.ts';
import { emptyChildDetails, fromChildDetails, toChildDetails, type ChildDetailsValues } from '../components/ChildDetailsValues.ts';

// Form values mirror the API's field names so that a server issue path such
// as "sought.0.birth.month" lands on the input of the same path unchanged.

export interface NameFields {
  /** React key only; never sent. */
  key: string;
  text: string;
  /** '' means "detect automatically" (the server decides). */
  script: string;
  kind: string;
}

export interface PersonFields {
  key: string;
  /** The stored person's id, sent back on update so the same person is kept ('' when new). */
  id: string;
  names: NameFields[];
  sex: string;
  birth: DateFields;
  lastKnownPlace: string;
  /** Gazetteer code chosen for the text ('' when none): the text stays what she said. */
  lastKnownPlaceCode: string;
  /** The chosen place, for display only; never sent. */
  lastKnownPlaceChosen: Place | null;
  separatedOn: DateFields;
  separationCircumstances: string;
  notes: string;
}

export type ApplicantFields = PersonFields & { safeContact: string };
export type SoughtFields = PersonFields & { relation: string; childDetails: ChildDetailsValues };

/** One step already taken (issue #8): a report, a letter, a search; every text as typed. */
export interface StepFields {
  key: string;
  date: DateFields;
  description: string;
  authority: string;
  outcome: string;
}

export interface CaseFormValues {
  applicant: ApplicantFields;
  sought: SoughtFields[];
  status: string;
  assignedTo: string;
  riskLevel: string;
  riskNotes: string;
  notes: string;
  stepsTaken: StepFields[];
}

export interface LeadFormValues {
  names: NameFields[];
  approxAge: { age: string; atYear: string };
  birth: DateFields;
  sex: string;
  place: string;
  placeCode: string;
  placeChosen: Place | null;
  source: string;
  reliability: string;
  receivedOn: DateFields;
  caseId: string;
  notes: string;
}

let counter = 0;
/** A key for list items, unique within this page load. */
export function newKey(): string {
  counter += 1;
  return `k${counter}`;
}

export function emptyName(): NameFields {
  return { key: newKey(), text: '', script: '', kind: '' };
}

function emptyPerson(): PersonFields {
  return {
    key: newKey(),
    id: '',
    names: [emptyName()],
    sex: '',
    birth: emptyDate(),
    lastKnownPlace: '',
    lastKnownPlaceCode: '',
    lastKnownPlaceChosen: null,
    separatedOn: emptyDate(),
    separationCircumstances: '',
    notes: '',
  };
}

export function emptySought(): SoughtFields {
  return { ...emptyPerson(), relation: 'child', childDetails: emptyChildDetails() };
}

export function emptyStep(): StepFields {
  return { key: newKey(), date: emptyDate(), description: '', authority: '', outcome: '' };
}

export function emptyCase(): CaseFormValues {
  return {
    applicant: { ...emptyPerson(), safeContact: '' },
    sought: [emptySought()],
    status: 'open',
    assignedTo: '',
    // The server's default too; every stored case has a risk level.
    riskLevel: 'medium',
    riskNotes: '',
    notes: '',
    // No rows until one is added: a blank row would only be an error to clear.
    stepsTaken: [],
  };
}

/** Optional text: blank means absent, never an empty string on the server. */
function text(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function choice<T extends string>(value: string): T | undefined {
  return value === '' ? undefined : (value as T);
}

function namesOut(names: NameFields[]): NameInput[] {
  return names.map((n) => {
    const out: NameInput = { text: n.text.trim() };
    const script = choice<NonNullable<NameInput['script']>>(n.script);
    const kind = choice<NonNullable<NameInput['kind']>>(n.kind);
    if (script) out.script = script;
    if (kind) out.kind = kind;
    return out;
  });
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function personOut(p: PersonFields, path: string, errors: ClientErrors): PersonInput {
  return dropUndefined({
    id: p.id === '' ? undefined : p.id,
    names: namesOut(p.names),
    sex: choice<NonNullable<PersonInput['sex']>>(p.sex),
    birth: toPartialDate(p.birth, `${path}.birth`, errors),
    lastKnownPlace: text(p.lastKnownPlace),
    // A code only beside a text: clearing the text drops the place with it.
    lastKnownPlaceCode: text(p.lastKnownPlace) ? text(p.lastKnownPlaceCode) : undefined,
    separatedOn: toPartialDate(p.separatedOn, `${path}.separatedOn`, errors),
    separationCircumstances: text(p.separationCircumstances),
    notes: text(p.notes),
  });
}

/**
 * Form values -> request body. Problems that make a value impossible to send
 * (a letter in a year) are collected in `errors` under the API's path.
 * @example toCaseInput(emptyCase()).input.status === 'open'
 */
export function toCaseInput(v: CaseFormValues): { input: CaseInput; errors: ClientErrors } {
  const errors: ClientErrors = {};
  const applicant: ApplicantInput = dropUndefined({
    ...personOut(v.applicant, 'applicant', errors),
    safeContact: text(v.applicant.safeContact),
  });
  const sought: SoughtInput[] = v.sought.map((s, i) => ({
    ...personOut(s, `sought.${i}`, errors),
    relation: s.relation as Relation,
    ...(toChildDetails(s.childDetails) ? { childDetails: toChildDetails(s.childDetails) } : {}),
  }));
  const stepsTaken: StepTaken[] = v.stepsTaken.map((st, i) => {
    const description = st.description.trim();
    // Every row shown is sent, so server issue paths (stepsTaken.N...) land on the same row; an unwanted row is removed, not left blank.
    if (description === '') errors[`stepsTaken.${i}.description`] = 'required';
    return dropUndefined({
      date: toPartialDate(st.date, `stepsTaken.${i}.date`, errors),
      description,
      authority: text(st.authority),
      outcome: text(st.outcome),
    });
  });
  const input: CaseInput = dropUndefined({
    applicant,
    sought,
    status: choice<NonNullable<CaseInput['status']>>(v.status),
    // Explicit null so that clearing the assignment on edit is sent, not skipped.
    assignedTo: v.assignedTo === '' ? null : v.assignedTo,
    riskLevel: choice<NonNullable<CaseInput['riskLevel']>>(v.riskLevel),
    riskNotes: text(v.riskNotes),
    notes: text(v.notes),
    // No steps is sent as no key, like a blank note: an update replaces the whole case, so the stored list is cleared either way.
    stepsTaken: stepsTaken.length > 0 ? stepsTaken : undefined,
  });
  return { input, errors };
}

function namesIn(names: NameInput[] | undefined): NameFields[] {
  const list = (names ?? []).map((n) => ({ key: newKey(), text: n.text, script: n.script ?? '', kind: n.kind ?? '' }));
  return list.length > 0 ? list : [emptyName()];
}

function personIn(p: Person): PersonFields {
  return {
    key: newKey(),
    id: p.id,
    names: namesIn(p.names),
    sex: p.sex ?? '',
    birth: fromPartialDate(p.birth),
    lastKnownPlace: p.lastKnownPlace ?? '',
    lastKnownPlaceCode: p.lastKnownPlaceCode ?? '',
    lastKnownPlaceChosen: p.lastKnownPlaceResolved ?? null,
    separatedOn: fromPartialDate(p.separatedOn),
    separationCircumstances: p.separationCircumstances ?? '',
    notes: p.notes ?? '',
  };
}

/** A stored case -> form values for editing. */
export function fromCaseDetail(c: CaseDetail): CaseFormValues {
  return {
    applicant: { ...personIn(c.applicant), safeContact: c.applicant.safeContact ?? '' },
    sought: c.sought.length > 0 ? c.sought.map((s) => ({ ...personIn(s), relation: s.relation, childDetails: fromChildDetails(s.childDetails) })) : [emptySought()],
    status: c.status,
    assignedTo: c.assignedTo?.id ?? '',
    riskLevel: c.riskLevel ?? '',
    riskNotes: c.riskNotes ?? '',
    notes: c.notes ?? '',
    stepsTaken: (c.stepsTaken ?? []).map((st) => ({
      key: newKey(),
      date: fromPartialDate(st.date),
      description: st.description,
      authority: st.authority ?? '',
      outcome: st.outcome ?? '',
    })),
  };
}

export function emptyLead(today: Date = new Date()): LeadFormValues {
  return {
    names: [emptyName()],
    approxAge: { age: '', atYear: '' },
    birth: emptyDate(),
    sex: '',
    place: '',
    placeCode: '',
    placeChosen: null,
    source: '',
    reliability: 'unknown',
    receivedOn: {
      ...emptyDate('day'),
      year: String(today.getFullYear()),
      month: String(today.getMonth() + 1),
      day: String(today.getDate()),
    },
    caseId: '',
    notes: '',
  };
}

function optionalInteger(value: string, path: string, errors: ClientErrors): number | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (!/^\d{1,4}$/.test(trimmed)) {
    errors[path] = 'not_a_number';
    return undefined;
  }
  return Number(trimmed);
}

/** Lead form values -> request body, like toCaseInput. */
export function toLeadInput(v: LeadFormValues): { input: LeadInput; errors: ClientErrors } {
  const errors: ClientErrors = {};
  const age = optionalInteger(v.approxAge.age, 'approxAge.age', errors);
  const atYear = optionalInteger(v.approxAge.atYear, 'approxAge.atYear', errors);
  if (age !== undefined && atYear === undefined && !errors['approxAge.atYear']) errors['approxAge.atYear'] = 'required';
  if (atYear !== undefined && age === undefined && !errors['approxAge.age']) errors['approxAge.age'] = 'required';
  const receivedOn = toPartialDate(v.receivedOn, 'receivedOn', errors);
  if (v.receivedOn.mode === 'none') errors['receivedOn'] = 'required';
  const input = dropUndefined({
    names: namesOut(v.names),
    approxAge: age !== undefined && atYear !== undefined ? { age, atYear } : undefined,
    birth: toPartialDate(v.birth, 'birth', errors),
    sex: choice<NonNullable<LeadInput['sex']>>(v.sex),
    place: text(v.place),
    placeCode: text(v.place) ? text(v.placeCode) : undefined,
    source: v.source.trim(),
    reliability: v.reliability as LeadInput['reliability'],
    // Filled in only when valid; errors stop the request before it is sent.
    receivedOn: receivedOn ?? { year: 0 },
    caseId: v.caseId === '' ? null : v.caseId,
    notes: text(v.notes),
  }) as LeadInput;
  return { input, errors };
}

/** A stored lead -> form values for editing. */
export function fromLead(l: Lead): LeadFormValues {
  return {
    names: namesIn(l.names),
    approxAge: l.approxAge
      ? { age: String(l.approxAge.age), atYear: String(l.approxAge.atYear) }
      : { age: '', atYear: '' },
    birth: fromPartialDate(l.birth),
    sex: l.sex ?? '',
    place: l.place ?? '',
    placeCode: l.placeCode ?? '',
    placeChosen: l.placeResolved ?? null,
    source: l.source,
    reliability: l.reliability,
    receivedOn: fromPartialDate(l.receivedOn),
    caseId: l.caseId ?? '',
    notes: l.notes ?? '',
  };
}
