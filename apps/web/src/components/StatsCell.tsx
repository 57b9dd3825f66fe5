import { Badge, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * One published count, or the suppression mark: a suppressed cell is never
 * shown as zero (zero is a real count and is printed as 0).
 */
export function StatsCell({ value }: { value: number | null }) {
  const { t } = useTranslation();
  if (value !== null) return <>{value.toLocaleString()}</>;
  return (
    <Tooltip label={t('advocacy.stats.suppressedHint')}>
      <Badge variant="outline" color="gray" data-testid="suppressed-cell" aria-label={t('advocacy.stats.suppressedHint')}>
        {t('advocacy.stats.suppressedMark')} · {t('advocacy.stats.suppressed')}
      </Badge>
    </Tooltip>
  );
}
