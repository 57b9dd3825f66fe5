import type { Selectable } from 'kysely';

/**
 * One encrypted attachment (issue #10). File name, caption, date, media type,
 * sizes and the removed-metadata list are sealed in `sealed`; `content` and
 * `thumbnail` are the file's ciphertexts (base64 text), all under the row's
 * own data key.
 */
export interface AttachmentsTable {
  id: string;
  organisation_id: string;
  /** case, person, lead or consent. */
  owner_type: string;
  owner_id: string;
  /** The case the owner belongs to (case, person, consent); null for a lead. */
  case_id: string | null;
  /** image or pdf. */
  kind: string;
  created_by: string | null;
  created_at: string;
  wrapped_key: string;
  sealed: string;
  content: string;
  thumbnail: string | null;
}
export type AttachmentRow = Selectable<AttachmentsTable>;
