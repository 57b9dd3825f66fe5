import { z } from 'zod';
import { UserRefSchema } from './auth.ts';
import {
  IdSchema, LongTextSchema, NameSchema, NamesInputSchema, PartialDateSchema, SexSchema, ShortTextSchema,
} from './common.ts';
import { ApproxAgeSchema } from './leads.ts';
import { PlaceCodeSchema, PlaceSchema } from './places.ts';

// Reaching the child safely (issue #7): tracing requests shared with one named
// field partner, leads from the partner's phone, double-blind disclosure and
// family messages (after the ICRC's Red Cross Messages,
// https://www.icrc.org/en/document/red-cross-messages).

/**
 * What of a sought child a caseworker may share with a field partner. Nothing
 * here is about the mother: her identity is never among the choices.
 */
export const TRACING_FIELDS = ['chineseName', 'koreanName', 'approxAge', 'county', 'sex', 'separationYear'] as const;
export const TracingFieldSchema = z.enum(TRACING_FIELDS);
export type TracingField = z.infer<typeof TracingFieldSchema>;
/** Shared when the caseworker does not choose: enough to recognise a child, not to find the mother. */
export const DEFAULT_TRACING_FIELDS: readonly TracingField[] = ['chineseName', 'approxAge', 'county'];

/**
 * Sharing one sought person of a case with a field partner.
 * Example: `{ personId, partnerUserId, fields: ['chineseName', 'approxAge', 'county'] }`.
 */
export const TracingRequestInputSchema = z.strictObject({
  personId: IdSchema,
  partnerUserId: IdSchema,
  fields: z.array(TracingFieldSchema).min(1, 'choose at least one field').max(TRACING_FIELDS.length).optional(),
});
export type TracingRequestInput = z.infer<typeof TracingRequestInputSchema>;

/** An age range computed from a partial birth date in `atYear` (never invented: absent when no date is known). */
export const AgeRangeSchema = z.object({ low: z.number().int(), high: z.number().int(), atYear: z.number().int() });
export type AgeRange = z.infer<typeof AgeRangeSchema>;

/** The shared copy of the child, as the partner sees it: only the chosen fields. */
export const SharedChildSchema = z.object({
  chineseNames: z.array(NameSchema).optional(),
  koreanNames: z.array(NameSchema).optional(),
  approxAge: AgeRangeSchema.optional(),
  county: PlaceSchema.optional(),
  sex: SexSchema.optional(),
  separationYear: z.number().int().optional(),
});
export type SharedChild = z.infer<typeof SharedChildSchema>;

/** A tracing request as its caseworker sees it. */
export const TracingRequestSchema = z.object({
  id: IdSchema,
  caseId: IdSchema,
  personId: IdSchema,
  partner: UserRefSchema,
  fields: z.array(TracingFieldSchema),
  shared: SharedChildSchema,
  createdBy: UserRefSchema.nullable(),
  createdAt: z.string(),
  active: z.boolean(),
  revokedAt: z.string().optional(),
  leadCount: z.number().int(),
});
export type TracingRequest = z.infer<typeof TracingRequestSchema>;
export const TracingRequestListSchema = z.object({ items: z.array(TracingRequestSchema) });

/** A field partner of the organisation, to choose as a recipient. */
export const PartnerListSchema = z.object({ items: z.array(UserRefSchema) });

/** A request as the field partner sees it: no case, no person, no mother. */
export const PartnerRequestSchema = z.object({
  id: IdSchema,
  fields: z.array(TracingFieldSchema),
  shared: SharedChildSchema,
  sharedAt: z.string(),
  leadCount: z.number().int(),
});
export type PartnerRequest = z.infer<typeof PartnerRequestSchema>;
export const PartnerRequestListSchema = z.object({ items: z.array(PartnerRequestSchema) });

/** A client-made key, new each time the lead form opens: a retried submission is stored once. */
export const IdempotencyKeySchema = z.string().min(8, 'must be 8-100 characters').max(100, 'must be 8-100 characters').regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, - or _');

/**
 * A lead from a field partner, against one request. `idempotencyKey` (or the
 * Idempotency-Key header) makes a retry after a timeout harmless.
 */
export const PartnerLeadInputSchema = z.strictObject({
  names: NamesInputSchema,
  approxAge: ApproxAgeSchema.optional(),
  birth: PartialDateSchema.optional(),
  sex: SexSchema.optional(),
  place: ShortTextSchema.optional(),
  placeCode: PlaceCodeSchema.optional(),
  notes: LongTextSchema.optional(),
  idempotencyKey: IdempotencyKeySchema.optional(),
});
export type PartnerLeadInput = z.infer<typeof PartnerLeadInputSchema>;

/** What the partner gets back: a receipt, not the stored lead. `replayed` when the key had been used. */
export const PartnerLeadReceiptSchema = z.object({ id: IdSchema, requestId: IdSchema, submittedAt: z.string(), replayed: z.boolean() });
export type PartnerLeadReceipt = z.infer<typeof PartnerLeadReceiptSchema>;

// ---- double-blind disclosure ----

/** Who consents: the mother (recorded by her caseworker), the child's guardian and the child (recorded by the partner). */
export const DISCLOSURE_PARTIES = ['mother', 'guardian', 'child'] as const;
export const DisclosurePartySchema = z.enum(DISCLOSURE_PARTIES);
export type DisclosureParty = z.infer<typeof DisclosurePartySchema>;

/** What of herself the mother agrees to let the child's side learn. */
export const MOTHER_DISCLOSABLE = ['names', 'birthYear'] as const;
export const MotherDisclosableSchema = z.enum(MOTHER_DISCLOSABLE);

export const MotherConsentInputSchema = z.strictObject({
  givenOn: PartialDateSchema,
  disclose: z.array(MotherDisclosableSchema).max(MOTHER_DISCLOSABLE.length),
  /** Words she wants passed on with her consent ("I live in Seoul and hope to hear from you"). */
  statement: LongTextSchema.optional(),
  evidence: ShortTextSchema.optional(),
});
export type MotherConsentInput = z.infer<typeof MotherConsentInputSchema>;

export const ChildSideConsentInputSchema = z.strictObject({
  party: z.enum(['guardian', 'child']),
  givenOn: PartialDateSchema,
  /** The child's age as the partner found it; decides whether the child's own assent is needed. */
  childAge: z.number().int('must be a whole number').min(0, 'must be 0-30').max(30, 'must be 0-30').optional(),
  evidence: ShortTextSchema.optional(),
});
export type ChildSideConsentInput = z.infer<typeof ChildSideConsentInputSchema>;

/** Withdrawing the guardian's consent or the child's assent (before or after disclosure: it stops what follows). */
export const ChildSideWithdrawInputSchema = z.strictObject({ party: z.enum(['guardian', 'child']) });
export type ChildSideWithdrawInput = z.infer<typeof ChildSideWithdrawInputSchema>;

export const DisclosureStepSchema = z.object({ recordedAt: z.string(), recordedBy: UserRefSchema.nullable() });

/** Where a confirmed match stands; `released` only once every needed consent is recorded. */
export const DisclosureStateSchema = z.object({
  candidateId: IdSchema,
  confirmed: z.boolean(),
  mother: DisclosureStepSchema.nullable(),
  guardian: DisclosureStepSchema.nullable(),
  child: DisclosureStepSchema.nullable(),
  childAssentRequired: z.boolean(),
  complete: z.boolean(),
});
export type DisclosureState = z.infer<typeof DisclosureStateSchema>;

/** The caseworker's view: once complete, the lead's identifying details and whereabouts. */
export const CaseworkerDisclosureSchema = DisclosureStateSchema.extend({
  caseId: IdSchema,
  released: z
    .object({
      names: z.array(NameSchema),
      approxAge: ApproxAgeSchema.optional(),
      birth: PartialDateSchema.optional(),
      sex: SexSchema.optional(),
      place: z.string().optional(),
      placeResolved: PlaceSchema.optional(),
      notes: z.string().optional(),
    })
    .optional(),
});
export type CaseworkerDisclosure = z.infer<typeof CaseworkerDisclosureSchema>;
export const CaseworkerDisclosureListSchema = z.object({ items: z.array(CaseworkerDisclosureSchema) });

/** The partner's view: once complete, what the mother agreed to disclose. */
export const PartnerDisclosureSchema = DisclosureStateSchema.extend({
  requestId: IdSchema,
  leadReceiptId: IdSchema,
  released: z
    .object({
      names: z.array(NameSchema).optional(),
      birthYear: z.number().int().optional(),
      statement: z.string().optional(),
    })
    .optional(),
});
export type PartnerDisclosure = z.infer<typeof PartnerDisclosureSchema>;
export const PartnerDisclosureListSchema = z.object({ items: z.array(PartnerDisclosureSchema) });

// ---- family messages ----

export const MESSAGE_DIRECTIONS = ['to_child', 'to_mother'] as const;
export const MessageDirectionSchema = z.enum(MESSAGE_DIRECTIONS);
export type MessageDirection = z.infer<typeof MessageDirectionSchema>;

/** Short, as a Red Cross Message is. */
export const FamilyMessageInputSchema = z.strictObject({
  text: z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters'),
});
export type FamilyMessageInput = z.infer<typeof FamilyMessageInputSchema>;

export const MessageStatusInputSchema = z.strictObject({ status: z.enum(['delivered', 'read']) });
export type MessageStatusInput = z.infer<typeof MessageStatusInputSchema>;

export const FamilyMessageSchema = z.object({
  id: IdSchema,
  direction: MessageDirectionSchema,
  text: z.string(),
  writtenAt: z.string(),
  deliveredAt: z.string().optional(),
  readAt: z.string().optional(),
  /** Written from this side (the viewer's own family member). */
  outgoing: z.boolean(),
});
export type FamilyMessage = z.infer<typeof FamilyMessageSchema>;
export const FamilyMessageListSchema = z.object({ items: z.array(FamilyMessageSchema) });
