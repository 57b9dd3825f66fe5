import { Anchor, Badge, Button, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../components/Messages.tsx';
import { partnerApi } from '../components/TracingRequestApi.ts';
import { usePartnerPrivacy } from '../components/TracingRequestPrivacy.ts';
import { TracingRequestShared } from '../components/TracingRequestShared.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { formatTimestamp } from '../lib/format.ts';

/**
 * A field partner's home (phone first): the children they were asked to look
 * for, only the shared fields, and their confirmed matches. Nothing is cached
 * beyond this screen and nothing is stored in the browser.
 */
export function PartnerRequestsScene() {
  const { t, i18n } = useTranslation();
  usePartnerPrivacy();
  usePageTitle(t('tracing.partner.title'));
  const requests = useQuery({ queryKey: ['partner', 'requests'], queryFn: partnerApi.requests, gcTime: 0 });
  const disclosures = useQuery({ queryKey: ['partner', 'disclosures'], queryFn: partnerApi.disclosures, gcTime: 0 });
  return (
    <Stack>
      <Title order={2}>{t('tracing.partner.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('tracing.partner.explain')}
      </Text>
      {requests.isPending && <Loader aria-label={t('common.loading')} />}
      <ErrorAlert error={requests.error} />
      {requests.data && requests.data.items.length === 0 && <Text c="dimmed">{t('tracing.partner.none')}</Text>}
      {requests.data?.items.map((r, i) => (
        <Card key={r.id} withBorder component="article" aria-label={t('tracing.partner.requestN', { n: i + 1 })}>
          <Stack gap="xs">
            <Group justify="space-between">
              <Text fw={500}>{t('tracing.partner.requestN', { n: i + 1 })}</Text>
              <Text size="xs" c="dimmed">
                {formatTimestamp(r.sharedAt, i18n.language)}
              </Text>
            </Group>
            <TracingRequestShared shared={r.shared} />
            <Group justify="space-between">
              <Text size="sm" c="dimmed">
                {t('tracing.request.leadCount', { n: r.leadCount })}
              </Text>
              <Button component={Link} to={`/partner/requests/${encodeURIComponent(r.id)}`}>
                {t('tracing.partner.submitLead')}
              </Button>
            </Group>
          </Stack>
        </Card>
      ))}
      <Title order={3} size="h4">
        {t('tracing.partner.matches')}
      </Title>
      <ErrorAlert error={disclosures.error} />
      {disclosures.data && disclosures.data.items.length === 0 && <Text c="dimmed">{t('tracing.partner.noMatches')}</Text>}
      {disclosures.data?.items.map((d, i) => (
        <Card key={d.candidateId} withBorder>
          <Group justify="space-between">
            <Anchor component={Link} to={`/partner/disclosures/${encodeURIComponent(d.candidateId)}`}>
              {t('tracing.partner.matchN', { n: i + 1 })}
            </Anchor>
            <Badge color={d.complete ? 'green' : 'orange'} variant="light">
              {d.complete ? t('tracing.disclosure.complete') : t('tracing.disclosure.incomplete')}
            </Badge>
          </Group>
        </Card>
      ))}
    </Stack>
  );
}
