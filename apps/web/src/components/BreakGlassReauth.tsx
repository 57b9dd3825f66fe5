import { Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, apiRequest } from '../api/client.ts';
import { ErrorAlert, IssueText } from './Messages.tsx';

/** Password + a fresh TOTP code again (POST /api/auth/reauth), before break-glass and exports. */
export function ReauthForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const form = useForm({ mode: 'controlled', initialValues: { password: '', totpCode: '' } });
  const reauth = useMutation({
    mutationFn: (v: { password: string; totpCode: string }) => apiRequest<void>('POST', '/api/auth/reauth', v),
    onSuccess: () => {
      form.reset();
      onDone();
    },
    onError: (error) => {
      if (error instanceof ApiError) form.setErrors(Object.fromEntries(error.issues.map((i) => [i.path, <IssueText key={i.path} code={i.code} />])));
    },
  });
  const submit = form.onSubmit((values) => {
    form.clearErrors();
    if (!/^\d{6}$/.test(values.totpCode.trim())) {
      form.setErrors({ totpCode: <IssueText code="totp_format" /> });
      return;
    }
    reauth.mutate({ password: values.password, totpCode: values.totpCode.trim() });
  });
  return (
    <form onSubmit={submit} noValidate aria-label={t('access.reauth.title')}>
      <Stack gap="sm">
        <Text size="sm">{t('access.reauth.explain')}</Text>
        <ErrorAlert error={reauth.error} />
        <PasswordInput label={t('access.reauth.password')} autoComplete="current-password" {...form.getInputProps('password')} />
        <TextInput label={t('access.reauth.code')} inputMode="numeric" autoComplete="one-time-code" maxLength={6} {...form.getInputProps('totpCode')} />
        <Button type="submit" loading={reauth.isPending}>
          {t('access.reauth.confirm')}
        </Button>
      </Stack>
    </form>
  );
}
