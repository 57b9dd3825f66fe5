import { Badge, Button, Card, Group, Modal, NativeSelect, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ConsentGrantInput, ConsentPurpose, ConsentRecord } from '@homeward/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError, apiRequest, api } from '../api/client.ts';
import type { Issue } from '../api/types.ts';
import { formatPartialDate, formatTimestamp } from '../lib/format.ts';
import { emptyDate, toPartialDate, type DateFields } from '../lib/partial-date.ts';
import { focusFirstInvalid } from './form-types.ts';
import { ErrorAlert, IssueText } from './Messages.tsx';
import { PartialDateField } from './PartialDateField.tsx';

/** The purposes in the order a caseworker meets them; "publication" is last and never preselected. */
export const PURPOSES: readonly ConsentPurpose[] = ['tracing', 'partner_sharing', 'un_sharing', 'government_sharing', 'publication'];

/** Purpose labels, spelt out so the catalogue test sees every key. */
export function purposeLabel(t: TFunction, purpose: ConsentPurpose): string {
  const labels: Record<ConsentPurpose, string> = {
    tracing: t('access.purpose.tracing'),
    partner_sharing: t('access.purpose.partner_sharing'),
    un_sharing: t('access.purpose.un_sharing'),
    government_sharing: t('access.purpose.government_sharing'),
    publication: t('access.purpose.publication'),
  };
  return labels[purpose];
}

const enc = encodeURIComponent;
export const consentApi = {
  list: (caseId: string) => apiRequest<{ items: ConsentRecord[] }>('GET', `/api/cases/${enc(caseId)}/consents`),
  grant: (caseId: string, input: ConsentGrantInput) => apiRequest<ConsentRecord>('POST', `/api/cases/${enc(caseId)}/consents`, input),
  withdraw: (consentId: string) => apiRequest<ConsentRecord>('POST', `/api/consents/${enc(consentId)}/withdraw`),
};

interface GrantValues {
  purpose: ConsentPurpose;
  recipient: string;
  recipientUserId: string;
  givenOn: DateFields;
  scope: string;
  evidence: string;
}

const emptyGrant = (): GrantValues => ({ purpose: 'tracing', recipient: '', recipientUserId: '', givenOn: emptyDate('day'), scope: '', evidence: '' });

/** Form values to the API body; client-side problems (date not a number, partner not chosen) by field path. */
function toGrant(v: GrantValues): { input: ConsentGrantInput; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const givenOn = toPartialDate(v.givenOn, 'givenOn', errors);
  if (!givenOn && Object.keys(errors).length === 0) errors['givenOn.year'] = 'required';
  const input: ConsentGrantInput = { purpose: v.purpose, givenOn: givenOn ?? {} };
  if ((v.purpose === 'un_sharing' || v.purpose === 'government_sharing') && v.recipient.trim()) input.recipient = v.recipient.trim();
  if (v.purpose === 'partner_sharing') {
    if (v.recipientUserId) input.recipientUserId = v.recipientUserId;
    else errors.recipientUserId = 'required';
  }
  if (v.scope.trim()) input.scope = v.scope.trim();
  if (v.evidence.trim()) input.evidence = v.evidence.trim();
  return { input, errors };
}

function GrantForm({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [unplaced, setUnplaced] = useState<Issue[]>([]);
  const form = useForm<GrantValues>({ mode: 'controlled', initialValues: emptyGrant() });
  const users = useQuery({ queryKey: ['users'], queryFn: () => api.users() });
  const partners = (users.data?.items ?? []).filter((u) => u.role === 'field_partner');
  const grant = useMutation({
    mutationFn: (input: ConsentGrantInput) => consentApi.grant(caseId, input),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['consents', caseId] });
      form.reset();
      onDone();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.issues.length > 0) {
        const known = new Set(['purpose', 'recipient', 'recipientUserId', 'scope', 'evidence']);
        const placed = error.issues.filter((i) => known.has(i.path) || i.path.startsWith('givenOn.'));
        form.setErrors(Object.fromEntries(placed.map((i) => [i.path, <IssueText key={i.path} code={i.code} />])));
        setUnplaced(error.issues.filter((i) => !placed.includes(i)));
        focusFirstInvalid();
      }
    },
  });
  const submit = form.onSubmit((values) => {
    setUnplaced([]);
    form.clearErrors();
    const { input, errors } = toGrant(values);
    if (Object.keys(errors).length > 0) {
      form.setErrors(Object.fromEntries(Object.entries(errors).map(([p, c]) => [p, <IssueText key={p} code={c} />])));
      focusFirstInvalid();
      return;
    }
    grant.mutate(input);
  });
  const purpose = form.getValues().purpose;
  return (
    <form onSubmit={submit} noValidate aria-label={t('access.consent.grantTitle')}>
      <Stack gap="sm">
        <ErrorAlert error={grant.error} unplaced={unplaced} />
        <NativeSelect
          label={t('access.consent.purpose')}
          data={PURPOSES.map((p) => ({ value: p, label: purposeLabel(t, p) }))}
          {...form.getInputProps('purpose')}
        />
        {(purpose === 'un_sharing' || purpose === 'government_sharing') && (
          <TextInput label={t('access.consent.recipient')} description={t('access.consent.recipientHint')} autoComplete="off" {...form.getInputProps('recipient')} />
        )}
        {purpose === 'partner_sharing' && (
          <NativeSelect
            label={t('access.consent.partner')}
            data={[{ value: '', label: t('access.consent.choosePartner') }, ...partners.map((u) => ({ value: u.id, label: u.displayName }))]}
            {...form.getInputProps('recipientUserId')}
          />
        )}
        <PartialDateField form={form} path="givenOn" label={t('access.consent.givenOn')} required />
        <Textarea label={t('access.consent.scope')} autosize minRows={2} {...form.getInputProps('scope')} />
        <TextInput label={t('access.consent.evidence')} description={t('access.consent.evidenceHint')} autoComplete="off" {...form.getInputProps('evidence')} />
        <Group>
          <Button type="submit" loading={grant.isPending}>
            {t('access.consent.save')}
          </Button>
          <Button variant="default" onClick={onDone}>
            {t('access.common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Consent per purpose on the case page: record a grant, withdraw one with a click and a confirmation. */
export function ConsentPanel({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [confirming, setConfirming] = useState<ConsentRecord | undefined>();
  const list = useQuery({ queryKey: ['consents', caseId], queryFn: () => consentApi.list(caseId) });
  const withdraw = useMutation({
    mutationFn: (id: string) => consentApi.withdraw(id),
    onSuccess: () => {
      setConfirming(undefined);
      void queryClient.invalidateQueries({ queryKey: ['consents', caseId] });
    },
  });
  const recipientOf = (c: ConsentRecord) => c.recipientUser?.displayName ?? c.recipient ?? t('access.consent.anyRecipient');
  return (
    <Card withBorder component="section" aria-labelledby="consent-title">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4" id="consent-title">
          {t('access.consent.title')}
        </Title>
        {!adding && <Button onClick={() => setAdding(true)}>{t('access.consent.add')}</Button>}
      </Group>
      <Text size="sm" c="dimmed" mb="xs">
        {t('access.consent.explain')}
      </Text>
      {adding && <GrantForm caseId={caseId} onDone={() => setAdding(false)} />}
      <ErrorAlert error={list.error ?? withdraw.error} />
      {list.data && list.data.items.length === 0 && <Text c="dimmed">{t('access.consent.none')}</Text>}
      {list.data && list.data.items.length > 0 && (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('access.consent.purpose')}</Table.Th>
              <Table.Th>{t('access.consent.recipient')}</Table.Th>
              <Table.Th>{t('access.consent.givenOn')}</Table.Th>
              <Table.Th>{t('access.consent.evidence')}</Table.Th>
              <Table.Th>{t('access.consent.state')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.items.map((c) => (
              <Table.Tr key={c.id} data-consent={c.purpose}>
                <Table.Td>{purposeLabel(t, c.purpose)}</Table.Td>
                <Table.Td>{recipientOf(c)}</Table.Td>
                <Table.Td>{formatPartialDate(t, c.givenOn)}</Table.Td>
                <Table.Td>{c.evidence ?? t('common.none')}</Table.Td>
                <Table.Td>
                  {c.active ? (
                    <Badge color="green" variant="light">
                      {t('access.consent.active')}
                    </Badge>
                  ) : (
                    <Badge color="gray" variant="light">
                      {t('access.consent.withdrawnAt', { at: formatTimestamp(c.withdrawnAt ?? '', i18n.language) })}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  {c.active && (
                    <Button size="xs" color="red" variant="light" onClick={() => setConfirming(c)}>
                      {t('access.consent.withdraw')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Modal opened={confirming !== undefined} onClose={() => setConfirming(undefined)} title={t('access.consent.confirmTitle')}>
        <Stack>
          <Text>{confirming && t('access.consent.confirmText', { purpose: purposeLabel(t, confirming.purpose) })}</Text>
          <Group>
            <Button color="red" loading={withdraw.isPending} onClick={() => confirming && withdraw.mutate(confirming.id)}>
              {t('access.consent.confirmWithdraw')}
            </Button>
            <Button variant="default" onClick={() => setConfirming(undefined)}>
              {t('access.common.cancel')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
