import { Button, Divider, PasswordInput, Stack, TextInput } from '@mantine/core';
import { browserSupportsWebAuthn, startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import type { SessionUser } from '@homeward/contracts';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { api, apiRequest } from '../api/client.ts';
import { SESSION_KEY } from '../api/session.ts';
import { ErrorAlert, IssueText } from '../components/Messages.tsx';
import { PublicFrame } from '../components/PublicFrame.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';

/** Where to go after signing in: only our own paths, never another origin. */
function safeReturnPath(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') ? from : '/';
}

export function LoginScene() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  usePageTitle(t('auth.title'));
  const form = useForm({
    mode: 'controlled',
    initialValues: { email: '', password: '', totpCode: '' },
    validate: {
      email: (v) => (v.trim() ? null : <IssueText code="required" />),
      password: (v) => (v ? null : <IssueText code="required" />),
      totpCode: (v) => (/^\d{6}$/.test(v.trim()) ? null : <IssueText code="totp_format" />),
    },
  });
  const login = useMutation({
    mutationFn: (v: typeof form.values) =>
      api.login({ email: v.email.trim(), password: v.password, totpCode: v.totpCode.trim() }),
    onSuccess: ({ user }) => {
      queryClient.setQueryData(SESSION_KEY, user);
      void navigate(safeReturnPath(location.state), { replace: true });
    },
    // After a refusal both secrets are asked again: a TOTP code is single-use anyway.
    onError: () => form.setValues({ password: '', totpCode: '' }),
  });

  // Passkey sign-in (WebAuthn, discoverable credential with user verification): no email, password or code.
  const passkey = useMutation({
    mutationFn: async () => {
      const { challengeId, options } = await apiRequest<{ challengeId: string; options: PublicKeyCredentialRequestOptionsJSON }>('POST', '/api/auth/passkeys/login/options');
      const response = await startAuthentication({ optionsJSON: options });
      return apiRequest<{ user: SessionUser }>('POST', '/api/auth/passkeys/login', { challengeId, response });
    },
    onSuccess: ({ user }) => {
      queryClient.setQueryData(SESSION_KEY, user);
      void navigate(safeReturnPath(location.state), { replace: true });
    },
  });

  return (
    <PublicFrame title={t('auth.title')}>
      <form onSubmit={form.onSubmit((v) => login.mutate(v))} noValidate>
        <Stack>
          <TextInput
            label={t('auth.email')}
            type="email"
            required
            autoComplete="username"
            {...form.getInputProps('email')}
          />
          <PasswordInput
            label={t('auth.password')}
            required
            autoComplete="current-password"
            visibilityToggleButtonProps={{ 'aria-label': t('auth.showPassword') }}
            {...form.getInputProps('password')}
          />
          <TextInput
            label={t('auth.totpCode')}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            required
            {...form.getInputProps('totpCode')}
          />
          <ErrorAlert error={login.error} />
          <Button type="submit" loading={login.isPending}>
            {t('auth.submit')}
          </Button>
          {browserSupportsWebAuthn() && (
            <>
              <Divider label={t('access.passkey.or')} />
              <ErrorAlert error={passkey.error && !(passkey.error instanceof Error && passkey.error.name === 'NotAllowedError') ? passkey.error : null} />
              <Button variant="default" loading={passkey.isPending} onClick={() => passkey.mutate()}>
                {t('access.passkey.signIn')}
              </Button>
            </>
          )}
        </Stack>
      </form>
    </PublicFrame>
  );
}
