import { Alert, Badge, Button, Card, Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CaseAccess } from '@homeward/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiRequest } from '../api/client.ts';
import { useSession } from '../api/session.ts';
import { formatTimestamp } from '../lib/format.ts';
import { ErrorAlert } from './Messages.tsx';

const enc = encodeURIComponent;
const accessApi = {
  get: (caseId: string) => apiRequest<CaseAccess>('GET', `/api/cases/${enc(caseId)}/access`),
  share: (caseId: string, userId: string) => apiRequest<CaseAccess>('POST', `/api/cases/${enc(caseId)}/shares`, { userId }),
  revoke: (grantId: string) => apiRequest<void>('POST', `/api/case-access/${enc(grantId)}/revoke`),
};

/**
 * Who can see this case (assignee, colleagues it is shared with, break-glass
 * holders), sharing with a colleague and revoking; a break-glass holder sees
 * a banner saying their access is emergency access and when it ends.
 */
export function AccessPanel({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const session = useSession();
  const [colleague, setColleague] = useState('');
  const access = useQuery({ queryKey: ['access', caseId], queryFn: () => accessApi.get(caseId) });
  const users = useQuery({ queryKey: ['users'], queryFn: () => api.users() });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['access', caseId] });
  const share = useMutation({ mutationFn: (userId: string) => accessApi.share(caseId, userId), onSuccess: () => (setColleague(''), refresh()) });
  const revoke = useMutation({ mutationFn: (grantId: string) => accessApi.revoke(grantId), onSuccess: refresh });
  if (!access.data) return <ErrorAlert error={access.error} />;
  const a = access.data;
  const me = session.data?.id;
  const holders = new Set([a.assignee?.id, ...a.grants.map((g) => g.user.id)]);
  const candidates = (users.data?.items ?? []).filter((u) => u.role === 'caseworker' && u.id !== me && !holders.has(u.id));
  const mayShare = a.via !== 'break_glass';
  return (
    <Card withBorder component="section" aria-labelledby="access-title">
      {a.via === 'break_glass' && (
        <Alert color="red" role="alert" mb="sm" title={t('access.panel.breakGlassTitle')}>
          {t('access.panel.breakGlassText', { until: formatTimestamp(a.expiresAt ?? '', i18n.language) })}
        </Alert>
      )}
      <Title order={3} size="h4" id="access-title" mb="xs">
        {t('access.panel.title')}
      </Title>
      <Stack gap="xs">
        <Text size="sm">
          {t('access.panel.assignee')}: {a.assignee?.displayName ?? t('case.unassigned')}
        </Text>
        {a.grants.length > 0 && (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('access.panel.who')}</Table.Th>
                <Table.Th>{t('access.panel.kind')}</Table.Th>
                <Table.Th>{t('access.panel.until')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {a.grants.map((g) => (
                <Table.Tr key={g.id}>
                  <Table.Td>{g.user.displayName}</Table.Td>
                  <Table.Td>
                    {g.kind === 'break_glass' ? (
                      <Badge color="red" variant="light">
                        {t('access.panel.breakGlass')}
                      </Badge>
                    ) : (
                      t('access.panel.share')
                    )}
                    {g.reason && (
                      <Text size="xs" c="dimmed" className="pre-wrap">
                        {g.reason}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{g.expiresAt ? formatTimestamp(g.expiresAt, i18n.language) : t('common.none')}</Table.Td>
                  <Table.Td>
                    {g.kind === 'share' && mayShare && (
                      <Button size="xs" variant="light" color="red" loading={revoke.isPending} onClick={() => revoke.mutate(g.id)}>
                        {t('access.panel.revoke')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {mayShare && (
          <Group align="flex-end">
            <NativeSelect
              label={t('access.panel.shareWith')}
              value={colleague}
              onChange={(e) => setColleague(e.currentTarget.value)}
              data={[{ value: '', label: t('access.consent.choosePartner') }, ...candidates.map((u) => ({ value: u.id, label: u.displayName }))]}
            />
            <Button disabled={!colleague} loading={share.isPending} onClick={() => share.mutate(colleague)}>
              {t('access.panel.shareButton')}
            </Button>
          </Group>
        )}
        <ErrorAlert error={share.error ?? revoke.error} />
      </Stack>
    </Card>
  );
}
