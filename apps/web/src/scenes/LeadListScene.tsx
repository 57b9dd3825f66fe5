import { Anchor, Button, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api/client.ts';
import { ErrorAlert } from '../components/Messages.tsx';
import { PlaceSummary } from '../components/PlaceField.tsx';
import { formatPartialDate, formatTimestamp } from '../lib/format.ts';
import { usePageTitle } from '../components/usePageTitle.ts';

/** Leads from the field, linked to a case or not yet. */
export function LeadListScene() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('leads.title'));
  const leads = useQuery({ queryKey: ['leads'], queryFn: api.listLeads });
  // Case references for the "linked case" column; the list is already loaded for signed-in users.
  const cases = useQuery({ queryKey: ['cases', 'all'], queryFn: () => api.listCases() });
  const reference = (caseId: string | null | undefined) =>
    caseId ? (cases.data?.items.find((c) => c.id === caseId)?.reference ?? t('leads.linked')) : t('leads.unlinked');

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('leads.title')}</Title>
        <Button component={Link} to="/leads/new">
          {t('leads.new')}
        </Button>
      </Group>
      {leads.isPending && <Loader aria-label={t('common.loading')} />}
      <ErrorAlert error={leads.error} />
      {leads.data && leads.data.items.length === 0 && <Text c="dimmed">{t('leads.empty')}</Text>}
      {leads.data && leads.data.items.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table striped highlightOnHover>
            <Table.Caption>{t('leads.caption', { count: leads.data.items.length })}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('lead.names')}</Table.Th>
                <Table.Th>{t('lead.receivedOn')}</Table.Th>
                <Table.Th>{t('lead.reliability')}</Table.Th>
                <Table.Th>{t('lead.place')}</Table.Th>
                <Table.Th>{t('lead.case')}</Table.Th>
                <Table.Th>{t('case.updatedAt')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {leads.data.items.map((lead) => (
                <Table.Tr key={lead.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/leads/${encodeURIComponent(lead.id)}`}>
                      {lead.names.map((n) => n.text).join(', ')}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{formatPartialDate(t, lead.receivedOn)}</Table.Td>
                  <Table.Td>{t(`reliability.${lead.reliability}`)}</Table.Td>
                  <Table.Td>
                    {lead.place || t('common.none')}
                    {lead.placeResolved && <br />}
                    {lead.placeResolved && <PlaceSummary place={lead.placeResolved} t={t} language={i18n.language} />}
                  </Table.Td>
                  <Table.Td>
                    {lead.caseId ? (
                      <Anchor component={Link} to={`/cases/${encodeURIComponent(lead.caseId)}`}>
                        {reference(lead.caseId)}
                      </Anchor>
                    ) : (
                      reference(lead.caseId)
                    )}
                  </Table.Td>
                  <Table.Td>{formatTimestamp(lead.updatedAt, i18n.language)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
