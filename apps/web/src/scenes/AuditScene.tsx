import { Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { AuditEventList } from '@homeward/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiRequest } from '../api/client.ts';
import { ErrorAlert } from '../components/Messages.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { formatTimestamp } from '../lib/format.ts';

interface Filters {
  action: string;
  userId: string;
  recordType: string;
  from: string;
  to: string;
}
const EMPTY: Filters = { action: '', userId: '', recordType: '', from: '', to: '' };

function queryString(f: Filters, before: number | undefined): string {
  const p = new URLSearchParams();
  // Filters are action names, ids and dates: nothing identifying goes into this URL.
  for (const [k, v] of Object.entries(f)) if (v.trim()) p.set(k, v.trim());
  if (before !== undefined) p.set('before', String(before));
  p.set('limit', '100');
  return p.toString();
}

/** The audit trail for auditors: who did what to which record, when and from where; never the values. */
export function AuditScene() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('access.audit.title'));
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const events = useInfiniteQuery({
    queryKey: ['audit', filters],
    queryFn: ({ pageParam }) => apiRequest<AuditEventList>('GET', `/api/audit/events?${queryString(filters, pageParam)}`),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
  const field = (key: keyof Filters, label: string, type = 'text', placeholder?: string) => (
    <TextInput
      label={label}
      type={type}
      value={draft[key]}
      placeholder={placeholder}
      autoComplete="off"
      onChange={(e) => {
        const value = e.currentTarget.value;
        setDraft((d) => ({ ...d, [key]: value }));
      }}
    />
  );
  const items = events.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack>
      <Title order={2}>{t('access.audit.title')}</Title>
      <form
        aria-label={t('access.audit.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
        }}
      >
        <Group align="flex-end" wrap="wrap">
          {field('action', t('access.audit.action'), 'text', 'case.viewed, login.')}
          {field('userId', t('access.audit.user'))}
          {field('recordType', t('access.audit.recordType'), 'text', 'case, consent, user')}
          {field('from', t('access.audit.from'), 'date')}
          {field('to', t('access.audit.to'), 'date')}
          <Button type="submit">{t('access.audit.apply')}</Button>
          <Button
            variant="default"
            onClick={() => {
              setDraft(EMPTY);
              setFilters(EMPTY);
            }}
          >
            {t('access.audit.clear')}
          </Button>
        </Group>
      </form>
      <ErrorAlert error={events.error} />
      {events.data && items.length === 0 && <Text c="dimmed">{t('access.audit.none')}</Text>}
      {items.length > 0 && (
        <Table aria-label={t('access.audit.title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>#</Table.Th>
              <Table.Th>{t('access.audit.at')}</Table.Th>
              <Table.Th>{t('access.audit.user')}</Table.Th>
              <Table.Th>{t('access.audit.action')}</Table.Th>
              <Table.Th>{t('access.audit.record')}</Table.Th>
              <Table.Th>{t('access.audit.origin')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((e) => (
              <Table.Tr key={e.id} data-action={e.action}>
                <Table.Td>{e.seq ?? ''}</Table.Td>
                <Table.Td>{formatTimestamp(e.at, i18n.language)}</Table.Td>
                <Table.Td>
                  {e.actor ? (
                    <Button variant="subtle" size="compact-xs" onClick={() => (setDraft((d) => ({ ...d, userId: e.actor!.id })), setFilters((f) => ({ ...f, userId: e.actor!.id })))}>
                      {e.actor.displayName}
                    </Button>
                  ) : (
                    e.actorKind === 'operator' ? t('access.audit.operator') : t('access.audit.anonymous')
                  )}
                </Table.Td>
                <Table.Td>
                  <code>{e.action}</code>
                </Table.Td>
                <Table.Td>{e.recordType ? `${e.recordType} ${e.recordId ?? ''}` : ''}</Table.Td>
                <Table.Td>{e.origin ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {events.hasNextPage && (
        <Button variant="default" loading={events.isFetchingNextPage} onClick={() => void events.fetchNextPage()}>
          {t('access.audit.more')}
        </Button>
      )}
    </Stack>
  );
}
