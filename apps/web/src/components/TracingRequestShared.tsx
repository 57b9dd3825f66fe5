import { Stack, Text } from '@mantine/core';
import type { SharedChild } from '@homeward/contracts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PlaceSummary } from './PlaceField.tsx';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text>{children}</Text>
    </div>
  );
}

/** The shared copy of a sought child: exactly the fields the caseworker chose, nothing else. */
export function TracingRequestShared({ shared }: { shared: SharedChild }) {
  const { t, i18n } = useTranslation();
  const names = (list: SharedChild['chineseNames']) =>
    (list ?? []).map((n, i) => (
      <span key={i} lang={n.script === 'hangul' ? 'ko' : n.script.startsWith('hanzi') ? 'zh' : undefined} className="shared-name">
        {i > 0 ? ', ' : ''}
        {n.text}
      </span>
    ));
  const empty = Object.keys(shared).length === 0;
  return (
    <Stack gap="xs" data-testid="shared-fields">
      {empty && <Text c="dimmed">{t('tracing.shared.nothing')}</Text>}
      {shared.chineseNames && <Row label={t('tracing.field.chineseName')}>{names(shared.chineseNames)}</Row>}
      {shared.koreanNames && <Row label={t('tracing.field.koreanName')}>{names(shared.koreanNames)}</Row>}
      {shared.approxAge && (
        <Row label={t('tracing.field.approxAge')}>
          {shared.approxAge.low === shared.approxAge.high
            ? t('tracing.shared.age', { age: shared.approxAge.low, year: shared.approxAge.atYear })
            : t('tracing.shared.ageRange', { low: shared.approxAge.low, high: shared.approxAge.high, year: shared.approxAge.atYear })}
        </Row>
      )}
      {shared.county && (
        <Row label={t('tracing.field.county')}>
          <PlaceSummary place={shared.county} t={t} language={i18n.language} />
        </Row>
      )}
      {shared.sex && <Row label={t('tracing.field.sex')}>{t(`sex.${shared.sex}`)}</Row>}
      {shared.separationYear !== undefined && <Row label={t('tracing.field.separationYear')}>{String(shared.separationYear)}</Row>}
    </Stack>
  );
}
