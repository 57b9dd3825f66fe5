import { z } from 'zod';
import {
  IdSchema, LongTextSchema, NameSchema, NamesInputSchema, PartialDateSchema, RelationSchema, SexSchema, ShortTextSchema,
} from './common.ts';
import { PlaceCodeSchema, PlaceSchema } from './places.ts';

const personFields = {
  names: NamesInputSchema,
  sex: SexSchema.optional(),
  birth: PartialDateSchema.optional(),
  lastKnownPlace: ShortTextSchema.optional(),
  /** The gazetteer place chosen for `lastKnownPlace`, at the precision she gave; the text stays what she said. */
  lastKnownPlaceCode: PlaceCodeSchema.optional(),
  separatedOn: PartialDateSchema.optional(),
  separationCircumstances: LongTextSchema.optional(),
  notes: LongTextSchema.optional(),
};

/**
 * A person as entered. `id` is optional: send it back on update to keep the
 * same person (later matches point at it); without it a new person is made.
 */
export const PersonInputSchema = z.object({ id: IdSchema.optional(), ...personFields });
export type PersonInput = z.infer<typeof PersonInputSchema>;

export const ApplicantInputSchema = PersonInputSchema.extend({ safeContact: LongTextSchema.optional() });
export type ApplicantInput = z.infer<typeof ApplicantInputSchema>;

/**
 * What matters about a child born in China to a North Korean mother (issue #7),
 * all optional: the Chinese father and his family, whether the child is
 * registered in a household register (hukou; an unregistered child has no
 * papers, school or care), the school, and whether the child knows about the
 * mother. Sealed with the rest of the person.
 */
export const ChildDetailsSchema = z.strictObject({
  fatherName: ShortTextSchema.optional(),
  fatherFamily: LongTextSchema.optional(),
  hukou: z.enum(['registered', 'not_registered']).optional(),
  school: ShortTextSchema.optional(),
  knowsMother: z.enum(['yes', 'no', 'partly']).optional(),
});
export type ChildDetails = z.infer<typeof ChildDetailsSchema>;

export const SoughtInputSchema = PersonInputSchema.extend({ relation: RelationSchema, childDetails: ChildDetailsSchema.optional() });
export type SoughtInput = z.infer<typeof SoughtInputSchema>;

/** A person as returned. */
export const PersonSchema = z.object({
  id: IdSchema,
  names: z.array(NameSchema),
  sex: SexSchema.optional(),
  birth: PartialDateSchema.optional(),
  lastKnownPlace: z.string().optional(),
  lastKnownPlaceCode: z.string().optional(),
  /** The place behind `lastKnownPlaceCode`, for display (output only). */
  lastKnownPlaceResolved: PlaceSchema.optional(),
  separatedOn: PartialDateSchema.optional(),
  separationCircumstances: z.string().optional(),
  notes: z.string().optional(),
});
export type Person = z.infer<typeof PersonSchema>;

export const ApplicantSchema = PersonSchema.extend({ safeContact: z.string().optional() });
export type Applicant = z.infer<typeof ApplicantSchema>;
export const SoughtSchema = PersonSchema.extend({ relation: RelationSchema, childDetails: ChildDetailsSchema.optional() });
export type Sought = z.infer<typeof SoughtSchema>;
