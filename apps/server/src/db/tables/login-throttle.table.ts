/** Failed sign-ins per account (issue #6 backoff); `account` is an HMAC of the email, never the email. */
export interface LoginThrottleTable {
  account: string;
  failures: number;
  last_failure_at: string;
  locked_until: string | null;
}
