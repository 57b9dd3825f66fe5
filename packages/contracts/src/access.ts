import { z } from 'zod';
import { DisplayNameSchema, EmailSchema, PasswordSchema, TotpCodeSchema, UserRefSchema } from './auth.ts';
import { IdSchema, RoleSchema } from './common.ts';

/**
 * Need-to-know administration (issue #6): re-authentication, sharing a case
 * with a colleague, break-glass, the administrator's user pages and the
 * auditor's view of the trail. See docs/api.md "Access".
 */

/** Password + a fresh TOTP code again, before exports and break-glass. */
export const ReauthSchema = z.object({ password: z.string().min(1, 'must not be empty').max(512), totpCode: TotpCodeSchema });
export type Reauth = z.infer<typeof ReauthSchema>;

export const CaseAccessKindSchema = z.enum(['share', 'break_glass']);

/** One live grant of access to a case besides its assignee. `reason` only for break-glass, and only to those who may see the case. */
export const CaseAccessGrantSchema = z.object({
  id: IdSchema,
  kind: CaseAccessKindSchema,
  user: UserRefSchema,
  grantedBy: UserRefSchema.nullable(),
  grantedAt: z.string(),
  expiresAt: z.string().nullable(),
  reason: z.string().optional(),
});
export type CaseAccessGrant = z.infer<typeof CaseAccessGrantSchema>;

/** How the signed-in user holds this case, and who else does. */
export const CaseAccessSchema = z.object({
  via: z.enum(['assigned', 'share', 'break_glass']),
  /** For break-glass: when the access ends. */
  expiresAt: z.string().nullable(),
  assignee: UserRefSchema.nullable(),
  grants: z.array(CaseAccessGrantSchema),
});
export type CaseAccess = z.infer<typeof CaseAccessSchema>;

/** Share a case with a caseworker of the same organisation. */
export const ShareInputSchema = z.strictObject({ userId: IdSchema });
export type ShareInput = z.infer<typeof ShareInputSchema>;

/** Break-glass: the case by its reference, and why (sealed; at least a sentence). */
export const BreakGlassInputSchema = z.strictObject({
  reference: z.string().trim().regex(/^HW-\d{4}-\d{4,}$/, 'must look like HW-2026-0007'),
  reason: z.string().trim().min(20, 'must be at least 20 characters').max(2000, 'must be at most 2000 characters'),
});
export type BreakGlassInput = z.infer<typeof BreakGlassInputSchema>;

export const BreakGlassResultSchema = z.object({ caseId: IdSchema, grantId: IdSchema, expiresAt: z.string() });
export type BreakGlassResult = z.infer<typeof BreakGlassResultSchema>;

/** Active break-glass grants, for the administrator. */
export const BreakGlassListSchema = z.object({
  items: z.array(z.object({ id: IdSchema, caseId: IdSchema, caseReference: z.string(), user: UserRefSchema, grantedAt: z.string(), expiresAt: z.string(), reason: z.string() })),
});
export type BreakGlassList = z.infer<typeof BreakGlassListSchema>;

export const AdminUserSchema = z.object({
  id: IdSchema,
  email: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  createdAt: z.string(),
  disabledAt: z.string().nullable(),
  sessions: z.number().int(),
});
export type AdminUser = z.infer<typeof AdminUserSchema>;
export const AdminUserListSchema = z.object({ items: z.array(AdminUserSchema) });
export type AdminUserList = z.infer<typeof AdminUserListSchema>;

export const AdminCreateUserSchema = z.strictObject({ email: EmailSchema, displayName: DisplayNameSchema, role: RoleSchema, password: PasswordSchema });
export type AdminCreateUser = z.infer<typeof AdminCreateUserSchema>;
/** Shown once: the TOTP secret and its QR code are never served again. */
export const AdminCreateUserResultSchema = z.object({ user: AdminUserSchema, totpSecret: z.string(), otpauthUri: z.string(), qrSvg: z.string() });
export type AdminCreateUserResult = z.infer<typeof AdminCreateUserResultSchema>;

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/, 'must be a date like 2026-11-29');

/** Filters of the audit trail (all optional); `before` pages back by sequence number. */
export const AuditQuerySchema = z.object({
  action: z.string().trim().max(100).regex(/^[a-z_.]*$/, 'must be an action like case.viewed').optional(),
  userId: IdSchema.optional(),
  recordType: z.string().trim().max(50).regex(/^[a-z_]*$/, 'must be a record type like case').optional(),
  from: isoDay.optional(),
  to: isoDay.optional(),
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export const AuditEventSchema = z.object({
  seq: z.number().int().nullable(),
  id: z.string(),
  at: z.string(),
  actorKind: z.string(),
  actor: UserRefSchema.nullable(),
  action: z.string(),
  recordType: z.string().nullable(),
  recordId: z.string().nullable(),
  origin: z.string().nullable(),
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;
export const AuditEventListSchema = z.object({ items: z.array(AuditEventSchema), nextBefore: z.number().int().nullable() });
export type AuditEventList = z.infer<typeof AuditEventListSchema>;

/**
 * WebAuthn passkeys: the browser's JSON forms (W3C WebAuthn Level 3
 * `toJSON()`), checked loosely here and fully by @simplewebauthn/server.
 */
const WebAuthnJsonSchema = z.looseObject({ id: z.string().min(1).max(1024), rawId: z.string().min(1).max(1024), type: z.literal('public-key'), response: z.looseObject({}), clientExtensionResults: z.looseObject({}).optional() });
export const PasskeyRegisterSchema = z.object({ response: WebAuthnJsonSchema });
export const PasskeyLoginSchema = z.object({ challengeId: z.string().min(1).max(100), response: WebAuthnJsonSchema });
export const PasskeyListSchema = z.object({ items: z.array(z.object({ id: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable() })) });
export type PasskeyList = z.infer<typeof PasskeyListSchema>;
