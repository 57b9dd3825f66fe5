import { Badge, Group, Stack, Text } from '@mantine/core';
import type { DisclosureState } from '@homeward/contracts';
import { useTranslation } from 'react-i18next';
import { formatTimestamp } from '../lib/format.ts';

/** Where a double-blind disclosure stands: each party's consent, recorded or awaited. */
export function DisclosureSteps({ state }: { state: DisclosureState }) {
  const { t, i18n } = useTranslation();
  const step = (label: string, s: DisclosureState['mother'], party: string) => (
    <Group gap="xs" data-disclosure-step={party} data-recorded={s ? 'yes' : 'no'}>
      <Text size="sm">{label}</Text>
      {s ? (
        <Badge color="green" variant="light">
          {t('tracing.disclosure.recordedAt', { at: formatTimestamp(s.recordedAt, i18n.language) })}
        </Badge>
      ) : (
        <Badge color="gray" variant="light">
          {t('tracing.disclosure.awaited')}
        </Badge>
      )}
    </Group>
  );
  return (
    <Stack gap={4}>
      {!state.confirmed && <Text c="orange">{t('tracing.disclosure.notConfirmed')}</Text>}
      {step(t('tracing.disclosure.mother'), state.mother, 'mother')}
      {step(t('tracing.disclosure.guardian'), state.guardian, 'guardian')}
      {state.childAssentRequired ? step(t('tracing.disclosure.child'), state.child, 'child') : <Text size="sm" c="dimmed">{t('tracing.disclosure.childNotNeeded')}</Text>}
      <Text fw={500} data-testid="disclosure-complete" data-complete={state.complete ? 'yes' : 'no'}>
        {state.complete ? t('tracing.disclosure.complete') : t('tracing.disclosure.incomplete')}
      </Text>
    </Stack>
  );
}
