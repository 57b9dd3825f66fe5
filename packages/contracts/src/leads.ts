import { z } from 'zod';
import {
  IdSchema, LongTextSchema, NameSchema, NamesInputSchema, PartialDateSchema, ReliabilitySchema, SexSchema, ShortTextSchema,
} from './common.ts';
import { VersionSchema } from './cases.ts';
import { PlaceCodeSchema, PlaceSchema } from './places.ts';

export const ApproxAgeSchema = z.object({
  age: z.number().int('must be a whole number').min(0, 'must be 0-120').max(120, 'must be 0-120'),
  atYear: z.number().int('must be a whole number').min(1900, 'must be 1900 or later').refine((y) => y <= new Date().getUTCFullYear(), 'must not be in the future'),
});

export const LeadInputSchema = z.object({
  names: NamesInputSchema,
  approxAge: ApproxAgeSchema.optional(),
  birth: PartialDateSchema.optional(),
  sex: SexSchema.optional(),
  place: ShortTextSchema.optional(),
  /** The gazetteer place chosen for `place`; the text stays as the source gave it. */
  placeCode: PlaceCodeSchema.optional(),
  source: ShortTextSchema,
  reliability: ReliabilitySchema,
  receivedOn: PartialDateSchema,
  caseId: IdSchema.nullable().optional(),
  notes: LongTextSchema.optional(),
});
export type LeadInput = z.infer<typeof LeadInputSchema>;

export const LeadUpdateSchema = LeadInputSchema.extend({ version: VersionSchema });
export type LeadUpdate = z.infer<typeof LeadUpdateSchema>;

export const LeadSchema = z.object({
  id: IdSchema,
  version: z.number().int(),
  names: z.array(NameSchema),
  approxAge: ApproxAgeSchema.optional(),
  birth: PartialDateSchema.optional(),
  sex: SexSchema.optional(),
  place: z.string().optional(),
  placeCode: z.string().optional(),
  /** The place behind `placeCode`, for display (output only). */
  placeResolved: PlaceSchema.optional(),
  source: z.string(),
  reliability: ReliabilitySchema,
  receivedOn: PartialDateSchema,
  caseId: IdSchema.nullable(),
  notes: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Lead = z.infer<typeof LeadSchema>;

export const LeadListSchema = z.object({ items: z.array(LeadSchema) });
export type LeadList = z.infer<typeof LeadListSchema>;
