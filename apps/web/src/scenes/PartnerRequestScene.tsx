import { Alert, Button, Card, Fieldset, Group, Loader, NativeSelect, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PartnerLeadInput, PartnerLeadReceipt } from '@homeward/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/client.ts';
import { SEXES, type Issue } from '../api/types.ts';
import { focusFirstInvalid } from '../components/form-types.ts';
import { ErrorAlert, GroupError, IssueText } from '../components/Messages.tsx';
import { NamesEditor } from '../components/NamesEditor.tsx';
import { PartialDateField } from '../components/PartialDateField.tsx';
import { PlaceField } from '../components/PlaceField.tsx';
import { newIdempotencyKey, partnerApi } from '../components/TracingRequestApi.ts';
import { usePartnerPrivacy } from '../components/TracingRequestPrivacy.ts';
import { TracingRequestShared } from '../components/TracingRequestShared.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { emptyLead, toLeadInput, type LeadFormValues } from '../lib/case-form.ts';
import { splitIssues } from '../lib/errors.ts';

/** The lead form's values minus what a partner does not fill in (source, reliability, date received, case). */
function toPartnerLead(values: LeadFormValues, key: string): { input: PartnerLeadInput; errors: Record<string, string> } {
  const { input, errors } = toLeadInput(values);
  const out: PartnerLeadInput = { names: input.names, idempotencyKey: key };
  if (input.approxAge) out.approxAge = input.approxAge;
  if (input.birth) out.birth = input.birth;
  if (input.sex) out.sex = input.sex;
  if (input.place) out.place = input.place;
  if (input.placeCode) out.placeCode = input.placeCode;
  if (input.notes) out.notes = input.notes;
  return { input: out, errors };
}

function LeadForm({ requestId, onDone }: { requestId: string; onDone: (r: PartnerLeadReceipt) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  // One key per opening of the form: a retry after a timeout is stored once.
  const [key] = useState(newIdempotencyKey);
  const [unplaced, setUnplaced] = useState<Issue[]>([]);
  const form = useForm<LeadFormValues>({ mode: 'controlled', initialValues: emptyLead() });
  const submit = useMutation({
    mutationFn: (input: PartnerLeadInput) => partnerApi.submitLead(requestId, input),
    onSuccess: (receipt) => {
      void queryClient.invalidateQueries({ queryKey: ['partner'] });
      onDone(receipt);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.issues.length > 0) {
        const { placed, unplaced: rest } = splitIssues(error.issues, form.getValues());
        form.setErrors(Object.fromEntries(placed.map((i) => [i.path, <IssueText key={i.path} code={i.code} />])));
        setUnplaced(rest);
        focusFirstInvalid();
      }
    },
  });
  const onSubmit = form.onSubmit((values) => {
    setUnplaced([]);
    form.clearErrors();
    const { input, errors } = toPartnerLead(values, key);
    if (Object.keys(errors).length > 0) {
      form.setErrors(Object.fromEntries(Object.entries(errors).map(([p, c]) => [p, <IssueText key={p} code={c} />])));
      focusFirstInvalid();
      return;
    }
    submit.mutate(input);
  });
  return (
    <form onSubmit={onSubmit} noValidate aria-label={t('tracing.lead.title')}>
      <Stack gap="sm">
        <ErrorAlert error={submit.error} unplaced={unplaced} />
        {submit.error instanceof ApiError && submit.error.code === 'NETWORK' && <Text size="sm">{t('tracing.lead.retry')}</Text>}
        <Fieldset legend={t('tracing.lead.person')}>
          <Stack gap="sm">
            <NamesEditor form={form} base="" />
            <div role="group" aria-labelledby="partner-age-label">
              <Text id="partner-age-label" size="sm" fw={500}>
                {t('lead.approxAge')}
              </Text>
              <Group gap="xs" align="flex-start">
                <TextInput label={t('date.age')} inputMode="numeric" w={96} autoComplete="off" {...form.getInputProps('approxAge.age')} />
                <TextInput label={t('date.atYear')} inputMode="numeric" w={96} autoComplete="off" {...form.getInputProps('approxAge.atYear')} />
              </Group>
              <GroupError error={form.errors['approxAge']} />
            </div>
            <PartialDateField form={form} path="birth" label={t('person.birth')} />
            <NativeSelect
              label={t('person.sex')}
              data={[{ value: '', label: t('common.unspecified') }, ...SEXES.map((s) => ({ value: s, label: t(`sex.${s}`) }))]}
              {...form.getInputProps('sex')}
            />
            <PlaceField form={form} path="place" label={t('tracing.lead.place')} />
            <Textarea label={t('tracing.lead.notes')} description={t('tracing.lead.notesHelp')} autosize minRows={2} {...form.getInputProps('notes')} />
          </Stack>
        </Fieldset>
        <Group>
          <Button type="submit" loading={submit.isPending}>
            {t('tracing.lead.submit')}
          </Button>
          <Button component={Link} to="/partner" variant="default">
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** One request shared with the partner: the shared fields only, and a lead form (phone first). */
export function PartnerRequestScene() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  usePartnerPrivacy();
  usePageTitle(t('tracing.partner.requestTitle'));
  const [receipt, setReceipt] = useState<PartnerLeadReceipt | undefined>();
  const [round, setRound] = useState(0);
  const request = useQuery({ queryKey: ['partner', 'request', id], queryFn: () => partnerApi.request(id), gcTime: 0 });
  if (request.isPending) return <Loader aria-label={t('common.loading')} />;
  if (request.isError) return <ErrorAlert error={request.error} />;
  return (
    <Stack>
      <Title order={2}>{t('tracing.partner.requestTitle')}</Title>
      <Card withBorder component="section" aria-label={t('tracing.partner.sharedTitle')}>
        <Title order={3} size="h5" mb="xs">
          {t('tracing.partner.sharedTitle')}
        </Title>
        <TracingRequestShared shared={request.data.shared} />
      </Card>
      {receipt ? (
        <Alert color="green" role="status" title={t('tracing.lead.received')}>
          <Stack gap="xs">
            <Text size="sm">{t('tracing.lead.receivedText')}</Text>
            <Group>
              <Button
                onClick={() => {
                  setReceipt(undefined);
                  setRound((n) => n + 1);
                }}
              >
                {t('tracing.lead.another')}
              </Button>
              <Button component={Link} to="/partner" variant="default">
                {t('tracing.partner.back')}
              </Button>
            </Group>
          </Stack>
        </Alert>
      ) : (
        <LeadForm key={round} requestId={id} onDone={setReceipt} />
      )}
    </Stack>
  );
}
