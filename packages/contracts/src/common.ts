import { z } from 'zod';

/** Identifiers are opaque random strings (never derived from identifying data). */
export const IdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'must be an id');

export const SCRIPTS = ['hangul', 'hanzi-simplified', 'hanzi-traditional', 'latin', 'other'] as const;
export const NAME_KINDS = ['legal', 'korean', 'chinese', 'nickname', 'alias'] as const;
export const SEXES = ['female', 'male', 'unknown'] as const;
export const RELATIONS = ['daughter', 'son', 'child', 'grandchild', 'sibling', 'other'] as const;
export const CASE_STATUSES = ['open', 'tracing', 'located', 'in_contact', 'reunited', 'closed'] as const;
export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export const RELIABILITIES = ['unknown', 'low', 'medium', 'high'] as const;
/**
 * Who a user is to the system (issue #6): each role sees only what its work needs.
 * administrator: users, roles, keys, retention (case contents only for cases assigned or shared to them);
 * caseworker: their assigned or shared cases; field_partner: tracing requests shared with them;
 * advocate: statistics and consented dossiers; auditor: the audit trail.
 */
export const ROLES = ['administrator', 'caseworker', 'field_partner', 'advocate', 'auditor'] as const;

export const ScriptSchema = z.enum(SCRIPTS);
export const NameKindSchema = z.enum(NAME_KINDS);
export const SexSchema = z.enum(SEXES);
export const RelationSchema = z.enum(RELATIONS);
export const CaseStatusSchema = z.enum(CASE_STATUSES);
export const RiskLevelSchema = z.enum(RISK_LEVELS);
export const ReliabilitySchema = z.enum(RELIABILITIES);
export const RoleSchema = z.enum(ROLES);

export type Script = z.infer<typeof ScriptSchema>;
export type NameKind = z.infer<typeof NameKindSchema>;
export type Sex = z.infer<typeof SexSchema>;
export type Relation = z.infer<typeof RelationSchema>;
export type CaseStatus = z.infer<typeof CaseStatusSchema>;
export type RiskLevel = z.infer<typeof RiskLevelSchema>;
export type Reliability = z.infer<typeof ReliabilitySchema>;
export type Role = z.infer<typeof RoleSchema>;

/** Short free text (places, sources). */
export const ShortTextSchema = z.string().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters');
/** Long free text (notes, circumstances). */
export const LongTextSchema = z.string().max(20_000, 'must be at most 20000 characters');

const MIN_YEAR = 1900;
/** The current year, read at validation time so a long-running server stays right. */
const thisYear = (): number => new Date().getUTCFullYear();

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * A date as precise as the person remembers it, never more:
 * `{year}`, `{year,month}`, `{year,month,day}` or `{approxAge, atYear}` ("about 4 in 2016").
 * One object (not a union) so every problem is reported at its own field path.
 * Example: `PartialDateSchema.parse({ year: 2012, month: 5 })`.
 */
export const PartialDateSchema = z
  .object({
    year: z.number().int('must be a whole number').optional(),
    month: z.number().int('must be a whole number').min(1, 'must be 1-12').max(12, 'must be 1-12').optional(),
    day: z.number().int('must be a whole number').min(1, 'must be 1-31').max(31, 'must be 1-31').optional(),
    approxAge: z.number().int('must be a whole number').min(0, 'must be 0-120').max(120, 'must be 0-120').optional(),
    atYear: z.number().int('must be a whole number').optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    const yearOk = (y: number | undefined, path: string) => {
      if (y !== undefined && (y < MIN_YEAR || y > thisYear())) {
        ctx.addIssue({ code: 'custom', path: [path], message: `must be ${MIN_YEAR}-${thisYear()}` });
      }
    };
    if (d.approxAge !== undefined || d.atYear !== undefined) {
      if (d.year !== undefined || d.month !== undefined || d.day !== undefined) {
        ctx.addIssue({ code: 'custom', path: [], message: 'give either year/month/day or approxAge/atYear, not both' });
      }
      if (d.approxAge === undefined) ctx.addIssue({ code: 'custom', path: ['approxAge'], message: 'is required with atYear' });
      if (d.atYear === undefined) ctx.addIssue({ code: 'custom', path: ['atYear'], message: 'is required with approxAge' });
      yearOk(d.atYear, 'atYear');
      return;
    }
    if (d.year === undefined) {
      ctx.addIssue({ code: 'custom', path: ['year'], message: 'is required' });
      return;
    }
    yearOk(d.year, 'year');
    if (d.day !== undefined && d.month === undefined) {
      ctx.addIssue({ code: 'custom', path: ['month'], message: 'is required with day' });
    }
    if (d.day !== undefined && d.month !== undefined && d.day > daysInMonth(d.year, d.month)) {
      ctx.addIssue({ code: 'custom', path: ['day'], message: `must be 1-${daysInMonth(d.year, d.month)} for that month` });
    }
  });
export type PartialDate = z.infer<typeof PartialDateSchema>;

/** A name as entered; the server fills `script` (detected) and `kind` (legal) when absent. */
export const NameInputSchema = z.object({
  text: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  script: ScriptSchema.optional(),
  kind: NameKindSchema.optional(),
});
export type NameInput = z.infer<typeof NameInputSchema>;

/** A name as stored and returned: script and kind always present. */
export const NameSchema = z.object({ text: z.string(), script: ScriptSchema, kind: NameKindSchema });
export type Name = z.infer<typeof NameSchema>;

export const NamesInputSchema = z.array(NameInputSchema).min(1, 'needs at least one name').max(20, 'at most 20 names');

/** Error message for one numeric range, used in custom checks. */
export const range = (lo: number, hi: number) => `must be ${lo}-${hi}`;
