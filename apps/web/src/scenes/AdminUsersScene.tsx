import { Alert, Badge, Button, Card, Group, Modal, NativeSelect, PasswordInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AdminCreateUser, AdminCreateUserResult, AdminUser, AdminUserList, BreakGlassList, Role } from '@homeward/contracts';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiRequest } from '../api/client.ts';
import { ErrorAlert, IssueText } from '../components/Messages.tsx';
import { QrCanvas } from '../components/QrCanvas.tsx';
import { focusFirstInvalid } from '../components/form-types.ts';
import { usePageTitle } from '../components/usePageTitle.ts';
import { formatTimestamp } from '../lib/format.ts';

const enc = encodeURIComponent;
const adminApi = {
  users: () => apiRequest<AdminUserList>('GET', '/api/admin/users'),
  create: (input: AdminCreateUser) => apiRequest<AdminCreateUserResult>('POST', '/api/admin/users', input),
  disable: (id: string) => apiRequest<AdminUser>('POST', `/api/admin/users/${enc(id)}/disable`),
  revokeSessions: (id: string) => apiRequest<AdminUser>('POST', `/api/admin/users/${enc(id)}/revoke-sessions`),
  breakGlass: () => apiRequest<BreakGlassList>('GET', '/api/admin/break-glass'),
  endBreakGlass: (id: string) => apiRequest<void>('POST', `/api/break-glass/${enc(id)}/end`),
};

const ROLE_LIST: readonly Role[] = ['caseworker', 'field_partner', 'advocate', 'auditor', 'administrator'];

/** Role names, spelt out so the catalogue test sees every key. */
function roleLabel(t: TFunction, role: Role): string {
  const labels: Record<Role, string> = {
    administrator: t('access.role.administrator'),
    caseworker: t('access.role.caseworker'),
    field_partner: t('access.role.field_partner'),
    advocate: t('access.role.advocate'),
    auditor: t('access.role.auditor'),
  };
  return labels[role];
}

function CreateUser({ onCreated }: { onCreated: (r: AdminCreateUserResult) => void }) {
  const { t } = useTranslation();
  const form = useForm<AdminCreateUser>({ mode: 'controlled', initialValues: { email: '', displayName: '', role: 'caseworker', password: '' } });
  const create = useMutation({
    mutationFn: adminApi.create,
    onSuccess: (r) => {
      form.reset();
      onCreated(r);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.issues.length > 0) {
        form.setErrors(Object.fromEntries(error.issues.map((i) => [i.path, <IssueText key={i.path} code={i.code} />])));
        focusFirstInvalid();
      }
    },
  });
  const submit = form.onSubmit((v) => {
    form.clearErrors();
    if ([...v.password].length < 12) {
      form.setErrors({ password: <IssueText code="too_small" /> });
      focusFirstInvalid();
      return;
    }
    create.mutate({ ...v, email: v.email.trim(), displayName: v.displayName.trim() });
  });
  return (
    <form onSubmit={submit} noValidate aria-label={t('access.admin.createTitle')}>
      <Stack gap="sm">
        <ErrorAlert error={create.error} />
        <TextInput label={t('access.admin.email')} type="email" autoComplete="off" {...form.getInputProps('email')} />
        <TextInput label={t('access.admin.displayName')} autoComplete="off" {...form.getInputProps('displayName')} />
        <NativeSelect label={t('access.admin.role')} data={ROLE_LIST.map((r) => ({ value: r, label: roleLabel(t, r) }))} {...form.getInputProps('role')} />
        <PasswordInput label={t('access.admin.password')} description={t('access.admin.passwordHint')} autoComplete="new-password" {...form.getInputProps('password')} />
        <Button type="submit" loading={create.isPending}>
          {t('access.admin.create')}
        </Button>
      </Stack>
    </form>
  );
}

/** Users, roles and sessions of the organisation, and active break-glass grants (administrators only). */
export function AdminUsersScene() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('access.admin.title'));
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<AdminCreateUserResult | undefined>();
  const [confirm, setConfirm] = useState<{ user: AdminUser; action: 'disable' | 'revoke' } | undefined>();
  const users = useQuery({ queryKey: ['admin', 'users'], queryFn: adminApi.users });
  const glass = useQuery({ queryKey: ['admin', 'break-glass'], queryFn: adminApi.breakGlass });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['admin'] });
  const act = useMutation({
    mutationFn: (c: { user: AdminUser; action: 'disable' | 'revoke' }) => (c.action === 'disable' ? adminApi.disable(c.user.id) : adminApi.revokeSessions(c.user.id)),
    onSuccess: () => {
      setConfirm(undefined);
      refresh();
    },
  });
  const end = useMutation({ mutationFn: adminApi.endBreakGlass, onSuccess: refresh });
  return (
    <Stack>
      <Title order={2}>{t('access.admin.title')}</Title>
      {created && (
        <Alert color="green" title={t('access.admin.createdTitle', { name: created.user.displayName })} withCloseButton onClose={() => setCreated(undefined)} closeButtonLabel={t('access.common.close')}>
          <Stack gap="xs">
            <Text size="sm">{t('access.admin.createdText')}</Text>
            <QrCanvas value={created.otpauthUri} label={t('access.admin.qrLabel')} />
            <code>{created.totpSecret}</code>
          </Stack>
        </Alert>
      )}
      <Card withBorder>
        <Title order={3} size="h4" mb="xs">
          {t('access.admin.createTitle')}
        </Title>
        <CreateUser
          onCreated={(r) => {
            setCreated(r);
            refresh();
          }}
        />
      </Card>
      <ErrorAlert error={users.error ?? act.error} />
      <Table aria-label={t('access.admin.usersTitle')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('access.admin.displayName')}</Table.Th>
            <Table.Th>{t('access.admin.email')}</Table.Th>
            <Table.Th>{t('access.admin.role')}</Table.Th>
            <Table.Th>{t('access.admin.sessions')}</Table.Th>
            <Table.Th>{t('access.admin.state')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(users.data?.items ?? []).map((u) => (
            <Table.Tr key={u.id} data-user={u.email}>
              <Table.Td>{u.displayName}</Table.Td>
              <Table.Td>{u.email}</Table.Td>
              <Table.Td>{roleLabel(t, u.role)}</Table.Td>
              <Table.Td>{u.sessions}</Table.Td>
              <Table.Td>
                {u.disabledAt ? (
                  <Badge color="gray">{t('access.admin.disabled')}</Badge>
                ) : (
                  <Badge color="green" variant="light">
                    {t('access.admin.active')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>
                <Group gap="xs">
                  <Button size="xs" variant="default" disabled={u.sessions === 0} onClick={() => setConfirm({ user: u, action: 'revoke' })}>
                    {t('access.admin.revokeSessions')}
                  </Button>
                  {!u.disabledAt && (
                    <Button size="xs" color="red" variant="light" onClick={() => setConfirm({ user: u, action: 'disable' })}>
                      {t('access.admin.disable')}
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <section aria-labelledby="glass-title">
        <Title order={3} size="h4" id="glass-title" mb="xs">
          {t('access.admin.breakGlassTitle')}
        </Title>
        <ErrorAlert error={glass.error ?? end.error} />
        {glass.data && glass.data.items.length === 0 && <Text c="dimmed">{t('access.admin.noBreakGlass')}</Text>}
        {glass.data && glass.data.items.length > 0 && (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('access.admin.case')}</Table.Th>
                <Table.Th>{t('access.panel.who')}</Table.Th>
                <Table.Th>{t('access.breakGlass.reason')}</Table.Th>
                <Table.Th>{t('access.panel.until')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {glass.data.items.map((g) => (
                <Table.Tr key={g.id}>
                  <Table.Td>{g.caseReference}</Table.Td>
                  <Table.Td>{g.user.displayName}</Table.Td>
                  <Table.Td className="pre-wrap">{g.reason}</Table.Td>
                  <Table.Td>{formatTimestamp(g.expiresAt, i18n.language)}</Table.Td>
                  <Table.Td>
                    <Button size="xs" color="red" variant="light" loading={end.isPending} onClick={() => end.mutate(g.id)}>
                      {t('access.admin.endBreakGlass')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </section>
      <Modal opened={confirm !== undefined} onClose={() => setConfirm(undefined)} title={confirm?.action === 'disable' ? t('access.admin.disable') : t('access.admin.revokeSessions')}>
        <Stack>
          <Text>{confirm && (confirm.action === 'disable' ? t('access.admin.confirmDisable', { name: confirm.user.displayName }) : t('access.admin.confirmRevoke', { name: confirm.user.displayName }))}</Text>
          <Group>
            <Button color="red" loading={act.isPending} onClick={() => confirm && act.mutate(confirm)}>
              {t('access.admin.confirm')}
            </Button>
            <Button variant="default" onClick={() => setConfirm(undefined)}>
              {t('access.common.cancel')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
