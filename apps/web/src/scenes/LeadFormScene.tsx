import { Alert, Button, Fieldset, Group, Loader, NativeSelect, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ApiError, api } from '../api/client.ts';
import { RELIABILITIES, SEXES, type Issue, type Lead } from '../api/types.ts';
import { AttachmentPanel } from '../components/AttachmentPanel.tsx';
import { ErrorAlert, GroupError, IssueText } from '../components/Messages.tsx';
import { focusFirstInvalid } from '../components/form-types.ts';
import { NamesEditor } from '../components/NamesEditor.tsx';
import { PartialDateField } from '../components/PartialDateField.tsx';
import { PlaceField } from '../components/PlaceField.tsx';
import { emptyLead, fromLead, toLeadInput, type LeadFormValues } from '../lib/case-form.ts';
import { splitIssues } from '../lib/errors.ts';
import { usePageTitle } from '../components/usePageTitle.ts';

/** New lead (/leads/new) or edit (/leads/:id). */
export function LeadFormScene() {
  const { id } = useParams();
  const { t } = useTranslation();
  const existing = useQuery({ queryKey: ['lead', id], queryFn: () => api.getLead(id ?? ''), enabled: Boolean(id) });
  if (!id) return <LeadForm key="new" existing={undefined} />;
  if (existing.isError) return <ErrorAlert error={existing.error} />;
  // Edit only what the server holds now, not a cached copy: a stale start means a refused save.
  if (!existing.isFetchedAfterMount || !existing.data) return <Loader aria-label={t('common.loading')} />;
  return <LeadForm key={id} existing={existing.data} />;
}

function LeadForm({ existing }: { existing: Lead | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  usePageTitle(existing ? t('leadForm.editTitle') : t('leadForm.newTitle'));
  const [unplaced, setUnplaced] = useState<Issue[]>([]);
  const form = useForm<LeadFormValues>({
    mode: 'controlled',
    initialValues: existing ? fromLead(existing) : emptyLead(),
  });
  const cases = useQuery({ queryKey: ['cases', 'all'], queryFn: () => api.listCases() });

  const save = useMutation({
    mutationFn: async (values: LeadFormValues) => {
      const { input } = toLeadInput(values);
      return existing ? api.updateLead(existing.id, { ...input, version: existing.version }) : api.createLead(input);
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['leads'] });
      queryClient.setQueryData(['lead', saved.id], saved);
      void navigate('/leads');
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

  const submit = form.onSubmit((values) => {
    setUnplaced([]);
    form.clearErrors();
    const { errors } = toLeadInput(values);
    if (Object.keys(errors).length > 0) {
      form.setErrors(Object.fromEntries(Object.entries(errors).map(([p, c]) => [p, <IssueText key={p} code={c} />])));
      focusFirstInvalid();
      return;
    }
    save.mutate(values);
  });

  const stale = save.error instanceof ApiError && save.error.code === 'STALE_VERSION';

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Title order={2}>{existing ? t('leadForm.editTitle') : t('leadForm.newTitle')}</Title>
        {stale ? (
          <Alert color="orange" role="alert" title={t('caseForm.staleTitle')}>
            {t('errors.STALE_VERSION')}
          </Alert>
        ) : (
          <ErrorAlert error={save.error} unplaced={unplaced} />
        )}
        <Fieldset legend={t('lead.person')}>
          <Stack gap="sm">
            <NamesEditor form={form} base="" />
            <div role="group" aria-labelledby="approx-age-label">
              <Text id="approx-age-label" size="sm" fw={500}>
                {t('lead.approxAge')}
              </Text>
              <Group gap="xs" align="flex-start">
                <TextInput
                  label={t('date.age')}
                  inputMode="numeric"
                  w={96}
                  {...form.getInputProps('approxAge.age')}
                />
                <TextInput
                  label={t('date.atYear')}
                  inputMode="numeric"
                  w={96}
                  {...form.getInputProps('approxAge.atYear')}
                />
              </Group>
              <GroupError error={form.errors['approxAge']} />
            </div>
            <PartialDateField form={form} path="birth" label={t('person.birth')} />
            <NativeSelect
              label={t('person.sex')}
              data={[
                { value: '', label: t('common.unspecified') },
                ...SEXES.map((s) => ({ value: s, label: t(`sex.${s}`) })),
              ]}
              {...form.getInputProps('sex')}
            />
            <PlaceField form={form} path="place" label={t('lead.place')} />
          </Stack>
        </Fieldset>
        <Fieldset legend={t('lead.provenance')}>
          <Stack gap="sm">
            <TextInput label={t('lead.source')} required {...form.getInputProps('source')} />
            <NativeSelect
              label={t('lead.reliability')}
              data={RELIABILITIES.map((r) => ({ value: r, label: t(`reliability.${r}`) }))}
              {...form.getInputProps('reliability')}
            />
            <PartialDateField form={form} path="receivedOn" label={t('lead.receivedOn')} required />
            <NativeSelect
              label={t('lead.case')}
              data={[
                { value: '', label: t('leads.unlinked') },
                ...(cases.data?.items ?? []).map((c) => ({
                  value: c.id,
                  label: `${c.reference} · ${c.soughtNames.join(', ')}`,
                })),
                ...(existing?.caseId && !cases.data?.items.some((c) => c.id === existing.caseId)
                  ? [{ value: existing.caseId, label: t('leads.linked') }]
                  : []),
              ]}
              {...form.getInputProps('caseId')}
            />
            <Textarea label={t('lead.notes')} autosize minRows={2} {...form.getInputProps('notes')} />
          </Stack>
        </Fieldset>
        {existing && <AttachmentPanel ownerType="lead" ownerId={existing.id} />}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {existing ? t('leadForm.save') : t('leadForm.create')}
          </Button>
          <Button variant="default" onClick={() => void navigate('/leads')}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
