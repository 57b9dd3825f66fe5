import { Alert, Button, Card, Group, NumberInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { StatsSettings as Settings } from '@homeward/contracts';
import { MIN_STATS_THRESHOLD } from '@homeward/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiRequest } from '../api/client.ts';
import { ErrorAlert, IssueText } from './Messages.tsx';

/** The administrator's threshold form: never below 5, checked here and again by the server. */
export function StatsSettings({ current }: { current: number }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [value, setValue] = useState<number | string>(current);
  const [local, setLocal] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (body: Settings) => apiRequest<Settings>('PUT', '/api/advocacy/settings', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['advocacy', 'statistics'] }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const n = typeof value === 'number' ? value : Number(value);
    if (!Number.isInteger(n)) return setLocal('not_a_number');
    if (n < MIN_STATS_THRESHOLD) return setLocal('too_small');
    setLocal(null);
    save.mutate({ threshold: n });
  };
  const issue = local ?? (save.error instanceof ApiError ? save.error.issues.find((i) => i.path === 'threshold')?.code : undefined);
  return (
    <Card withBorder component="section" aria-labelledby="stats-settings">
      <Title order={3} size="h4" id="stats-settings" mb="xs">
        {t('advocacy.stats.settings.title')}
      </Title>
      <form onSubmit={submit} noValidate aria-label={t('advocacy.stats.settings.title')}>
        <Group align="flex-end">
          <NumberInput
            label={t('advocacy.stats.settings.threshold')}
            description={t('advocacy.stats.settings.hint')}
            min={MIN_STATS_THRESHOLD}
            max={1000}
            allowDecimal={false}
            value={value}
            onChange={setValue}
            error={issue ? <IssueText code={issue} /> : undefined}
          />
          <Button type="submit" loading={save.isPending}>
            {t('advocacy.stats.settings.save')}
          </Button>
        </Group>
        {!issue && <ErrorAlert error={save.error} />}
        {save.isSuccess && (
          <Alert color="green" role="status" mt="xs">
            {t('advocacy.stats.settings.saved', { threshold: save.data.threshold })}
          </Alert>
        )}
      </form>
    </Card>
  );
}
