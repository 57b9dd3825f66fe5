import { z } from 'zod';
import {
  CaseStatusSchema, LongTextSchema, NameKindSchema, PartialDateSchema, RelationSchema, RiskLevelSchema, ScriptSchema, SexSchema,
  ShortTextSchema,
} from './common.ts';
import { CaseReferenceSchema, StepsTakenSchema } from './cases.ts';
import { ChildDetailsSchema } from './people.ts';
import { PlaceCodeSchema } from './places.ts';

// The interchange format is strict: an unknown key in a file is far more
// likely a typo that would silently drop data than a deliberate extra.

export const CONSENT_PURPOSES = ['tracing', 'partner_sharing', 'un_sharing', 'government_sharing', 'publication'] as const;

export const FileNameSchema = z.strictObject({
  text: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  script: ScriptSchema.optional(),
  kind: NameKindSchema.optional(),
});

const filePersonFields = {
  names: z.array(FileNameSchema).min(1, 'needs at least one name').max(20, 'at most 20 names'),
  sex: SexSchema.optional(),
  birth: PartialDateSchema.optional(),
  lastKnownPlace: ShortTextSchema.optional(),
  lastKnownPlaceCode: PlaceCodeSchema.optional(),
  separatedOn: PartialDateSchema.optional(),
  separationCircumstances: LongTextSchema.optional(),
  notes: LongTextSchema.optional(),
};

export const FilePersonSchema = z.strictObject(filePersonFields);
export const FileApplicantSchema = z.strictObject({ ...filePersonFields, safeContact: LongTextSchema.optional() });
export const FileSoughtSchema = z.strictObject({ ...filePersonFields, relation: RelationSchema, childDetails: ChildDetailsSchema.optional() });

/** One consent of the applicant, per purpose; the consent issue will enforce these. */
export const ConsentSchema = z.strictObject({
  purpose: z.enum(CONSENT_PURPOSES),
  givenOn: PartialDateSchema,
  scope: LongTextSchema.optional(),
  withdrawnOn: PartialDateSchema.optional(),
});
export type Consent = z.infer<typeof ConsentSchema>;

/** One case in an interchange file. */
export const FileCaseSchema = z.strictObject({
  reference: CaseReferenceSchema.optional(),
  status: CaseStatusSchema.optional(),
  riskLevel: RiskLevelSchema.optional(),
  riskNotes: LongTextSchema.optional(),
  applicant: FileApplicantSchema,
  sought: z.array(FileSoughtSchema).min(1, 'needs at least one sought person').max(20, 'at most 20 sought persons'),
  consents: z.array(ConsentSchema).max(50).default([]),
  notes: LongTextSchema.optional(),
  stepsTaken: StepsTakenSchema.optional(),
});
export type FileCase = z.infer<typeof FileCaseSchema>;
export type FileCaseInput = z.input<typeof FileCaseSchema>;

/**
 * The case interchange file: a JSON array of cases (docs/case-format.md).
 * Example: `CaseFileSchema.safeParse(JSON.parse(text))`.
 */
export const CaseFileSchema = z.array(FileCaseSchema).max(100_000);
export type CaseFile = z.infer<typeof CaseFileSchema>;

/**
 * Formats an issue path the way people read JSON: `[3].sought[0].birth.month`.
 * Example: `formatPath([3, 'sought', 0, 'birth', 'month']) === '[3].sought[0].birth.month'`.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out === '' ? '(file)' : out;
}

/** JSON Schema of the interchange file, generated from the zod schema above. */
export function caseFileJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(CaseFileSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://homeward.invalid/schema/case-file.schema.json',
    title: 'Homeward case interchange file',
    description: 'A JSON array of cases. Generated from packages/contracts/src/interchange.ts; do not edit by hand.',
  };
}
