import { z } from 'zod';
import { CaseStatusSchema, IdSchema, LongTextSchema, PartialDateSchema, RiskLevelSchema, ShortTextSchema } from './common.ts';
import { ApplicantInputSchema, ApplicantSchema, SoughtInputSchema, SoughtSchema } from './people.ts';
import { UserRefSchema } from './auth.ts';

/**
 * One step the mother or the NGO already took to find the child (a report to
 * the police, a letter to a UN body, a search by relatives): what UN
 * mechanisms ask as "steps taken and their outcome" (issue #8). Sealed with
 * the case. Strict, so a misspelt key is an error rather than silently dropped.
 * Example: `{ date: { year: 2019, month: 4 }, description: 'Asked the police in Longjing', authority: 'Longjing police', outcome: 'No answer' }`.
 */
export const StepTakenSchema = z.strictObject({
  date: PartialDateSchema.optional(),
  description: z.string().trim().min(1, 'must not be empty').max(2_000, 'must be at most 2000 characters'),
  authority: ShortTextSchema.optional(),
  outcome: z.string().trim().min(1, 'must not be empty').max(2_000, 'must be at most 2000 characters').optional(),
});
export type StepTaken = z.infer<typeof StepTakenSchema>;

/** At most 50 steps: a case's whole history of efforts fits, a runaway paste does not. */
export const StepsTakenSchema = z.array(StepTakenSchema).max(50, 'at most 50 steps');

export const CaseInputSchema = z.object({
  applicant: ApplicantInputSchema,
  sought: z.array(SoughtInputSchema).min(1, 'needs at least one sought person').max(20, 'at most 20 sought persons'),
  status: CaseStatusSchema.optional(),
  assignedTo: IdSchema.nullable().optional(),
  riskLevel: RiskLevelSchema.optional(),
  riskNotes: LongTextSchema.optional(),
  notes: LongTextSchema.optional(),
  /** Steps already taken, oldest first as entered; omitted or [] means none recorded. */
  stepsTaken: StepsTakenSchema.optional(),
});
export type CaseInput = z.infer<typeof CaseInputSchema>;

export const VersionSchema = z.number().int('must be a whole number').min(1, 'must be at least 1');

export const CaseUpdateSchema = CaseInputSchema.extend({ version: VersionSchema });
export type CaseUpdate = z.infer<typeof CaseUpdateSchema>;

/** e.g. HW-2026-0007: a year and a counter, nothing identifying. */
export const CaseReferenceSchema = z.string().regex(/^HW-\d{4}-\d{4,}$/, 'must look like HW-2026-0007');

export const CaseDetailSchema = z.object({
  id: IdSchema,
  reference: CaseReferenceSchema,
  version: z.number().int(),
  status: CaseStatusSchema,
  assignedTo: UserRefSchema.nullable(),
  riskLevel: RiskLevelSchema,
  riskNotes: z.string(),
  notes: z.string(),
  /** Always sent by the server ([] when none); optional so older clients' fixtures still parse. */
  stepsTaken: z.array(StepTakenSchema).optional(),
  applicant: ApplicantSchema,
  sought: z.array(SoughtSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CaseDetail = z.infer<typeof CaseDetailSchema>;

export const CaseSummarySchema = z.object({
  id: IdSchema,
  reference: CaseReferenceSchema,
  status: CaseStatusSchema,
  assignedTo: UserRefSchema.nullable(),
  updatedAt: z.string(),
  applicantName: z.string(),
  soughtNames: z.array(z.string()),
});
export type CaseSummary = z.infer<typeof CaseSummarySchema>;

export const CaseListQuerySchema = z.object({ status: CaseStatusSchema.optional() });
export const CaseListSchema = z.object({ items: z.array(CaseSummarySchema) });
export type CaseList = z.infer<typeof CaseListSchema>;

export const HistoryEntrySchema = z.object({
  at: z.string(),
  actor: UserRefSchema,
  action: z.enum(['created', 'updated']),
  fields: z.array(z.string()),
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;
export const CaseHistorySchema = z.object({ items: z.array(HistoryEntrySchema) });
export type CaseHistory = z.infer<typeof CaseHistorySchema>;

export const IdParamsSchema = z.object({ id: IdSchema });
