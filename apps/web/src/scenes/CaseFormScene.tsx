import { Alert, Button, Fieldset, Group, Loader, NativeSelect, Stack, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ApiError, api } from '../api/client.ts';
import { CASE_STATUSES, RISK_LEVELS, type CaseDetail, type Issue } from '../api/types.ts';
import { DuplicateWarning, draftsOf } from '../components/DuplicateWarning.tsx';
import { ErrorAlert, GroupError, IssueText } from '../components/Messages.tsx';
import { focusFirstInvalid } from '../components/form-types.ts';
import { PersonFields } from '../components/PersonFields.tsx';
import { StepsTakenFields } from '../components/StepsTakenFields.tsx';
import { emptyCase, emptySought, fromCaseDetail, toCaseInput, type CaseFormValues } from '../lib/case-form.ts';
import { splitIssues } from '../lib/errors.ts';
import { usePageTitle } from '../components/usePageTitle.ts';

/** New case (/cases/new) or edit (/cases/:id/edit), with optimistic concurrency on edit. */
export function CaseFormScene() {
  const { id } = useParams();
  const { t } = useTranslation();
  const existing = useQuery({
    queryKey: ['case', id],
    queryFn: () => api.getCase(id ?? ''),
    enabled: Boolean(id),
  });
  if (!id) return <CaseForm key="new" existing={undefined} />;
  if (existing.isError) return <ErrorAlert error={existing.error} />;
  // Edit only what the server holds now, not a cached copy: a stale start means a refused save.
  if (!existing.isFetchedAfterMount || !existing.data) return <Loader aria-label={t('common.loading')} />;
  return <CaseForm key={id} existing={existing.data} />;
}

function CaseForm({ existing }: { existing: CaseDetail | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  usePageTitle(existing ? t('caseForm.editTitle', { reference: existing.reference }) : t('caseForm.newTitle'));
  const [version, setVersion] = useState(existing?.version);
  const [unplaced, setUnplaced] = useState<Issue[]>([]);
  const form = useForm<CaseFormValues>({
    mode: 'controlled',
    initialValues: existing ? fromCaseDetail(existing) : emptyCase(),
  });
  const users = useQuery({ queryKey: ['users'], queryFn: api.users });

  const save = useMutation({
    mutationFn: async (values: CaseFormValues) => {
      const { input } = toCaseInput(values);
      if (existing) return api.updateCase(existing.id, { ...input, version: version ?? existing.version });
      return api.createCase(input);
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['cases'] });
      queryClient.setQueryData(['case', saved.id], saved);
      void queryClient.invalidateQueries({ queryKey: ['history', saved.id] });
      void navigate(`/cases/${encodeURIComponent(saved.id)}`);
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

  // The latest stored version, fetched only when the user asks after a refused (stale) save.
  const reload = useMutation({
    mutationFn: () => api.getCase(existing?.id ?? ''),
    onSuccess: (latest) => {
      queryClient.setQueryData(['case', latest.id], latest);
      form.setValues(fromCaseDetail(latest));
      form.resetDirty();
      form.clearErrors();
      setVersion(latest.version);
      save.reset();
    },
  });

  useEffect(() => {
    if (save.error instanceof ApiError && save.error.code === 'STALE_VERSION') window.scrollTo({ top: 0 });
  }, [save.error]);

  const submit = form.onSubmit((values) => {
    setUnplaced([]);
    form.clearErrors();
    const { errors } = toCaseInput(values);
    if (Object.keys(errors).length > 0) {
      form.setErrors(Object.fromEntries(Object.entries(errors).map(([p, c]) => [p, <IssueText key={p} code={c} />])));
      focusFirstInvalid();
      return;
    }
    save.mutate(values);
  });

  const stale = save.error instanceof ApiError && save.error.code === 'STALE_VERSION';
  const sought = form.getValues().sought;

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Title order={2}>{existing ? t('caseForm.editTitle', { reference: existing.reference }) : t('caseForm.newTitle')}</Title>
        {stale ? (
          <Alert color="orange" role="alert" title={t('caseForm.staleTitle')}>
            <Stack gap="xs">
              <span>{t('errors.STALE_VERSION')}</span>
              <span>{t('caseForm.staleHelp')}</span>
              <Group>
                <Button variant="default" size="xs" onClick={() => reload.mutate()} loading={reload.isPending}>
                  {t('caseForm.staleReload')}
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : (
          <ErrorAlert error={save.error} unplaced={unplaced} />
        )}
        <ErrorAlert error={reload.error} />

        <PersonFields form={form} base="applicant" legend={t('case.applicant')} role="applicant" />

        {sought.map((person, index) => (
          <PersonFields
            key={person.key}
            form={form}
            base={`sought.${index}`}
            legend={t('case.soughtN', { n: index + 1 })}
            role="sought"
            actions={
              sought.length > 1 && (
                <Group>
                  <Button variant="subtle" color="red" onClick={() => form.removeListItem('sought', index)}>
                    {t('caseForm.removeSought', { n: index + 1 })}
                  </Button>
                </Group>
              )
            }
          />
        ))}
        <GroupError error={form.errors['sought']} />
        <DuplicateWarning sought={draftsOf(toCaseInput(form.getValues()).input.sought)} excludeCaseId={existing?.id} />
        <Group>
          <Button variant="light" onClick={() => form.insertListItem('sought', emptySought())}>
            {t('caseForm.addSought')}
          </Button>
        </Group>

        <Fieldset legend={t('caseForm.caseSection')}>
          <Stack gap="sm">
            <Group gap="sm" align="flex-start" wrap="wrap">
              <NativeSelect
                label={t('case.status')}
                w={240}
                data={CASE_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
                {...form.getInputProps('status')}
              />
              <NativeSelect
                label={t('case.assignedTo')}
                w={240}
                data={[
                  { value: '', label: t('case.unassigned') },
                  // Only roles that work on case contents can hold a case.
                  ...(users.data?.items ?? [])
                    .filter((u) => u.role === 'administrator' || u.role === 'caseworker')
                    .map((u) => ({ value: u.id, label: u.displayName })),
                  // Keep the current assignee selectable even before the user list arrives.
                  ...(existing?.assignedTo && !users.data?.items.some((u) => u.id === existing.assignedTo?.id)
                    ? [{ value: existing.assignedTo.id, label: existing.assignedTo.displayName }]
                    : []),
                ]}
                {...form.getInputProps('assignedTo')}
              />
              <NativeSelect
                label={t('case.riskLevel')}
                w={240}
                data={RISK_LEVELS.map((r) => ({ value: r, label: t(`risk.${r}`) }))}
                {...form.getInputProps('riskLevel')}
              />
            </Group>
            <Textarea label={t('case.riskNotes')} autosize minRows={2} {...form.getInputProps('riskNotes')} />
            <Textarea label={t('case.notes')} autosize minRows={3} {...form.getInputProps('notes')} />
          </Stack>
        </Fieldset>

        <StepsTakenFields form={form} />

        <Group>
          <Button type="submit" loading={save.isPending}>
            {existing ? t('caseForm.save') : t('caseForm.create')}
          </Button>
          <Button
            variant="default"
            onClick={() => void navigate(existing ? `/cases/${encodeURIComponent(existing.id)}` : '/cases')}
          >
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
