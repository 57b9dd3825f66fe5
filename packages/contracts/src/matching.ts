import { z } from 'zod';
import { UserRefSchema } from './auth.ts';
import { VersionSchema } from './cases.ts';
import { IdSchema, NameSchema, NamesInputSchema, PartialDateSchema, SexSchema, ShortTextSchema } from './common.ts';
import { PlaceCodeSchema, PlaceSchema } from './places.ts';

/** Where a candidate stands: open (not yet looked at), or a caseworker's decision. */
export const MatchStatusSchema = z.enum(['open', 'confirmed', 'rejected', 'needs_info']);
export type MatchStatus = z.infer<typeof MatchStatusSchema>;

/** Review queue filters (query string; no identifying value ever goes in a URL). */
export const MatchListQuerySchema = z.strictObject({
  /** `mine`: cases assigned to me; `recent`: changed in the last 7 days; `all`: every case I may see. */
  filter: z.enum(['all', 'mine', 'recent']).optional(),
  status: z.enum(['open', 'confirmed', 'rejected', 'needs_info', 'any']).optional(),
  limit: z.coerce.number().int('must be a whole number').min(1, 'must be 1-200').max(200, 'must be 1-200').optional(),
});
export type MatchListQuery = z.infer<typeof MatchListQuerySchema>;

export const MatchSummarySchema = z.object({
  id: IdSchema,
  caseId: IdSchema,
  caseReference: z.string(),
  personId: IdSchema,
  leadId: IdSchema,
  /** Calibrated probability that the lead is the sought person, 0-1. */
  probability: z.number(),
  status: MatchStatusSchema,
  version: z.number().int(),
  assignedToMe: z.boolean(),
  personName: z.string(),
  leadName: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MatchSummary = z.infer<typeof MatchSummarySchema>;
export const MatchListSchema = z.object({ items: z.array(MatchSummarySchema) });

/** One field's part in the match weight (bits): the bars of the waterfall chart. */
export const MatchContributionSchema = z.object({
  field: z.string(),
  /** Comparison level (`exact`, `equivalent`, `same-county`...), null when a side has no value. */
  level: z.string().nullable(),
  weight: z.number(),
  tfAdjustment: z.number(),
  notes: z.array(z.string()).optional(),
});

/** Syllables of the two names that aligned, with the readings that joined them (李 -> 리 -> Ri). */
export const AlignedNameSchema = z.object({ a: z.string(), b: z.string(), path: z.array(z.string()) });

export const BirthPrecisionSchema = z.enum(['day', 'month', 'year', 'approximate-age']).nullable();

/** One side of a comparison, as its reader may see it. */
export const MatchSideSchema = z.object({
  id: IdSchema,
  names: z.array(NameSchema),
  sex: SexSchema.optional(),
  birth: PartialDateSchema.optional(),
  approxAge: z.object({ age: z.number(), atYear: z.number() }).optional(),
  birthPrecision: BirthPrecisionSchema,
  place: z.string().optional(),
  placeResolved: PlaceSchema.optional(),
});

export const MatchDecisionSchema = z.object({
  status: MatchStatusSchema,
  previousStatus: MatchStatusSchema,
  reason: z.string(),
  decidedBy: UserRefSchema.nullable(),
  decidedAt: z.string(),
});

export const MatchDetailSchema = MatchSummarySchema.extend({
  person: MatchSideSchema,
  lead: MatchSideSchema,
  explanation: z.object({
    personName: z.string(),
    leadName: z.string(),
    aligned: z.array(AlignedNameSchema),
    nameNotes: z.array(z.string()),
    nameScore: z.number(),
    prior: z.number(),
    weight: z.number(),
    rawProbability: z.number(),
    contributions: z.array(MatchContributionSchema),
  }),
  history: z.array(MatchDecisionSchema),
});
export type MatchDetail = z.infer<typeof MatchDetailSchema>;

/** A decision, with a reason; `open` reverses an earlier one (history is kept). */
export const MatchDecisionInputSchema = z.strictObject({
  status: MatchStatusSchema,
  reason: ShortTextSchema,
  version: VersionSchema,
});
export type MatchDecisionInput = z.infer<typeof MatchDecisionInputSchema>;

/** A draft sought person, checked for possible duplicates before the case is saved. */
export const DuplicateCheckInputSchema = z.strictObject({
  names: NamesInputSchema,
  birth: PartialDateSchema.optional(),
  sex: SexSchema.optional(),
  lastKnownPlace: ShortTextSchema.optional(),
  lastKnownPlaceCode: PlaceCodeSchema.optional(),
  /** The case being edited, so its own people are not reported. */
  excludeCaseId: IdSchema.optional(),
});
export type DuplicateCheckInput = z.infer<typeof DuplicateCheckInputSchema>;

export const DuplicateSchema = z.object({
  caseId: IdSchema,
  caseReference: z.string(),
  personId: IdSchema,
  names: z.array(NameSchema),
  probability: z.number(),
  aligned: z.array(AlignedNameSchema),
  contributions: z.array(MatchContributionSchema),
});
export const DuplicateListSchema = z.object({ items: z.array(DuplicateSchema) });
export type Duplicate = z.infer<typeof DuplicateSchema>;

/** Name search (a POST body, so the name never sits in a URL). */
export const SearchInputSchema = z.strictObject({
  text: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  limit: z.number().int('must be a whole number').min(1, 'must be 1-100').max(100, 'must be 1-100').optional(),
});
export type SearchInput = z.infer<typeof SearchInputSchema>;

export const SearchHitSchema = z.object({
  caseId: IdSchema,
  caseReference: z.string(),
  personId: IdSchema,
  role: z.enum(['applicant', 'sought']),
  names: z.array(NameSchema),
  /** The person's name that matched best, and how well (0-1). */
  matchedName: z.string(),
  score: z.number(),
  aligned: z.array(AlignedNameSchema),
  notes: z.array(z.string()),
});
export const SearchResultSchema = z.object({ items: z.array(SearchHitSchema) });
export type SearchHit = z.infer<typeof SearchHitSchema>;

const FieldReportSchema = z.object({ field: z.string(), levels: z.array(z.string()), mBefore: z.array(z.number()), mAfter: z.array(z.number()), u: z.array(z.number()) });

/** What re-estimating m from decisions changed, and how well each model separates the decided pairs. */
export const RetrainReportSchema = z.object({
  confirmed: z.number().int(),
  rejected: z.number().int(),
  applied: z.boolean(),
  fields: z.array(FieldReportSchema),
  /** Mean log-likelihood of the decisions (higher is better) and share decided right at 0.5. */
  before: z.object({ logLikelihood: z.number(), accuracy: z.number() }),
  after: z.object({ logLikelihood: z.number(), accuracy: z.number() }),
  rematched: z.number().int(),
  /**
   * The displayed probabilities' map, refitted on the organisation's own decisions once there are
   * `needed` of each kind (confirmed, rejected); until then the shipped map stays.
   */
  calibration: z.object({ refitted: z.boolean(), decisions: z.number().int(), needed: z.number().int() }),
});
export type RetrainReport = z.infer<typeof RetrainReportSchema>;
