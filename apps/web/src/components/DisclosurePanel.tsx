import { Anchor, Button, Card, Checkbox, Group, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CaseworkerDisclosure, MotherConsentInput } from '@homeward/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../api/client.ts';
import type { Issue } from '../api/types.ts';
import { formatPartialDate } from '../lib/format.ts';
import { emptyDate, toPartialDate, type DateFields } from '../lib/partial-date.ts';
import { DisclosureSteps } from './DisclosureSteps.tsx';
import { focusFirstInvalid } from './form-types.ts';
import { MessageThread } from './MessageThread.tsx';
import { ErrorAlert, IssueText } from './Messages.tsx';
import { PartialDateField } from './PartialDateField.tsx';
import { PlaceSummary } from './PlaceField.tsx';
import { tracingApi } from './TracingRequestApi.ts';

interface MotherValues {
  givenOn: DateFields;
  disclose: string[];
  statement: string;
  evidence: string;
}

function MotherConsentForm({ caseId, candidateId }: { caseId: string; candidateId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [unplaced, setUnplaced] = useState<Issue[]>([]);
  const form = useForm<MotherValues>({ mode: 'controlled', initialValues: { givenOn: emptyDate('day'), disclose: [], statement: '', evidence: '' } });
  const record = useMutation({
    mutationFn: (input: MotherConsentInput) => tracingApi.motherConsent(candidateId, input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['disclosures', caseId] }),
    onError: (error) => {
      if (error instanceof ApiError && error.issues.length > 0) {
        const placed = error.issues.filter((i) => i.path.startsWith('givenOn.') || ['statement', 'evidence', 'disclose'].includes(i.path));
        form.setErrors(Object.fromEntries(placed.map((i) => [i.path, <IssueText key={i.path} code={i.code} />])));
        setUnplaced(error.issues.filter((i) => !placed.includes(i)));
        focusFirstInvalid();
      }
    },
  });
  const submit = form.onSubmit((v) => {
    setUnplaced([]);
    form.clearErrors();
    const errors: Record<string, string> = {};
    const givenOn = toPartialDate(v.givenOn, 'givenOn', errors);
    if (!givenOn && Object.keys(errors).length === 0) errors['givenOn.year'] = 'required';
    if (Object.keys(errors).length > 0 || !givenOn) {
      form.setErrors(Object.fromEntries(Object.entries(errors).map(([p, c]) => [p, <IssueText key={p} code={c} />])));
      focusFirstInvalid();
      return;
    }
    const input: MotherConsentInput = { givenOn, disclose: v.disclose as MotherConsentInput['disclose'] };
    if (v.statement.trim()) input.statement = v.statement.trim();
    if (v.evidence.trim()) input.evidence = v.evidence.trim();
    record.mutate(input);
  });
  return (
    <form onSubmit={submit} noValidate aria-label={t('tracing.disclosure.motherTitle')}>
      <Stack gap="sm">
        <Title order={4} size="h5">
          {t('tracing.disclosure.motherTitle')}
        </Title>
        <ErrorAlert error={record.error} unplaced={unplaced} />
        <PartialDateField form={form} path="givenOn" label={t('tracing.disclosure.givenOn')} required />
        <Checkbox.Group label={t('tracing.disclosure.disclose')} description={t('tracing.disclosure.discloseHelp')} {...form.getInputProps('disclose')}>
          <Stack gap={4} mt={4}>
            <Checkbox value="names" label={t('tracing.disclosure.discloseNames')} />
            <Checkbox value="birthYear" label={t('tracing.disclosure.discloseBirthYear')} />
          </Stack>
        </Checkbox.Group>
        <Textarea label={t('tracing.disclosure.statement')} autosize minRows={2} {...form.getInputProps('statement')} />
        <TextInput label={t('tracing.disclosure.evidence')} autoComplete="off" {...form.getInputProps('evidence')} />
        <Group>
          <Button type="submit" loading={record.isPending}>
            {t('tracing.disclosure.recordMother')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Released({ d }: { d: NonNullable<CaseworkerDisclosure['released']> }) {
  const { t, i18n } = useTranslation();
  return (
    <Stack gap={4} data-testid="released">
      <Title order={4} size="h5">
        {t('tracing.disclosure.releasedTitle')}
      </Title>
      <Text>{d.names.map((n) => n.text).join(', ')}</Text>
      {d.approxAge && <Text size="sm">{t('tracing.disclosure.ageAt', { age: d.approxAge.age, year: d.approxAge.atYear })}</Text>}
      {d.birth && <Text size="sm">{formatPartialDate(t, d.birth)}</Text>}
      {d.place && <Text>{d.place}</Text>}
      {d.placeResolved && <PlaceSummary place={d.placeResolved} t={t} language={i18n.language} />}
      {d.notes && <Text className="pre-wrap">{d.notes}</Text>}
    </Stack>
  );
}

/** Confirmed matches of a case whose lead came from a field partner: consent steps, what was released, messages. */
export function DisclosurePanel({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['disclosures', caseId], queryFn: () => tracingApi.caseDisclosures(caseId) });
  const withdraw = useMutation({
    mutationFn: (candidateId: string) => tracingApi.withdrawMother(candidateId),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['disclosures', caseId] }),
  });
  return (
    <Card withBorder component="section" aria-labelledby="disclosure-title">
      <Title order={3} size="h4" id="disclosure-title" mb="xs">
        {t('tracing.disclosure.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        {t('tracing.disclosure.explain')}
      </Text>
      <ErrorAlert error={list.error ?? withdraw.error} />
      {list.data && list.data.items.length === 0 && <Text c="dimmed">{t('tracing.disclosure.none')}</Text>}
      <Stack gap="sm">
        {list.data?.items.map((d) => (
          <Card key={d.candidateId} withBorder padding="sm" data-disclosure={d.candidateId}>
            <Stack gap="sm">
              <Anchor component={Link} to={`/matches/${encodeURIComponent(d.candidateId)}`} size="sm">
                {t('tracing.disclosure.openMatch')}
              </Anchor>
              <DisclosureSteps state={d} />
              {!d.mother && d.confirmed && <MotherConsentForm caseId={caseId} candidateId={d.candidateId} />}
              {d.mother && (
                <Group>
                  <Button size="xs" color="red" variant="light" loading={withdraw.isPending} onClick={() => withdraw.mutate(d.candidateId)}>
                    {t('tracing.disclosure.withdrawMother')}
                  </Button>
                </Group>
              )}
              {d.released && <Released d={d.released} />}
              {d.complete && <MessageThread candidateId={d.candidateId} side="caseworker" />}
            </Stack>
          </Card>
        ))}
      </Stack>
    </Card>
  );
}
