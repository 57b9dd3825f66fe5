import { Badge, Button, Card, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FamilyMessage } from '@homeward/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { formatTimestamp } from '../lib/format.ts';
import { ErrorAlert, IssueText } from './Messages.tsx';
import { partnerApi, tracingApi } from './TracingRequestApi.ts';

type Side = 'caseworker' | 'partner';

const calls = {
  caseworker: { list: tracingApi.caseMessages, write: tracingApi.caseWrite, status: tracingApi.caseStatus },
  partner: { list: partnerApi.messages, write: partnerApi.write, status: partnerApi.status },
};

function Status({ m }: { m: FamilyMessage }) {
  const { t, i18n } = useTranslation();
  if (m.readAt) return <Badge color="green" variant="light">{t('tracing.message.readAt', { at: formatTimestamp(m.readAt, i18n.language) })}</Badge>;
  if (m.deliveredAt) return <Badge color="blue" variant="light">{t('tracing.message.deliveredAt', { at: formatTimestamp(m.deliveredAt, i18n.language) })}</Badge>;
  return <Badge color="gray" variant="light">{t('tracing.message.written')}</Badge>;
}

/**
 * Family messages of one disclosed match (after the ICRC's Red Cross
 * Messages): the intermediary writes their family member's words and records
 * when the other side's messages were delivered and read.
 */
export function MessageThread({ candidateId, side }: { candidateId: string; side: Side }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const api = calls[side];
  const key = ['family-messages', side, candidateId];
  const [text, setText] = useState('');
  const [empty, setEmpty] = useState(false);
  // Messages are read, never cached between screens.
  const list = useQuery({ queryKey: key, queryFn: () => api.list(candidateId), gcTime: 0 });
  const write = useMutation({
    mutationFn: () => api.write(candidateId, text.trim()),
    onSuccess: () => {
      setText('');
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });
  const mark = useMutation({
    mutationFn: ({ id, status }: { id: string; status: 'delivered' | 'read' }) => api.status(id, { status }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: key }),
  });
  const textIssue = write.error instanceof ApiError ? write.error.issues.find((i) => i.path === 'text') : undefined;
  return (
    <Card withBorder component="section" aria-labelledby={`messages-${candidateId}`}>
      <Title order={4} size="h5" id={`messages-${candidateId}`} mb="xs">
        {t('tracing.message.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        {side === 'caseworker' ? t('tracing.message.explainCaseworker') : t('tracing.message.explainPartner')}
      </Text>
      <ErrorAlert error={list.error ?? mark.error} />
      <Stack gap="xs">
        {list.data?.items.length === 0 && <Text c="dimmed">{t('tracing.message.none')}</Text>}
        {list.data?.items.map((m) => (
          <Card key={m.id} withBorder padding="xs" data-message={m.outgoing ? 'outgoing' : 'incoming'}>
            <Text size="xs" c="dimmed">
              {m.direction === 'to_child' ? t('tracing.message.fromMother') : t('tracing.message.fromChild')} · {formatTimestamp(m.writtenAt, i18n.language)}
            </Text>
            <Text className="pre-wrap">{m.text}</Text>
            <Group gap="xs" mt={4}>
              <Status m={m} />
              {!m.outgoing && !m.deliveredAt && (
                <Button size="compact-xs" variant="light" onClick={() => mark.mutate({ id: m.id, status: 'delivered' })}>
                  {t('tracing.message.markDelivered')}
                </Button>
              )}
              {!m.outgoing && !m.readAt && (
                <Button size="compact-xs" variant="light" onClick={() => mark.mutate({ id: m.id, status: 'read' })}>
                  {t('tracing.message.markRead')}
                </Button>
              )}
            </Group>
          </Card>
        ))}
      </Stack>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setEmpty(text.trim() === '');
          if (text.trim() !== '') write.mutate();
        }}
      >
        <Stack gap="xs" mt="sm">
          <ErrorAlert error={textIssue ? undefined : write.error} />
          <Textarea
            label={side === 'caseworker' ? t('tracing.message.writeMother') : t('tracing.message.writeChild')}
            autosize
            minRows={2}
            maxLength={2000}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            error={empty ? <IssueText code="required" /> : textIssue ? <IssueText code={textIssue.code} /> : undefined}
          />
          <Group>
            <Button type="submit" loading={write.isPending}>
              {t('tracing.message.send')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
