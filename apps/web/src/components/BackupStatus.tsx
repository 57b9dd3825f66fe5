import type { BackupStatus as BackupStatusBody } from '@homeward/contracts';
import { Alert, Card, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { apiRequest } from '../api/client.ts';
import { formatTimestamp } from '../lib/format.ts';
import { ErrorAlert } from './Messages.tsx';

/** Two days: a daily schedule that missed one run is worth an administrator's attention. */
const STALE_MS = 2 * 24 * 3600 * 1000;

/**
 * When the last backup succeeded (and the last restore), for administrators:
 * read from the audit trail by GET /api/admin/backup-status. Warns when the
 * last backup is older than two days or there is none.
 */
export function BackupStatus() {
  const { t, i18n } = useTranslation();
  const status = useQuery({
    queryKey: ['admin', 'backup-status'],
    queryFn: () => apiRequest<BackupStatusBody>('GET', '/api/admin/backup-status'),
  });
  const s = status.data;
  const stale = s !== undefined && (s.lastBackupAt === null || Date.now() - new Date(s.lastBackupAt).getTime() > STALE_MS);
  return (
    <Card withBorder aria-labelledby="backup-status-title">
      <Stack gap="xs">
        <Title order={3} id="backup-status-title">
          {t('import.backupTitle')}
        </Title>
        {status.isPending && <Loader size="sm" aria-label={t('common.loading')} />}
        <ErrorAlert error={status.error} />
        {s && (
          <>
            <Text data-testid="last-backup">
              {t('import.lastBackup')}:{' '}
              {s.lastBackupAt ? `${formatTimestamp(s.lastBackupAt, i18n.language)} (${s.lastBackupKind === 'scheduled' ? t('import.kind_scheduled') : t('import.kind_manual')})` : t('import.never')}
            </Text>
            <Text size="sm" c="dimmed">
              {t('import.lastRestore')}: {s.lastRestoreAt ? formatTimestamp(s.lastRestoreAt, i18n.language) : t('import.never')}
            </Text>
            {stale && (
              <Alert color="orange" role="status">
                {t('import.backupStale')}
              </Alert>
            )}
          </>
        )}
      </Stack>
    </Card>
  );
}
