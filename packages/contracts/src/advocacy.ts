import { z } from 'zod';
import { UserRefSchema } from './auth.ts';
import { IdSchema, LongTextSchema, ShortTextSchema } from './common.ts';

// Advocacy evidence (issue 8): suppressed statistics for advocates and
// consented dossiers for UN mechanisms and governments.

/** Languages of statistics exports (the methodology note exists in all three). */
export const STATS_LANGS = ['ko', 'en', 'zh'] as const;
export const StatsLangSchema = z.enum(STATS_LANGS);
export type StatsLang = z.infer<typeof StatsLangSchema>;

/** Smallest suppression threshold accepted: cells of 1 to 4 people can single someone out. */
export const MIN_STATS_THRESHOLD = 5;

/** One cell: the categories it fixes (absent variable = its total) and its count, null when suppressed. */
export const StatsCellSchema = z.object({
  key: z.record(z.string(), z.string()),
  value: z.number().int().nullable(),
});

export const StatsTableSchema = z.object({
  id: z.string(),
  /** "cases" or "children" (sought persons). */
  unit: z.string(),
  variables: z.array(z.string()),
  categories: z.record(z.string(), z.array(z.string())),
  /** Hidden whole (zeros too) because it could not be protected cell by cell. */
  withheld: z.boolean(),
  cells: z.array(StatsCellSchema),
});
export type StatsTable = z.infer<typeof StatsTableSchema>;

/** A display name per language, for categories that are codes (places). */
export const CategoryLabelSchema = z.object({ ko: z.string(), en: z.string(), zh: z.string() });

/**
 * One statistical release: every table suppressed together, so a cell shared
 * by two tables is hidden in both. Example: GET /api/advocacy/statistics.
 */
export const StatsReleaseSchema = z.object({
  dataDate: z.string(),
  threshold: z.number().int(),
  minIntervalWidth: z.number(),
  rounding: z.literal('none'),
  suppressedCells: z.number().int(),
  tables: z.array(StatsTableSchema),
  /** Labels for place codes ("CN-22", "CN-22/CN-2224"). */
  placeLabels: z.record(z.string(), CategoryLabelSchema),
  /** The methodology note in the requested language. */
  note: z.string(),
});
export type StatsRelease = z.infer<typeof StatsReleaseSchema>;

export const StatsQuerySchema = z.object({ lang: StatsLangSchema.optional() });
export const StatsExportQuerySchema = z.object({
  format: z.enum(['csv', 'json', 'pdf']),
  lang: StatsLangSchema.optional(),
});

/** Organisation setting: cells below the threshold are suppressed (default 10, never below 5). */
export const StatsSettingsSchema = z.strictObject({
  threshold: z
    .number()
    .int('must be a whole number')
    .min(MIN_STATS_THRESHOLD, `must be at least ${MIN_STATS_THRESHOLD}`)
    .max(1000, 'must be at most 1000'),
});
export type StatsSettings = z.infer<typeof StatsSettingsSchema>;

/** Purposes a dossier may serve (consent purposes of the same names). */
export const DOSSIER_PURPOSES = ['un_sharing', 'government_sharing'] as const;
export const DossierPurposeSchema = z.enum(DOSSIER_PURPOSES);
export type DossierPurpose = z.infer<typeof DossierPurposeSchema>;

export const RECIPIENT_KINDS = ['un-special-procedure', 'un-working-group', 'un-treaty-body', 'government-office'] as const;
export const RecipientKindSchema = z.enum(RECIPIENT_KINDS);

/**
 * Generating a dossier for one case or a packet of several, for a named
 * recipient. `recipient.label` must match the label of each applicant's
 * consent (compared without regard to case and spacing), or the consent must
 * name no recipient. `request` and `otherProcedures` are written now and
 * included only if the consent's scope lists them.
 * Example: `{ caseIds: ['…'], purpose: 'un_sharing', recipient: { label: 'UN WGEID', kind: 'un-working-group' } }`.
 */
export const DossierCreateSchema = z
  .strictObject({
    caseIds: z.array(IdSchema).min(1, 'needs at least one case').max(50, 'at most 50 cases'),
    purpose: DossierPurposeSchema,
    recipient: z.strictObject({ label: ShortTextSchema, kind: RecipientKindSchema }),
    request: LongTextSchema.optional(),
    otherProcedures: LongTextSchema.optional(),
  })
  .superRefine((d, ctx) => {
    const un = d.recipient.kind !== 'government-office';
    if (un !== (d.purpose === 'un_sharing')) {
      ctx.addIssue({ code: 'custom', path: ['recipient', 'kind'], message: `does not fit the purpose ${d.purpose}` });
    }
    if (new Set(d.caseIds).size !== d.caseIds.length) ctx.addIssue({ code: 'custom', path: ['caseIds'], message: 'lists a case twice' });
  });
export type DossierCreate = z.infer<typeof DossierCreateSchema>;

/** One entry of the dossier register: who generated what for whom, and whether it may still be downloaded. */
export const DossierEntrySchema = z.object({
  id: IdSchema,
  /** e.g. D-2026-0007 */
  reference: z.string(),
  purpose: DossierPurposeSchema,
  recipient: z.object({ label: z.string(), kind: RecipientKindSchema }),
  caseReferences: z.array(z.string()),
  createdBy: UserRefSchema.nullable(),
  createdAt: z.string(),
  /** False once a consent it relied on was withdrawn (the dossier is recalled). */
  available: z.boolean(),
});
export type DossierEntry = z.infer<typeof DossierEntrySchema>;
export const DossierListSchema = z.object({ items: z.array(DossierEntrySchema) });
export type DossierList = z.infer<typeof DossierListSchema>;

export const DossierDownloadQuerySchema = z.object({
  format: z.enum(['pdf', 'json']),
  lang: z.enum(['en', 'ko']).optional(),
});
