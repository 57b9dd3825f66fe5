import { Container, Group, Paper, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSelect } from './LanguageSelect.tsx';

/** The frame of the pages seen before signing in (setup, sign-in). */
export function PublicFrame({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <main>
      <Container size={520} py="xl">
        <Group justify="space-between" align="flex-end" mb="md">
          <Title order={1} size="h3">
            {t('app.name')}
          </Title>
          <LanguageSelect />
        </Group>
        <Paper withBorder p="lg" radius="md">
          <Title order={2} size="h4" mb="md">
            {title}
          </Title>
          {children}
        </Paper>
      </Container>
    </main>
  );
}
