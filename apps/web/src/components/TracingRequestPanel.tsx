import { Alert, Badge, Button, Card, Checkbox, Group, List, Modal, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Sought, TracingField, TracingRequest } from '@homeward/contracts';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { formatTimestamp } from '../lib/format.ts';
import { ErrorAlert, IssueText } from './Messages.tsx';
import { DEFAULT_FIELDS, TRACING_FIELDS, tracingApi } from './TracingRequestApi.ts';
import { TracingRequestShared } from './TracingRequestShared.tsx';

/** Field labels, spelt out so the catalogue test sees every key. */
export function fieldLabel(t: TFunction, field: TracingField): string {
  const labels: Record<TracingField, string> = {
    chineseName: t('tracing.field.chineseName'),
    koreanName: t('tracing.field.koreanName'),
    approxAge: t('tracing.field.approxAge'),
    county: t('tracing.field.county'),
    sex: t('tracing.field.sex'),
    separationYear: t('tracing.field.separationYear'),
  };
  return labels[field];
}

function personLabel(s: Sought, index: number, t: TFunction): string {
  return `${t('case.soughtN', { n: index + 1 })} · ${s.names.map((n) => n.text).join(', ')}`;
}

function ShareForm({ caseId, sought, onDone }: { caseId: string; sought: Sought[]; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const partners = useQuery({ queryKey: ['tracing', 'partners'], queryFn: tracingApi.partners });
  const [personId, setPersonId] = useState(sought[0]?.id ?? '');
  const [partnerUserId, setPartnerUserId] = useState('');
  const [fields, setFields] = useState<string[]>([...DEFAULT_FIELDS]);
  const [partnerMissing, setPartnerMissing] = useState(false);
  const create = useMutation({
    mutationFn: () => tracingApi.createRequest(caseId, { personId, partnerUserId, fields: fields as TracingField[] }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['tracing-requests', caseId] });
      onDone();
    },
  });
  const issues = create.error instanceof ApiError ? create.error.issues : [];
  const issueAt = (path: string) => {
    const i = issues.find((x) => x.path === path);
    return i ? <IssueText code={i.code} /> : undefined;
  };
  return (
    <form
      noValidate
      aria-label={t('tracing.request.shareTitle')}
      onSubmit={(e) => {
        e.preventDefault();
        setPartnerMissing(partnerUserId === '');
        if (partnerUserId !== '' && fields.length > 0) create.mutate();
      }}
    >
      <Stack gap="sm">
        {create.error instanceof ApiError && create.error.code === 'CONSENT_REQUIRED' ? (
          <Alert color="red" role="alert" title={t('errors.title')}>
            {t('errors.CONSENT_REQUIRED')}
            <List size="sm" mt="xs">
              {create.error.issues.some((i) => i.path === 'consent.tracing') && <List.Item>{t('tracing.request.needTracing')}</List.Item>}
              {create.error.issues.some((i) => i.path === 'consent.partner_sharing') && <List.Item>{t('tracing.request.needPartner')}</List.Item>}
            </List>
          </Alert>
        ) : (
          <ErrorAlert error={create.error} unplaced={issues.filter((i) => !['personId', 'partnerUserId', 'fields'].includes(i.path))} />
        )}
        <NativeSelect
          label={t('tracing.request.person')}
          value={personId}
          onChange={(e) => setPersonId(e.currentTarget.value)}
          data={sought.map((s, i) => ({ value: s.id, label: personLabel(s, i, t) }))}
          error={issueAt('personId')}
        />
        <NativeSelect
          label={t('tracing.request.partner')}
          value={partnerUserId}
          onChange={(e) => setPartnerUserId(e.currentTarget.value)}
          data={[{ value: '', label: t('tracing.request.choosePartner') }, ...(partners.data?.items ?? []).map((u) => ({ value: u.id, label: u.displayName }))]}
          error={partnerMissing ? <IssueText code="required" /> : issueAt('partnerUserId')}
        />
        <Checkbox.Group
          label={t('tracing.request.fields')}
          description={t('tracing.request.fieldsHelp')}
          value={fields}
          onChange={setFields}
          error={fields.length === 0 ? <IssueText code="required" /> : issueAt('fields')}
        >
          <Stack gap={4} mt={4}>
            {TRACING_FIELDS.map((f) => (
              <Checkbox key={f} value={f} label={fieldLabel(t, f)} />
            ))}
          </Stack>
        </Checkbox.Group>
        <Text size="sm" c="dimmed">
          {t('tracing.request.neverMother')}
        </Text>
        <Group>
          <Button type="submit" loading={create.isPending}>
            {t('tracing.request.share')}
          </Button>
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Tracing requests of a case: share a sought child with a field partner, see what was shared, revoke. */
export function TracingRequestPanel({ caseId, sought }: { caseId: string; sought: Sought[] }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [confirming, setConfirming] = useState<TracingRequest | undefined>();
  const list = useQuery({ queryKey: ['tracing-requests', caseId], queryFn: () => tracingApi.caseRequests(caseId) });
  const revoke = useMutation({
    mutationFn: (id: string) => tracingApi.revokeRequest(id),
    onSuccess: () => {
      setConfirming(undefined);
      void queryClient.invalidateQueries({ queryKey: ['tracing-requests', caseId] });
    },
  });
  const soughtIndex = (id: string) => sought.findIndex((s) => s.id === id);
  return (
    <Card withBorder component="section" aria-labelledby="tracing-requests-title">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4" id="tracing-requests-title">
          {t('tracing.request.title')}
        </Title>
        {!adding && sought.length > 0 && <Button onClick={() => setAdding(true)}>{t('tracing.request.add')}</Button>}
      </Group>
      <Text size="sm" c="dimmed" mb="xs">
        {t('tracing.request.explain')}
      </Text>
      {adding && <ShareForm caseId={caseId} sought={sought} onDone={() => setAdding(false)} />}
      <ErrorAlert error={list.error ?? revoke.error} />
      {list.data && list.data.items.length === 0 && <Text c="dimmed">{t('tracing.request.none')}</Text>}
      <Stack gap="sm" mt="xs">
        {list.data?.items.map((r) => (
          <Card key={r.id} withBorder padding="sm" data-tracing-request={r.id}>
            <Group justify="space-between" align="flex-start">
              <Stack gap={2}>
                <Text fw={500}>
                  {t('tracing.request.sharedWith', { partner: r.partner.displayName })}
                </Text>
                <Text size="xs" c="dimmed">
                  {soughtIndex(r.personId) >= 0 ? t('case.soughtN', { n: soughtIndex(r.personId) + 1 }) : ''} ·{' '}
                  {formatTimestamp(r.createdAt, i18n.language)} · {t('tracing.request.leadCount', { n: r.leadCount })}
                </Text>
              </Stack>
              {r.active ? (
                <Group gap="xs">
                  <Badge color="green" variant="light">
                    {t('tracing.request.active')}
                  </Badge>
                  <Button size="xs" color="red" variant="light" onClick={() => setConfirming(r)}>
                    {t('tracing.request.revoke')}
                  </Button>
                </Group>
              ) : (
                <Badge color="gray" variant="light">
                  {t('tracing.request.revokedAt', { at: formatTimestamp(r.revokedAt ?? '', i18n.language) })}
                </Badge>
              )}
            </Group>
            <Text size="xs" c="dimmed" mt="xs">
              {t('tracing.request.fieldsShared')}: {r.fields.map((f) => fieldLabel(t, f)).join(', ')}
            </Text>
            <TracingRequestShared shared={r.shared} />
          </Card>
        ))}
      </Stack>
      <Modal opened={confirming !== undefined} onClose={() => setConfirming(undefined)} title={t('tracing.request.confirmTitle')}>
        <Stack>
          <Text>{confirming && t('tracing.request.confirmText', { partner: confirming.partner.displayName })}</Text>
          <Group>
            <Button color="red" loading={revoke.isPending} onClick={() => confirming && revoke.mutate(confirming.id)}>
              {t('tracing.request.revoke')}
            </Button>
            <Button variant="default" onClick={() => setConfirming(undefined)}>
              {t('common.cancel')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
