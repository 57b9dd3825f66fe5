import type { Selectable } from 'kysely';

/** Blind-index values for candidate generation (see matching/keys.ts); never plaintext. */
export interface MatchIndexTable {
  organisation_id: string;
  owner_table: string;
  owner_id: string;
  /** The sought person's case, so a case's rows can be replaced at once; null for leads. */
  case_id: string | null;
  value: number;
}

/** A (sought person, lead) pair worth a caseworker's look. */
export interface MatchCandidatesTable {
  id: string;
  organisation_id: string;
  case_id: string;
  person_id: string;
  lead_id: string;
  /** Calibrated probability shown to users, as decimal text. */
  probability: string;
  /** The model's own probability before calibration. */
  raw_probability: string;
  /** Match weight in bits. */
  weight: string;
  /** Calibrated probability in parts per million, for ordering on both engines. */
  score_rank: number;
  /** JSON: field -> comparison level name (names no one; the retraining labels). */
  levels: string;
  status: string;
  wrapped_key: string;
  /** Sealed explanation: aligned names, contributions, place relation, date precision. */
  sealed: string;
  version: number;
  created_at: string;
  updated_at: string;
  decided_by: string | null;
  decided_at: string | null;
}
export type MatchCandidateRow = Selectable<MatchCandidatesTable>;

/** Every decision on a candidate, oldest first; the reason is sealed. */
export interface MatchDecisionsTable {
  id: string;
  candidate_id: string;
  organisation_id: string;
  status: string;
  previous_status: string;
  levels: string;
  decided_by: string | null;
  decided_at: string;
  wrapped_key: string;
  sealed: string;
}
export type MatchDecisionRow = Selectable<MatchDecisionsTable>;

/** Trained parameters per organisation (m/u only). */
export interface MatchParamsTable {
  organisation_id: string;
  params: string;
  updated_at: string;
  updated_by: string | null;
}
