import { Alert, Button, Code, Loader, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, api } from '../api/client.ts';
import type { Issue, SetupEnrolment } from '../api/types.ts';
import { splitIssues } from '../lib/errors.ts';
import { ErrorAlert, IssueText } from '../components/Messages.tsx';
import { PublicFrame } from '../components/PublicFrame.tsx';
import { QrCanvas } from '../components/QrCanvas.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';

/** The one-time token travels in the URL fragment, so it never reaches a server log. */
function readToken(): string {
  return decodeURIComponent(window.location.hash.replace(/^#/, '')).trim();
}

function issuesToErrors(issues: Issue[]): Record<string, ReactNode> {
  return Object.fromEntries(issues.map((i) => [i.path, <IssueText key={i.path} code={i.code} />]));
}

/** First run: the organisation, its first administrator, and TOTP enrolment. */
export function SetupScene() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  usePageTitle(t('setup.title'));
  const [token] = useState(readToken);
  const [enrolment, setEnrolment] = useState<SetupEnrolment | null>(null);
  const [done, setDone] = useState(false);
  const [unplaced, setUnplaced] = useState<Issue[]>([]);

  useEffect(() => {
    // Drop the token from the address bar and history once it is in memory.
    if (window.location.hash) window.history.replaceState(null, '', window.location.pathname);
  }, []);

  const status = useQuery({ queryKey: ['setup'], queryFn: api.setupStatus, retry: false });

  const account = useForm({
    mode: 'controlled',
    initialValues: { organisationName: '', displayName: '', email: '', password: '', confirmPassword: '' },
    validate: {
      organisationName: (v) => (v.trim() ? null : <IssueText code="required" />),
      displayName: (v) => (v.trim() ? null : <IssueText code="required" />),
      email: (v) => (v.trim() ? null : <IssueText code="required" />),
      password: (v) => (v ? null : <IssueText code="required" />),
      confirmPassword: (v, values) => (v === values.password ? null : <IssueText code="password_mismatch" />),
    },
  });
  const start = useMutation({
    mutationFn: (v: typeof account.values) =>
      api.setupStart({
        token,
        organisationName: v.organisationName.trim(),
        displayName: v.displayName.trim(),
        email: v.email.trim(),
        password: v.password,
      }),
    onSuccess: (result) => setEnrolment(result),
    onError: (error) => {
      const { placed, unplaced } = splitIssues(error instanceof ApiError ? error.issues : [], account.getValues());
      account.setErrors(issuesToErrors(placed));
      setUnplaced(unplaced);
    },
  });

  const confirm = useForm({
    mode: 'controlled',
    initialValues: { totpCode: '' },
    validate: { totpCode: (v) => (/^\d{6}$/.test(v.trim()) ? null : <IssueText code="totp_format" />) },
  });
  const finish = useMutation({
    mutationFn: (code: string) => api.setupFinish(token, code),
    onSuccess: () => setDone(true),
  });

  if (status.isPending) {
    return (
      <PublicFrame title={t('setup.title')}>
        <Loader aria-label={t('common.loading')} />
      </PublicFrame>
    );
  }
  if (status.data && !status.data.needed && !done) {
    return (
      <PublicFrame title={t('setup.title')}>
        <Stack>
          <Text>{t('errors.SETUP_ALREADY_DONE')}</Text>
          <Button onClick={() => void navigate('/login')}>{t('setup.goToLogin')}</Button>
        </Stack>
      </PublicFrame>
    );
  }
  if (!token && !done) {
    return (
      <PublicFrame title={t('setup.title')}>
        <Alert color="yellow" role="alert">
          {t('setup.noToken')}
        </Alert>
      </PublicFrame>
    );
  }

  if (done) {
    return (
      <PublicFrame title={t('setup.doneTitle')}>
        <Stack>
          <Text>{t('setup.doneText')}</Text>
          <Button onClick={() => void navigate('/login')}>{t('setup.goToLogin')}</Button>
        </Stack>
      </PublicFrame>
    );
  }

  if (enrolment) {
    return (
      <PublicFrame title={t('setup.totpTitle')}>
        <form onSubmit={confirm.onSubmit((v) => finish.mutate(v.totpCode.trim()))} noValidate>
          <Stack>
            <Text>{t('setup.totpText')}</Text>
            <QrCanvas value={enrolment.otpauthUri} label={t('setup.qrLabel')} />
            <div>
              <Text size="sm" fw={500} id="totp-secret-label">
                {t('setup.secret')}
              </Text>
              <Code block aria-labelledby="totp-secret-label" data-testid="totp-secret">
                {enrolment.totpSecret}
              </Code>
            </div>
            <TextInput
              label={t('auth.totpCode')}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              required
              {...confirm.getInputProps('totpCode')}
            />
            <ErrorAlert error={finish.error} />
            <Button type="submit" loading={finish.isPending}>
              {t('setup.finish')}
            </Button>
          </Stack>
        </form>
      </PublicFrame>
    );
  }

  return (
    <PublicFrame title={t('setup.title')}>
      <form onSubmit={account.onSubmit((v) => start.mutate(v))} noValidate>
        <Stack>
          <Text size="sm">{t('setup.intro')}</Text>
          <TextInput label={t('setup.organisationName')} required {...account.getInputProps('organisationName')} />
          <TextInput
            label={t('setup.displayName')}
            required
            autoComplete="name"
            {...account.getInputProps('displayName')}
          />
          <TextInput
            label={t('auth.email')}
            type="email"
            required
            autoComplete="username"
            {...account.getInputProps('email')}
          />
          <PasswordInput
            label={t('auth.password')}
            description={t('setup.passwordHelp')}
            required
            autoComplete="new-password"
            visibilityToggleButtonProps={{ 'aria-label': t('auth.showPassword') }}
            {...account.getInputProps('password')}
          />
          <PasswordInput
            label={t('setup.confirmPassword')}
            required
            autoComplete="new-password"
            visibilityToggleButtonProps={{ 'aria-label': t('auth.showPassword') }}
            {...account.getInputProps('confirmPassword')}
          />
          <ErrorAlert error={start.error} unplaced={unplaced} />
          <Button type="submit" loading={start.isPending}>
            {t('setup.continue')}
          </Button>
        </Stack>
      </form>
    </PublicFrame>
  );
}
