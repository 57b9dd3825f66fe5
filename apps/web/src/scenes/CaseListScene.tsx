import { Anchor, Badge, Button, Group, Loader, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api/client.ts';
import { CASE_STATUSES, type CaseStatus } from '../api/types.ts';
import { ErrorAlert } from '../components/Messages.tsx';
import { formatTimestamp } from '../lib/format.ts';
import { usePageTitle } from '../components/usePageTitle.ts';

export const STATUS_COLOURS: Record<CaseStatus, string> = {
  open: 'blue',
  tracing: 'grape',
  located: 'teal',
  in_contact: 'cyan',
  reunited: 'green',
  closed: 'gray',
};

function isStatus(value: string | null): value is CaseStatus {
  return value !== null && (CASE_STATUSES as readonly string[]).includes(value);
}

/** The list of cases. Only the status filter is in the URL; names never are. */
export function CaseListScene() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status = isStatus(raw) ? raw : undefined;
  usePageTitle(t('cases.title'));
  const cases = useQuery({ queryKey: ['cases', status ?? 'all'], queryFn: () => api.listCases(status) });

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('cases.title')}</Title>
        <Button component={Link} to="/cases/new">
          {t('cases.new')}
        </Button>
      </Group>
      <NativeSelect
        label={t('cases.filterStatus')}
        w={240}
        value={status ?? ''}
        onChange={(event) => {
          const value = event.currentTarget.value;
          setParams(value ? { status: value } : {});
        }}
        data={[
          { value: '', label: t('cases.allStatuses') },
          ...CASE_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })),
        ]}
      />
      {cases.isPending && <Loader aria-label={t('common.loading')} />}
      <ErrorAlert error={cases.error} />
      {cases.data && cases.data.items.length === 0 && <Text c="dimmed">{t('cases.empty')}</Text>}
      {cases.data && cases.data.items.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table striped highlightOnHover>
            <Table.Caption>{t('cases.caption', { count: cases.data.items.length })}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('case.reference')}</Table.Th>
                <Table.Th>{t('case.status')}</Table.Th>
                <Table.Th>{t('case.applicant')}</Table.Th>
                <Table.Th>{t('case.sought')}</Table.Th>
                <Table.Th>{t('case.assignedTo')}</Table.Th>
                <Table.Th>{t('case.updatedAt')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {cases.data.items.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/cases/${encodeURIComponent(c.id)}`}>
                      {c.reference}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLOURS[c.status]} variant="light">
                      {t(`status.${c.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{c.applicantName}</Table.Td>
                  <Table.Td>{c.soughtNames.join(', ')}</Table.Td>
                  <Table.Td>{c.assignedTo?.displayName ?? t('case.unassigned')}</Table.Td>
                  <Table.Td>{formatTimestamp(c.updatedAt, i18n.language)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
