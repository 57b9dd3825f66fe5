import { Alert, Button, Card, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import type { BreakGlassInput, BreakGlassResult } from '@homeward/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, apiRequest } from '../api/client.ts';
import { focusFirstInvalid } from './form-types.ts';
import { ErrorAlert, IssueText } from './Messages.tsx';
import { ReauthForm } from './BreakGlassReauth.tsx';
import { usePageTitle } from './usePageTitle.ts';

/**
 * Break-glass (emergency access to a case that is not yours): the case
 * reference and a written reason, after confirming password and code again.
 * The access lasts a limited time, is shown on the case and is audited.
 */
export function BreakGlassRequest() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  usePageTitle(t('access.breakGlass.title'));
  const [needReauth, setNeedReauth] = useState(false);
  const form = useForm<BreakGlassInput>({ mode: 'controlled', initialValues: { reference: '', reason: '' } });
  const open = useMutation({
    mutationFn: (input: BreakGlassInput) => apiRequest<BreakGlassResult>('POST', '/api/break-glass', input),
    onSuccess: (r) => void navigate(`/cases/${encodeURIComponent(r.caseId)}`),
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'REAUTH_REQUIRED') setNeedReauth(true);
      if (error instanceof ApiError && error.issues.length > 0) {
        form.setErrors(Object.fromEntries(error.issues.map((i) => [i.path, <IssueText key={i.path} code={i.code} />])));
        focusFirstInvalid();
      }
    },
  });
  const submit = form.onSubmit((values) => {
    form.clearErrors();
    const errors: Record<string, string> = {};
    if (!/^HW-\d{4}-\d{4,}$/.test(values.reference.trim())) errors.reference = 'invalid_format';
    if (values.reason.trim().length < 20) errors.reason = 'too_small';
    if (Object.keys(errors).length > 0) {
      form.setErrors(Object.fromEntries(Object.entries(errors).map(([p, c]) => [p, <IssueText key={p} code={c} />])));
      focusFirstInvalid();
      return;
    }
    open.mutate({ reference: values.reference.trim(), reason: values.reason.trim() });
  });
  return (
    <Stack maw={640}>
      <Title order={2}>{t('access.breakGlass.title')}</Title>
      <Alert color="orange" title={t('access.breakGlass.warningTitle')}>
        {t('access.breakGlass.warning')}
      </Alert>
      {needReauth ? (
        <Card withBorder>
          <ReauthForm
            onDone={() => {
              setNeedReauth(false);
              open.mutate({ reference: form.getValues().reference.trim(), reason: form.getValues().reason.trim() });
            }}
          />
        </Card>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            {!(open.error instanceof ApiError && (open.error.code === 'REAUTH_REQUIRED' || open.error.issues.length > 0)) && <ErrorAlert error={open.error} />}
            <TextInput label={t('access.breakGlass.reference')} description={t('access.breakGlass.referenceHint')} autoComplete="off" {...form.getInputProps('reference')} />
            <Textarea label={t('access.breakGlass.reason')} description={t('access.breakGlass.reasonHint')} autosize minRows={3} {...form.getInputProps('reason')} />
            <Text size="sm" c="dimmed">
              {t('access.breakGlass.limits')}
            </Text>
            <Button type="submit" color="red" loading={open.isPending}>
              {t('access.breakGlass.open')}
            </Button>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
