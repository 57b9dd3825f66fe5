import { z } from 'zod';
import { IdSchema, RoleSchema } from './common.ts';

export const EmailSchema = z.string().trim().toLowerCase().max(254).email('must be an email address');
/** Long passphrases welcome; no composition rules (NIST SP 800-63B). */
export const PasswordSchema = z.string().min(12, 'must be at least 12 characters').max(512, 'must be at most 512 characters');
export const TotpCodeSchema = z.string().trim().regex(/^\d{6}$/, 'must be 6 digits');
export const DisplayNameSchema = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

export const SetupStatusSchema = z.object({ needed: z.boolean() });

export const SetupStartSchema = z.object({
  token: z.string().min(1).max(200),
  organisationName: z.string().trim().min(1, 'must not be empty').max(200),
  email: EmailSchema,
  displayName: DisplayNameSchema,
  password: PasswordSchema,
});
export type SetupStart = z.infer<typeof SetupStartSchema>;

export const SetupStartResultSchema = z.object({ totpSecret: z.string(), otpauthUri: z.string(), qrSvg: z.string() });
export type SetupStartResult = z.infer<typeof SetupStartResultSchema>;

export const SetupFinishSchema = z.object({ token: z.string().min(1).max(200), totpCode: TotpCodeSchema });
export type SetupFinish = z.infer<typeof SetupFinishSchema>;

export const LoginSchema = z.object({
  email: EmailSchema,
  // No minimum here: a login must not reveal the password policy of an account.
  password: z.string().min(1, 'must not be empty').max(512),
  totpCode: TotpCodeSchema,
});
export type Login = z.infer<typeof LoginSchema>;

export const SessionUserSchema = z.object({
  id: IdSchema,
  email: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  organisationId: IdSchema,
});
export type SessionUser = z.infer<typeof SessionUserSchema>;

export const SessionSchema = z.object({ user: SessionUserSchema });
export type Session = z.infer<typeof SessionSchema>;

export const UserRefSchema = z.object({ id: IdSchema, displayName: z.string() });
export type UserRef = z.infer<typeof UserRefSchema>;

export const UserListSchema = z.object({
  items: z.array(z.object({ id: IdSchema, displayName: z.string(), role: RoleSchema })),
});
export type UserList = z.infer<typeof UserListSchema>;
