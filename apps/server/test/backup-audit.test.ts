import { join } from 'node:path';
import { expect, it } from 'vitest';
import { backupStatus } from '../src/backup/audit-events.ts';
import { startBackupSchedule } from '../src/backup/schedule.ts';
import { openDeps } from '../src/deps.ts';
import { describeEachEngine } from './helpers.ts';

// A scheduled backup run by the server is recorded in its audit trail, and
// that is what administrators see as the last backup (issue 9).

const KDF = { memoryCost: 8 * 1024, timeCost: 1, parallelism: 1 };

describeEachEngine('backups in the audit trail', (_engine, fresh) => {
  it('records each successful scheduled run as backup.scheduled (operator, no path), shown as the last backup', async () => {
    const store = await fresh();
    const deps = await openDeps(store.config());
    try {
      expect(await backupStatus(deps)).toEqual({ lastBackupAt: null, lastBackupKind: null, lastRestoreAt: null });
      const schedule = startBackupSchedule({ inst: store.config(), deps, dir: join(store.dataDir, 'backups'), everyMs: 3_600_000, keep: 2, passphrase: 'scheduled backup passphrase', kdf: KDF });
      try {
        await schedule.runNow();
      } finally {
        schedule.stop();
      }
      const events = await deps.db.selectFrom('audit_events').selectAll().where('action', '=', 'backup.scheduled').execute();
      expect(events).toEqual([expect.objectContaining({ actor_kind: 'operator', actor_id: null, record_type: null, record_id: null })]);
      const status = await backupStatus(deps);
      expect(status.lastBackupKind).toBe('scheduled');
      expect(status.lastBackupAt).toBe(events[0]!.at);
    } finally {
      await deps.db.destroy();
    }
  }, 120_000);
});
