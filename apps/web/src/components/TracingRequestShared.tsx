import { Stack, Text } from '@mantine/core';
import type { SharedChild } from '@homeward/contracts';
import { useTranslation } from 'react-i18next';
import { PlaceSummary } from './PlaceField.tsx';
import { LabelledValue } from './LabelledValue.tsx';


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
      {shared.chineseNames && <LabelledValue label={t('tracing.field.chineseName')}>{names(shared.chineseNames)}</LabelledValue>}
      {shared.koreanNames && <LabelledValue label={t('tracing.field.koreanName')}>{names(shared.koreanNames)}</LabelledValue>}
      {shared.approxAge && (
        <LabelledValue label={t('tracing.field.approxAge')}>
          {shared.approxAge.low === shared.approxAge.high
            ? t('tracing.shared.age', { age: shared.approxAge.low, year: shared.approxAge.atYear })
            : t('tracing.shared.ageRange', { low: shared.approxAge.low, high: shared.approxAge.high, year: shared.approxAge.atYear })}
        </LabelledValue>
      )}
      {shared.county && (
        <LabelledValue label={t('tracing.field.county')}>
          <PlaceSummary place={shared.county} t={t} language={i18n.language} />
        </LabelledValue>
      )}
      {shared.sex && <LabelledValue label={t('tracing.field.sex')}>{t(`sex.${shared.sex}`)}</LabelledValue>}
      {shared.separationYear !== undefined && <LabelledValue label={t('tracing.field.separationYear')}>{String(shared.separationYear)}</LabelledValue>}
    </Stack>
  );
}
