/** WebAuthn credentials (issue #6): public keys only, nothing secret or identifying. */
export interface PasskeysTable {
  /** Credential id, base64url. */
  id: string;
  user_id: string;
  /** COSE public key, base64url. */
  public_key: string;
  counter: number;
  /** JSON array of transports, or NULL. */
  transports: string | null;
  created_at: string;
  last_used_at: string | null;
}
