import { Anchor, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from '../components/usePageTitle.ts';

export function NotFoundScene() {
  const { t } = useTranslation();
  usePageTitle(t('errors.NOT_FOUND'));
  return (
    <Stack>
      <Title order={2}>{t('errors.NOT_FOUND')}</Title>
      <Text>
        <Anchor component={Link} to="/cases">
          {t('case.backToList')}
        </Anchor>
      </Text>
    </Stack>
  );
}
