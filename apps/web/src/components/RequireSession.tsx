import { Anchor, Button, Center, Container, Group, Loader, Text, Title, VisuallyHidden } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { NavLink, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { api } from '../api/client.ts';
import { SESSION_KEY, useSession } from '../api/session.ts';
import { LanguageSelect } from './LanguageSelect.tsx';
import { ErrorAlert } from './Messages.tsx';
import { navFor } from '../nav.ts';

/** Signed-in pages: a header with navigation, language and logout; otherwise off to sign-in. */
export function RequireSession() {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const logout = useMutation({
    mutationFn: api.logout,
    onSettled: () => {
      // Whatever the server said, nothing of the last user stays in memory.
      queryClient.clear();
      queryClient.setQueryData(SESSION_KEY, null);
      void navigate('/login', { replace: true });
    },
  });

  if (session.isPending) {
    return (
      <Center mih="50vh">
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  }
  if (session.isError) {
    return (
      <Container size="sm" py="xl">
        <ErrorAlert error={session.error} />
      </Container>
    );
  }
  if (!session.data) {
    // Only the path (ids, never names) is carried to sign-in and back.
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  }

  return (
    <>
      <header className="app-header">
        <Container size="lg">
          <Group justify="space-between" py="xs" wrap="wrap">
            <Group gap="lg">
              <Title order={1} size="h3">
                {t('app.name')}
              </Title>
              <nav aria-label={t('nav.label')}>
                <Group gap="md">
                  {navFor(session.data.role).map((item) => (
                    <Anchor key={item.to} component={NavLink} to={item.to}>
                      {t(item.label)}
                    </Anchor>
                  ))}
                </Group>
              </nav>
            </Group>
            <Group gap="md" align="flex-end">
              <LanguageSelect />
              <Text size="sm">
                <VisuallyHidden>{t('nav.signedInAs')} </VisuallyHidden>
                {session.data.displayName}
              </Text>
              <Button variant="default" size="xs" onClick={() => logout.mutate()} loading={logout.isPending}>
                {t('nav.logout')}
              </Button>
            </Group>
          </Group>
        </Container>
      </header>
      <main>
        <Container size="lg" py="md">
          <Outlet />
        </Container>
      </main>
    </>
  );
}
