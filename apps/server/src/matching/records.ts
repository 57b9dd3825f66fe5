import type { Name, PartialDate } from '@homeward/contracts';
import { openRecord, type Keyring } from '../crypto/envelope.ts';
import type { LeadRow } from '../db/tables/leads.table.ts';
import type { PersonRow } from '../db/tables/people.table.ts';
import { birthOf, placeValue, type MatchRecord } from './model.ts';

/** The parts of `people.sealed` matching reads (the full shape lives in services/cases.ts). */
export interface PersonSealedView {
  names: Name[];
  birth?: PartialDate;
  lastKnownPlace?: string;
  lastKnownPlaceCode?: string;
}

/** The parts of `leads.sealed` matching reads (services/leads.ts). */
export interface LeadSealedView {
  names: Name[];
  approxAge?: { age: number; atYear: number };
  birth?: PartialDate;
  place?: string;
  placeCode?: string;
}

export function openPerson(kr: Keyring, row: Pick<PersonRow, 'id' | 'wrapped_key' | 'sealed'>): PersonSealedView {
  return openRecord(kr, 'people', row.id, row.wrapped_key)('sealed', row.sealed) as PersonSealedView;
}

export function openLead(kr: Keyring, row: Pick<LeadRow, 'id' | 'wrapped_key' | 'sealed'>): LeadSealedView {
  return openRecord(kr, 'leads', row.id, row.wrapped_key)('sealed', row.sealed) as LeadSealedView;
}

export function personRecord(s: PersonSealedView, sex: string | null): MatchRecord {
  const r: MatchRecord = { names: s.names.map((n) => n.text) };
  const b = birthOf(s.birth);
  if (b) r.birth = b;
  const p = placeValue(s.lastKnownPlaceCode, s.lastKnownPlace);
  if (p) r.place = p;
  if (sex) r.sex = sex;
  return r;
}

export function leadRecord(s: LeadSealedView, sex: string | null): MatchRecord {
  const r: MatchRecord = { names: s.names.map((n) => n.text) };
  const b = birthOf(s.birth, s.approxAge);
  if (b) r.birth = b;
  const p = placeValue(s.placeCode, s.place);
  if (p) r.place = p;
  if (sex) r.sex = sex;
  return r;
}
