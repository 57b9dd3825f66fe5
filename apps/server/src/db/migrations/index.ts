import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './20261129T0630-initial.ts';
import * as auditChain from './20261129T0800-audit-chain.ts';
import * as accessConsent from './20261129T1000-access-consent.ts';
import * as accessHardening from './20261129T1100-access-hardening.ts';
import * as passkeys from './20261129T1101-passkeys.ts';
import * as attachments from './20261129T1150-attachments.ts';
import * as advocacy from './20261129T1130-advocacy.ts';
import * as matching from './20261129T1110-matching.ts';
import * as tracing from './20261129T1120-tracing.ts';
import * as matchLookupCase from './20261130T0000-match-lookup-case.ts';
import * as casesGate from './20261130T0010-cases-gate.ts';

// Listed explicitly (not read from the folder) so the set is the same under
// tsx, vitest and any bundler, and a forgotten file fails review, not prod.
const migrations: Record<string, Migration> = {
  '20261129T0630-initial': initial,
  '20261129T0800-audit-chain': auditChain,
  '20261129T1000-access-consent': accessConsent,
  '20261129T1100-access-hardening': accessHardening,
  '20261129T1101-passkeys': passkeys,
  '20261129T1150-attachments': attachments,
  '20261129T1130-advocacy': advocacy,
  '20261129T1110-matching': matching,
  '20261129T1120-tracing': tracing,
  '20261130T0000-match-lookup-case': matchLookupCase,
  '20261130T0010-cases-gate': casesGate,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
