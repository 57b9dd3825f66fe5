// Audit checkpoints are signed inside `audit()`, which only receives a
// database handle (often a transaction). The keys it may sign with are kept
// here, by key id, registered when a process resolves its master key; the
// chain head row names the key id to use, so several databases open in one
// process (tests) never sign with each other's keys.
const auditKeys = new Map<string, Buffer>();

/** Makes an audit signing key available to this process. */
export function registerAuditKey(kid: string, key: Buffer): void {
  auditKeys.set(kid, key);
}

/** The audit signing key for a key id, if this process holds it. */
export function auditKeyFor(kid: string): Buffer | undefined {
  return auditKeys.get(kid);
}

const reloaders = new Set<() => void>();

/** A live keyring asks to be told when a key id is missing: it may find a newer key file. */
export function onMissingAuditKey(reload: () => void): void {
  reloaders.add(reload);
}

/** Like auditKeyFor, but first lets live keyrings look for a newer key. */
export function findAuditKey(kid: string): Buffer | undefined {
  const known = auditKeys.get(kid);
  if (known) return known;
  for (const r of reloaders) r();
  return auditKeys.get(kid);
}
