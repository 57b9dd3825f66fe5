import { Alert, Button, Card, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { browserSupportsWebAuthn, startRegistration, type PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/browser';
import type { PasskeyList } from '@homeward/contracts';
import { useTranslation } from 'react-i18next';
import { apiRequest } from '../api/client.ts';
import { formatTimestamp } from '../lib/format.ts';
import { ErrorAlert } from './Messages.tsx';
import { usePageTitle } from './usePageTitle.ts';

/**
 * The signed-in user's passkeys (WebAuthn): add one on this device, to sign
 * in later without password and code. The device keeps the private key; the
 * server keeps only the public key.
 */
export function PasskeyPanel() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('access.passkey.title'));
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['passkeys'], queryFn: () => apiRequest<PasskeyList>('GET', '/api/auth/passkeys') });
  const add = useMutation({
    mutationFn: async () => {
      const options = await apiRequest<PublicKeyCredentialCreationOptionsJSON>('POST', '/api/auth/passkeys/register/options');
      const response = await startRegistration({ optionsJSON: options });
      return apiRequest<{ id: string }>('POST', '/api/auth/passkeys/register', { response });
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['passkeys'] }),
  });
  const cancelled = add.error instanceof Error && add.error.name === 'NotAllowedError';
  return (
    <Stack maw={640}>
      <Title order={2}>{t('access.passkey.title')}</Title>
      <Text>{t('access.passkey.explain')}</Text>
      {!browserSupportsWebAuthn() && <Alert color="orange">{t('access.passkey.unsupported')}</Alert>}
      <ErrorAlert error={cancelled ? null : (add.error ?? list.error)} />
      {add.isSuccess && (
        <Alert color="green" role="status">
          {t('access.passkey.added')}
        </Alert>
      )}
      <Card withBorder>
        {list.data && list.data.items.length === 0 && <Text c="dimmed">{t('access.passkey.none')}</Text>}
        {list.data && list.data.items.length > 0 && (
          <Table aria-label={t('access.passkey.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('access.passkey.created')}</Table.Th>
                <Table.Th>{t('access.passkey.lastUsed')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>{formatTimestamp(p.createdAt, i18n.language)}</Table.Td>
                  <Table.Td>{p.lastUsedAt ? formatTimestamp(p.lastUsedAt, i18n.language) : t('common.none')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Button mt="sm" onClick={() => add.mutate()} loading={add.isPending} disabled={!browserSupportsWebAuthn()}>
          {t('access.passkey.add')}
        </Button>
      </Card>
    </Stack>
  );
}
