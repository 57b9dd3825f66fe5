/**
 * Stable error codes for the advocacy core. The server maps each code to an
 * HTTP status and the web app translates the code, never the message.
 */
export type AdvocacyErrorCode =
  | 'ADVOCACY_THRESHOLD_TOO_LOW'
  | 'ADVOCACY_BAD_SPEC'
  | 'ADVOCACY_BAD_DATE'
  | 'ADVOCACY_INFEASIBLE'
  | 'ADVOCACY_UNPROTECTABLE'
  | 'ADVOCACY_CONSENT_MISSING';

/**
 * Error carrying a stable code.
 *
 * @example
 * throw new AdvocacyError('ADVOCACY_BAD_SPEC', 'table "t1" names unknown variable "foo"');
 */
export class AdvocacyError extends Error {
  readonly code: AdvocacyErrorCode;
  constructor(code: AdvocacyErrorCode, message: string) {
    super(message);
    this.name = 'AdvocacyError';
    this.code = code;
  }
}
