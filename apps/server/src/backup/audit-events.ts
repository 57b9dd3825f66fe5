import type { BackupStatus } from '@homeward/contracts';
import { audit } from '../audit/audit.ts';
import { OPERATOR, type Deps } from '../services/context.ts';

// Backups leave their trace in the audit trail (operator actor, no file
// names or paths: a path can name a person's organisation or machine). The
// last successful backup shown to administrators is read back from it, so
// a backup taken by `homeward backup create` on the command line counts as
// much as one the server's schedule took. Read newest first along the seq
// index, so the scan stops at the latest backup event.

export const BACKUP_EVENTS = {
  created: 'backup.created',
  scheduled: 'backup.scheduled',
  restored: 'backup.restored',
} as const;
export type BackupEvent = keyof typeof BACKUP_EVENTS;

/**
 * Records a successful backup, scheduled backup or restore.
 * Example: `await recordBackupEvent(deps, 'scheduled')`.
 */
export async function recordBackupEvent(deps: Deps, event: BackupEvent): Promise<void> {
  await audit(deps.db, OPERATOR, BACKUP_EVENTS[event], null, null, deps.now());
}

/** When the last backup (of either kind) and the last restore succeeded. */
export async function backupStatus(deps: Deps): Promise<BackupStatus> {
  const last = async (actions: string[]) =>
    deps.db.selectFrom('audit_events').select(['at', 'action']).where('action', 'in', actions).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const backup = await last([BACKUP_EVENTS.created, BACKUP_EVENTS.scheduled]);
  const restore = await last([BACKUP_EVENTS.restored]);
  return {
    lastBackupAt: backup?.at ?? null,
    lastBackupKind: backup ? (backup.action === BACKUP_EVENTS.scheduled ? 'scheduled' : 'manual') : null,
    lastRestoreAt: restore?.at ?? null,
  };
}
