import { Button, Card, Group, Loader, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChildSideConsentInput, PartnerDisclosure } from '@homeward/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/client.ts';
import type { Issue } from '../api/types.ts';
import { DisclosureSteps } from '../components/DisclosureSteps.tsx';
import { focusFirstInvalid } from '../components/form-types.ts';
import { MessageThread } from '../components/MessageThread.tsx';
import { ErrorAlert, IssueText } from '../components/Messages.tsx';
import { PartialDateField } from '../components/PartialDateField.tsx';
import { partnerApi } from '../components/TracingRequestApi.ts';
import { usePartnerPrivacy } from '../components/TracingRequestPrivacy.ts';
import { usePageTitle } from '../components/usePageTitle.ts';
import { emptyDate, toPartialDate, type DateFields } from '../lib/partial-date.ts';

interface ConsentValues {
  givenOn: DateFields;
  childAge: string;
  evidence: string;
}

function ChildSideForm({ id, party }: { id: string; party: 'guardian' | 'child' }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [unplaced, setUnplaced] = useState<Issue[]>([]);
  const form = useForm<ConsentValues>({ mode: 'controlled', initialValues: { givenOn: emptyDate('day'), childAge: '', evidence: '' } });
  const record = useMutation({
    mutationFn: (input: ChildSideConsentInput) => partnerApi.consent(id, input),
    onSuccess: (d) => queryClient.setQueryData(['partner', 'disclosure', id], d),
    onError: (error) => {
      if (error instanceof ApiError && error.issues.length > 0) {
        const placed = error.issues.filter((i) => i.path.startsWith('givenOn.') || ['childAge', 'evidence'].includes(i.path));
        form.setErrors(Object.fromEntries(placed.map((i) => [i.path, <IssueText key={i.path} code={i.code} />])));
        setUnplaced(error.issues.filter((i) => !placed.includes(i)));
        focusFirstInvalid();
      }
    },
  });
  const title = party === 'guardian' ? t('tracing.disclosure.guardianTitle') : t('tracing.disclosure.childTitle');
  const submit = form.onSubmit((v) => {
    setUnplaced([]);
    form.clearErrors();
    const errors: Record<string, string> = {};
    const givenOn = toPartialDate(v.givenOn, 'givenOn', errors);
    if (!givenOn && Object.keys(errors).length === 0) errors['givenOn.year'] = 'required';
    const age = v.childAge.trim();
    if (age !== '' && !/^\d{1,2}$/.test(age)) errors.childAge = 'not_a_number';
    if (Object.keys(errors).length > 0 || !givenOn) {
      form.setErrors(Object.fromEntries(Object.entries(errors).map(([p, c]) => [p, <IssueText key={p} code={c} />])));
      focusFirstInvalid();
      return;
    }
    const input: ChildSideConsentInput = { party, givenOn };
    if (party === 'guardian' && age !== '') input.childAge = Number(age);
    if (v.evidence.trim()) input.evidence = v.evidence.trim();
    record.mutate(input);
  });
  return (
    <form onSubmit={submit} noValidate aria-label={title}>
      <Stack gap="sm">
        <Title order={4} size="h5">
          {title}
        </Title>
        <ErrorAlert error={record.error} unplaced={unplaced} />
        <PartialDateField form={form} path="givenOn" label={t('tracing.disclosure.givenOn')} required />
        {party === 'guardian' && (
          <TextInput label={t('tracing.disclosure.childAge')} description={t('tracing.disclosure.childAgeHelp')} inputMode="numeric" w={200} autoComplete="off" {...form.getInputProps('childAge')} />
        )}
        <TextInput label={t('tracing.disclosure.evidence')} autoComplete="off" {...form.getInputProps('evidence')} />
        <Group>
          <Button type="submit" loading={record.isPending}>
            {party === 'guardian' ? t('tracing.disclosure.recordGuardian') : t('tracing.disclosure.recordChild')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Released({ d }: { d: NonNullable<PartnerDisclosure['released']> }) {
  const { t } = useTranslation();
  return (
    <Card withBorder data-testid="released">
      <Title order={4} size="h5" mb="xs">
        {t('tracing.disclosure.motherReleased')}
      </Title>
      {d.names && <Text>{d.names.map((n) => n.text).join(', ')}</Text>}
      {d.birthYear !== undefined && <Text size="sm">{t('tracing.disclosure.birthYear', { year: d.birthYear })}</Text>}
      {d.statement && <Text className="pre-wrap">{d.statement}</Text>}
      {!d.names && d.birthYear === undefined && !d.statement && <Text c="dimmed">{t('tracing.disclosure.nothingReleased')}</Text>}
    </Card>
  );
}

/** A confirmed match, the partner's side: the guardian's consent and the child's assent, then what the mother agreed to share, then messages. */
export function PartnerDisclosureScene() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  usePartnerPrivacy();
  usePageTitle(t('tracing.disclosure.partnerTitle'));
  const queryClient = useQueryClient();
  const d = useQuery({ queryKey: ['partner', 'disclosure', id], queryFn: () => partnerApi.disclosure(id), gcTime: 0 });
  const withdraw = useMutation({
    mutationFn: (party: 'guardian' | 'child') => partnerApi.withdraw(id, party),
    onSuccess: (next) => queryClient.setQueryData(['partner', 'disclosure', id], next),
  });
  if (d.isPending) return <Loader aria-label={t('common.loading')} />;
  if (d.isError) return <ErrorAlert error={d.error} />;
  const s = d.data;
  return (
    <Stack>
      <Title order={2}>{t('tracing.disclosure.partnerTitle')}</Title>
      <Text size="sm" c="dimmed">
        {t('tracing.disclosure.explainPartner')}
      </Text>
      <Card withBorder>
        <DisclosureSteps state={s} />
        <ErrorAlert error={withdraw.error} />
        <Group mt="xs">
          {s.guardian && (
            <Button size="xs" color="red" variant="light" loading={withdraw.isPending} onClick={() => withdraw.mutate('guardian')}>
              {t('tracing.disclosure.withdrawGuardian')}
            </Button>
          )}
          {s.child && (
            <Button size="xs" color="red" variant="light" loading={withdraw.isPending} onClick={() => withdraw.mutate('child')}>
              {t('tracing.disclosure.withdrawChild')}
            </Button>
          )}
        </Group>
      </Card>
      {!s.guardian && <ChildSideForm id={id} party="guardian" />}
      {s.guardian && s.childAssentRequired && !s.child && <ChildSideForm id={id} party="child" />}
      {s.released && <Released d={s.released} />}
      {s.complete && <MessageThread candidateId={id} side="partner" />}
      <Group>
        <Button component={Link} to="/partner" variant="default">
          {t('tracing.partner.back')}
        </Button>
      </Group>
    </Stack>
  );
}
