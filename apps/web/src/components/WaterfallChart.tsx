import { Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { fieldLabel } from './MatchLabels.ts';

export interface WaterfallStep {
  field: string;
  level: string | null;
  weight: number;
}

/**
 * Match weight as a waterfall: the prior, then each field's contribution
 * (green adds evidence, red takes it away), ending at the total. Plain SVG
 * with its own attributes (no inline style: the CSP allows none). Also
 * described as a table for screen readers by the caller.
 */
export function WaterfallChart({ prior, steps, total, t }: { prior: number; steps: WaterfallStep[]; total: number; t: TFunction }) {
  const rows = [
    { label: t('matching.compare.prior'), from: 0, to: prior, kind: 'prior' as const },
    ...steps.reduce<{ label: string; from: number; to: number; kind: 'up' | 'down' | 'none' }[]>((acc, s) => {
      const from = acc.length ? acc[acc.length - 1]!.to : prior;
      acc.push({ label: fieldLabel(t, s.field), from, to: from + s.weight, kind: s.level === null ? 'none' : s.weight >= 0 ? 'up' : 'down' });
      return acc;
    }, []),
    { label: t('matching.compare.total'), from: 0, to: total, kind: 'total' as const },
  ];
  const values = rows.flatMap((r) => [r.from, r.to]);
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const width = 560;
  const labelW = 120;
  const rowH = 26;
  const plotW = width - labelW - 60;
  const x = (v: number) => labelW + ((v - lo) / Math.max(1e-9, hi - lo)) * plotW;
  const color = { prior: '#868e96', up: '#2f9e44', down: '#e03131', none: '#ced4da', total: '#1971c2' };
  return (
    <figure aria-label={t('matching.compare.waterfall')}>
      <svg width="100%" viewBox={`0 0 ${width} ${rows.length * rowH + 10}`} role="img" aria-label={t('matching.compare.waterfall')}>
        <line x1={x(0)} x2={x(0)} y1={0} y2={rows.length * rowH} stroke="#adb5bd" strokeDasharray="3 3" />
        {rows.map((r, i) => {
          const a = Math.min(x(r.from), x(r.to));
          const w = Math.max(2, Math.abs(x(r.to) - x(r.from)));
          const delta = r.kind === 'prior' || r.kind === 'total' ? r.to : r.to - r.from;
          return (
            <g key={`${r.label}-${i}`}>
              <text x={0} y={i * rowH + 17} fontSize="12" fill="#212529">{r.label}</text>
              <rect x={a} y={i * rowH + 5} width={w} height={rowH - 10} fill={color[r.kind]} rx={2} />
              <text x={a + w + 4} y={i * rowH + 17} fontSize="11" fill="#495057">{`${delta >= 0 ? '+' : ''}${delta.toFixed(1)}`}</text>
            </g>
          );
        })}
      </svg>
      <Text component="figcaption" size="xs" c="dimmed">{t('matching.compare.waterfallHelp')}</Text>
    </figure>
  );
}
