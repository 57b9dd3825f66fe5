import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { verifyBackup } from '../src/backup/index.ts';
import { lastBackupAt, parseInterval, scheduledName, startBackupSchedule } from '../src/backup/schedule.ts';
import { openDeps } from '../src/deps.ts';
import { describeEachEngine } from './helpers.ts';

const PASS = 'scheduled backup passphrase';
const KDF = { memoryCost: 8 * 1024, timeCost: 1, parallelism: 1 };

it('parses backup intervals and refuses anything else', () => {
  expect(parseInterval('24h')).toBe(86_400_000);
  expect(parseInterval('30m')).toBe(1_800_000);
  expect(parseInterval('7d')).toBe(604_800_000);
  expect(parseInterval('90s')).toBe(90_000);
  for (const bad of ['', '0h', '24', 'h', '1.5h', '-1d', '1w']) expect(parseInterval(bad)).toBeUndefined();
  expect(scheduledName(new Date('2026-11-29T08:30:05.123Z'))).toBe('homeward-20261129T083005Z.hwbackup');
});

describeEachEngine('scheduled backups', (_engine, fresh) => {
  it('takes backups on a timer, keeps the newest N, and tells the last backup time', async () => {
    const store = await fresh();
    const config = store.config();
    await (await openDeps(config)).db.destroy();
    const dir = join(store.dataDir, 'backups');
    let clock = new Date('2026-11-01T02:00:00Z');
    const results: string[] = [];
    const schedule = startBackupSchedule({
      inst: config, dir, everyMs: 50, keep: 2, passphrase: PASS, kdf: KDF, now: () => clock,
      onResult: (r) => results.push('error' in r ? `error ${r.error.message}` : `ok ${r.removed.length}`),
    });
    try {
      // The timer fires by itself.
      await expect.poll(() => results.length, { timeout: 20_000 }).toBeGreaterThan(0);
      schedule.stop();
      expect(results[0]).toBe('ok 0');
      writeFileSync(join(dir, 'operator-notes.txt'), 'not a backup');
      for (let i = 1; i <= 3; i++) {
        clock = new Date(clock.getTime() + 86_400_000);
        await schedule.runNow();
      }
    } finally {
      schedule.stop();
    }
    expect(readdirSync(dir).sort()).toEqual(['homeward-20261103T020000Z.hwbackup', 'homeward-20261104T020000Z.hwbackup', 'operator-notes.txt']);
    expect(lastBackupAt(dir)?.toISOString()).toBe('2026-11-04T02:00:00.000Z');
    expect(lastBackupAt(join(store.dataDir, 'none'))).toBeUndefined();
    const archive = await verifyBackup(join(dir, 'homeward-20261104T020000Z.hwbackup'), PASS);
    expect(archive.createdAt).toBe('2026-11-04T02:00:00.000Z');
    expect(archive.snapshot.tables.find((t) => t.name === 'meta')?.rows.length).toBeGreaterThan(0);
  }, 60_000);
});
