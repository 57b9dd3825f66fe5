import { Alert, Anchor, Badge, Button, Group, Loader, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import type { MatchDetail, MatchStatus } from '@homeward/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/client.ts';
import { ErrorAlert } from '../components/Messages.tsx';
import { MATCH_STATUSES, matchApi, percent } from '../components/MatchApi.ts';
import { MatchNamePath } from '../components/MatchNamePath.tsx';
import { PlaceSummary } from '../components/PlaceField.tsx';
import { WaterfallChart } from '../components/WaterfallChart.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { formatPartialDate, formatTimestamp } from '../lib/format.ts';
import { decisionLabel, fieldLabel, levelLabel, precisionLabel, statusLabel } from '../components/MatchLabels.ts';

type Side = MatchDetail['person'];

function birthText(t: TFunction, s: Side): string {
  if (s.approxAge) return t('matching.compare.approxAge', { age: s.approxAge.age, year: s.approxAge.atYear });
  return s.birth ? formatPartialDate(t, s.birth) : t('common.unknown');
}

function SideValue({ field, side, t, language }: { field: string; side: Side; t: TFunction; language: string }) {
  if (field === 'name') return <>{side.names.map((n) => n.text).join(', ') || t('common.unknown')}</>;
  if (field === 'birth') {
    return (
      <>
        {birthText(t, side)}{' '}
        {side.birthPrecision && <Text span size="xs" c="dimmed">({precisionLabel(t, side.birthPrecision)})</Text>}
      </>
    );
  }
  if (field === 'place') {
    return (
      <>
        {side.place || (side.placeResolved ? '' : t('common.unknown'))}
        {side.placeResolved && <br />}
        {side.placeResolved && <PlaceSummary place={side.placeResolved} t={t} language={language} />}
      </>
    );
  }
  if (field === 'sex') return <>{side.sex ? t(`sex.${side.sex}`, { defaultValue: side.sex }) : t('common.unknown')}</>;
  return null;
}

/** Side-by-side comparison of a sought child and a lead, with every field's part in the match weight, and the decision. */
export function MatchCompareScene() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  usePageTitle(t('matching.compare.title'));
  const queryClient = useQueryClient();
  const match = useQuery({ queryKey: ['match', id], queryFn: () => matchApi.get(id) });
  const [status, setStatus] = useState<MatchStatus>('confirmed');
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState(false);
  const decide = useMutation({
    mutationFn: (m: MatchDetail) => matchApi.decide(m.id, { status, reason: reason.trim(), version: m.version }),
    onSuccess: (saved) => {
      queryClient.setQueryData(['match', id], saved);
      void queryClient.invalidateQueries({ queryKey: ['matches'] });
      setReason('');
    },
  });

  if (match.isPending) return <Loader aria-label={t('common.loading')} />;
  if (match.isError) return <ErrorAlert error={match.error} />;
  const m = match.data;
  const e = m.explanation;
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    if (!reason.trim()) {
      setReasonError(true);
      return;
    }
    setReasonError(false);
    decide.mutate(m);
  };
  const stale = decide.error instanceof ApiError && decide.error.code === 'STALE_VERSION';

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('matching.compare.title')}</Title>
        <Group gap="xs">
          <Badge size="lg" variant="light">{statusLabel(t, m.status)}</Badge>
          <Text fw={700} size="xl" data-testid="match-probability">{percent(m.probability)}</Text>
        </Group>
      </Group>
      <Text size="sm">
        {t('matching.compare.caseLine')}{' '}
        <Anchor component={Link} to={`/cases/${encodeURIComponent(m.caseId)}`}>{m.caseReference}</Anchor>
        {' · '}
        <Anchor component={Link} to={`/leads/${encodeURIComponent(m.leadId)}`}>{t('matching.compare.openLead')}</Anchor>
      </Text>

      <Table.ScrollContainer minWidth={720}>
        <Table withTableBorder withColumnBorders>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('matching.compare.field')}</Table.Th>
              <Table.Th>{t('matching.compare.child')}</Table.Th>
              <Table.Th>{t('matching.compare.lead')}</Table.Th>
              <Table.Th>{t('matching.compare.level')}</Table.Th>
              <Table.Th>{t('matching.compare.weight')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {e.contributions.map((c) => (
              <Table.Tr key={c.field}>
                <Table.Th scope="row">{fieldLabel(t, c.field)}</Table.Th>
                <Table.Td><SideValue field={c.field} side={m.person} t={t} language={i18n.language} /></Table.Td>
                <Table.Td><SideValue field={c.field} side={m.lead} t={t} language={i18n.language} /></Table.Td>
                <Table.Td>{levelLabel(t, c.level)}</Table.Td>
                <Table.Td>{`${c.weight >= 0 ? '+' : ''}${c.weight.toFixed(1)}`}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="sm">
          <Title order={4}>{t('matching.compare.namePath', { a: e.personName, b: e.leadName })}</Title>
          <MatchNamePath aligned={e.aligned} />
          <Text size="xs" c="dimmed">{t('matching.compare.nameScore', { score: percent(e.nameScore) })}</Text>
        </Paper>
        <Paper withBorder p="sm">
          <Title order={4}>{t('matching.compare.waterfall')}</Title>
          <WaterfallChart prior={e.prior} steps={e.contributions} total={e.weight} t={t} />
          <Text size="xs" c="dimmed">{t('matching.compare.raw', { raw: percent(e.rawProbability), shown: percent(m.probability) })}</Text>
        </Paper>
      </SimpleGrid>

      <Paper withBorder p="sm">
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <Title order={4}>{t('matching.decision.title')}</Title>
            {stale && <Alert color="orange" role="alert">{t('errors.STALE_VERSION')}</Alert>}
            {!stale && <ErrorAlert error={decide.error} />}
            <NativeSelect
              label={t('matching.decision.status')}
              value={status}
              onChange={(ev) => setStatus(ev.currentTarget.value as MatchStatus)}
              data={MATCH_STATUSES.map((s) => ({ value: s, label: decisionLabel(t, s) }))}
              w={300}
            />
            <Textarea
              label={t('matching.decision.reason')}
              required
              value={reason}
              onChange={(ev) => setReason(ev.currentTarget.value)}
              error={reasonError ? t('matching.decision.reasonRequired') : undefined}
              autosize
              minRows={2}
            />
            <Group>
              <Button type="submit" loading={decide.isPending}>{t('matching.decision.save')}</Button>
            </Group>
          </Stack>
        </form>
      </Paper>

      <Paper withBorder p="sm">
        <Title order={4}>{t('matching.history.title')}</Title>
        {m.history.length === 0 && <Text c="dimmed" size="sm">{t('matching.history.none')}</Text>}
        <Stack gap={4}>
          {m.history.map((h, i) => (
            <Text key={`${h.decidedAt}-${i}`} size="sm">
              {formatTimestamp(h.decidedAt, i18n.language)} · {h.decidedBy?.displayName ?? ''} ·{' '}
              {statusLabel(t, h.previousStatus)} → {statusLabel(t, h.status)} · {h.reason}
            </Text>
          ))}
        </Stack>
      </Paper>
    </Stack>
  );
}
