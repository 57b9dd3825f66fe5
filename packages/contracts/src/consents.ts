import { z } from 'zod';
import { UserRefSchema } from './auth.ts';
import { IdSchema, LongTextSchema, PartialDateSchema, ShortTextSchema } from './common.ts';
import { CONSENT_PURPOSES } from './interchange.ts';

export const ConsentPurposeSchema = z.enum(CONSENT_PURPOSES);
export type ConsentPurpose = z.infer<typeof ConsentPurposeSchema>;

/**
 * Recording one consent grant of a case's applicant (issue #6), for one purpose.
 * `recipient` names who may receive (a UN mechanism, a government office);
 * `recipientUserId` names the field partner for partner_sharing. Without a
 * recipient the grant covers any recipient of that purpose.
 * Example: `{ purpose: 'un_sharing', recipient: 'UN Special Rapporteur', givenOn: { year: 2026 }, evidence: 'form 12' }`.
 */
export const ConsentGrantInputSchema = z.strictObject({
  purpose: ConsentPurposeSchema,
  recipient: ShortTextSchema.optional(),
  recipientUserId: IdSchema.optional(),
  givenOn: PartialDateSchema,
  scope: LongTextSchema.optional(),
  evidence: ShortTextSchema.optional(),
});
export type ConsentGrantInput = z.infer<typeof ConsentGrantInputSchema>;

/** A consent grant as shown to those who may see the case. */
export const ConsentRecordSchema = z.object({
  id: IdSchema,
  caseId: IdSchema,
  purpose: ConsentPurposeSchema,
  recipient: z.string().optional(),
  recipientUser: UserRefSchema.optional(),
  givenOn: PartialDateSchema,
  scope: z.string().optional(),
  evidence: z.string().optional(),
  recordedBy: UserRefSchema.nullable(),
  recordedAt: z.string(),
  withdrawnBy: UserRefSchema.nullable().optional(),
  withdrawnAt: z.string().optional(),
  active: z.boolean(),
});
export type ConsentRecord = z.infer<typeof ConsentRecordSchema>;

export const ConsentListSchema = z.object({ items: z.array(ConsentRecordSchema) });
export type ConsentList = z.infer<typeof ConsentListSchema>;
