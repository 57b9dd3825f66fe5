import type { AdvocacySettingsTable, DossierCasesTable, DossiersTable } from './advocacy.table.ts';
import type { AttachmentsTable } from './attachments.table.ts';
import type { AuditCheckpointsTable, AuditEventsTable, AuditHeadTable } from './audit-events.table.ts';
import type { CaseAccessTable } from './case-access.table.ts';
import type { CaseHistoryTable } from './case-history.table.ts';
import type { CasesTable } from './cases.table.ts';
import type { ConsentsTable } from './consents.table.ts';
import type { LeadsTable } from './leads.table.ts';
import type { LoginThrottleTable } from './login-throttle.table.ts';
import type { MatchCandidatesTable, MatchDecisionsTable, MatchIndexTable, MatchParamsTable } from './matching.table.ts';
import type { MetaTable } from './meta.table.ts';
import type { NameIndexTable } from './name-index.table.ts';
import type { OrganisationsTable } from './organisations.table.ts';
import type { PeopleTable } from './people.table.ts';
import type { SessionsTable } from './sessions.table.ts';
import type { UsersTable } from './users.table.ts';
import type { DisclosureConsentsTable, FamilyMessagesTable, PartnerLeadsTable, TracingRequestsTable } from './tracing.table.ts';

/** The whole schema as Kysely sees it. Timestamps are ISO-8601 text on both engines. */
export interface Database {
  meta: MetaTable;
  organisations: OrganisationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  cases: CasesTable;
  people: PeopleTable;
  leads: LeadsTable;
  name_index: NameIndexTable;
  case_history: CaseHistoryTable;
  audit_events: AuditEventsTable;
  audit_head: AuditHeadTable;
  audit_checkpoints: AuditCheckpointsTable;
  case_access: CaseAccessTable;
  consents: ConsentsTable;
  login_throttle: LoginThrottleTable;
  attachments: AttachmentsTable;
  dossiers: DossiersTable;
  dossier_cases: DossierCasesTable;
  advocacy_settings: AdvocacySettingsTable;
  match_index: MatchIndexTable;
  match_candidates: MatchCandidatesTable;
  match_decisions: MatchDecisionsTable;
  match_params: MatchParamsTable;
  tracing_requests: TracingRequestsTable;
  partner_leads: PartnerLeadsTable;
  disclosure_consents: DisclosureConsentsTable;
  family_messages: FamilyMessagesTable;
}
