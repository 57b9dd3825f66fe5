import { Anchor, Badge, Button, Group, Loader, NativeSelect, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import type { MatchListQuery } from '@homeward/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../components/Messages.tsx';
import { MATCH_STATUSES, matchApi, percent } from '../components/MatchApi.ts';
import { usePageTitle } from '../components/usePageTitle.ts';
import { formatTimestamp } from '../lib/format.ts';
import { statusLabel } from '../components/MatchLabels.ts';

type Filter = NonNullable<MatchListQuery['filter']>;
type StatusFilter = NonNullable<MatchListQuery['status']>;

/** The review queue: candidates in the cases I may see, newest and most likely first. */
export function ReviewQueueScene() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('matching.queue.title'));
  const [filter, setFilter] = useState<Filter>('mine');
  const [status, setStatus] = useState<StatusFilter>('open');
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['matches', filter, status], queryFn: () => matchApi.list({ filter, status }) });
  const retrain = useMutation({
    mutationFn: matchApi.retrain,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['matches'] }),
  });

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('matching.queue.title')}</Title>
        <Button variant="default" onClick={() => retrain.mutate()} loading={retrain.isPending}>
          {t('matching.retrain.button')}
        </Button>
      </Group>
      <Group align="flex-end">
        <SegmentedControl
          aria-label={t('matching.queue.filter')}
          value={filter}
          onChange={(v) => setFilter(v as Filter)}
          data={[
            { value: 'mine', label: t('matching.queue.mine') },
            { value: 'recent', label: t('matching.queue.recent') },
            { value: 'all', label: t('matching.queue.all') },
          ]}
        />
        <NativeSelect
          label={t('matching.queue.status')}
          value={status}
          onChange={(e) => setStatus(e.currentTarget.value as StatusFilter)}
          data={[...MATCH_STATUSES.map((s) => ({ value: s, label: statusLabel(t, s) })), { value: 'any', label: t('matching.status.any') }]}
        />
      </Group>
      <ErrorAlert error={retrain.error} />
      {retrain.data && (
        <Text size="sm" role="status">
          {t(retrain.data.applied ? 'matching.retrain.applied' : 'matching.retrain.notApplied', {
            confirmed: retrain.data.confirmed,
            rejected: retrain.data.rejected,
            before: retrain.data.before.accuracy.toFixed(2),
            after: retrain.data.after.accuracy.toFixed(2),
          })}{' '}
          {t(retrain.data.calibration.refitted ? 'matching.retrain.calibrated' : 'matching.retrain.notCalibrated', {
            decisions: retrain.data.calibration.decisions,
            needed: retrain.data.calibration.needed,
          })}
        </Text>
      )}
      {list.isPending && <Loader aria-label={t('common.loading')} />}
      <ErrorAlert error={list.error} />
      {list.data && list.data.items.length === 0 && <Text c="dimmed">{t('matching.queue.empty')}</Text>}
      {list.data && list.data.items.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('matching.queue.probability')}</Table.Th>
                <Table.Th>{t('matching.queue.child')}</Table.Th>
                <Table.Th>{t('matching.queue.lead')}</Table.Th>
                <Table.Th>{t('matching.queue.case')}</Table.Th>
                <Table.Th>{t('matching.queue.status')}</Table.Th>
                <Table.Th>{t('matching.queue.updated')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/matches/${encodeURIComponent(m.id)}`}>
                      {percent(m.probability)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{m.personName}</Table.Td>
                  <Table.Td>{m.leadName}</Table.Td>
                  <Table.Td>{m.caseReference}</Table.Td>
                  <Table.Td>
                    <Badge variant="light">{statusLabel(t, m.status)}</Badge>
                  </Table.Td>
                  <Table.Td>{formatTimestamp(m.updatedAt, i18n.language)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
