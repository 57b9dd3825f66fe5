import { z } from 'zod';

/**
 * Stable error codes: the web app translates these, never the English message.
 * Example: `ERROR_STATUS.STALE_VERSION === 409`.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  SETUP_TOKEN_INVALID: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  CSRF_HEADER_MISSING: 403,
  FORBIDDEN: 403,
  CONSENT_REQUIRED: 403,
  NOT_FOUND: 404,
  // Exports and break-glass need password + TOTP again first (Precondition Required, RFC 6585).
  REAUTH_REQUIRED: 428,
  PASSWORD_TOO_WEAK: 400,
  STALE_VERSION: 409,
  SETUP_ALREADY_DONE: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const ErrorCodeSchema = z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]);

/** One problem with one field; `path` is dot-joined (`sought.0.birth.month`). */
export const IssueSchema = z.object({
  path: z.string(),
  code: z.string(),
  message: z.string(),
});
export type Issue = z.infer<typeof IssueSchema>;

/** Body of every error response. */
export const ErrorBodySchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  issues: z.array(IssueSchema).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** The header every write must carry (a cross-site form cannot set it). */
export const CSRF_HEADER = 'x-homeward-csrf';
/** Name of the session cookie. */
export const SESSION_COOKIE = '__Host-homeward_session';

/**
 * Turns zod issues into API issues with dot-joined paths.
 * Example: `toIssues(err.issues)[0].path === 'sought.0.birth.month'`.
 */
export function toIssues(issues: readonly z.core.$ZodIssue[]): Issue[] {
  return issues.map((i) => ({ path: i.path.map(String).join('.'), code: i.code, message: i.message }));
}
