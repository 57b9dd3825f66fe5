import { Alert, Anchor, Badge, Card, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { StatsRelease, StatsTable } from '@homeward/contracts';
import { useTranslation } from 'react-i18next';
import { apiRequest } from '../api/client.ts';
import { ChartBar, type BarDatum } from '../components/ChartBar.tsx';
import { ErrorAlert } from '../components/Messages.tsx';
import { StatsCell } from '../components/StatsCell.tsx';
import { StatsSettings } from '../components/StatsSettings.tsx';
import { useSession } from '../api/session.ts';
import { usePageTitle } from '../components/usePageTitle.ts';

// Literal catalogue keys (checked by apps/web/test/locales.test.ts), looked up by table id, variable and category.
const TABLE_TITLE: Record<string, string> = {
  'cases-by-outcome': 'advocacy.stats.tables.cases-by-outcome',
  'cases-by-status': 'advocacy.stats.tables.cases-by-status',
  'children-by-years-since-separation': 'advocacy.stats.tables.children-by-years-since-separation',
  'children-by-separation-year': 'advocacy.stats.tables.children-by-separation-year',
  'children-by-province': 'advocacy.stats.tables.children-by-province',
  'children-by-prefecture': 'advocacy.stats.tables.children-by-prefecture',
  'children-by-age-band': 'advocacy.stats.tables.children-by-age-band',
  'children-years-since-by-province': 'advocacy.stats.tables.children-years-since-by-province',
  'children-age-by-years-since': 'advocacy.stats.tables.children-age-by-years-since',
};
const VAR_LABEL: Record<string, string> = {
  outcome: 'advocacy.stats.vars.outcome',
  status: 'advocacy.stats.vars.status',
  yearsSinceSeparation: 'advocacy.stats.vars.yearsSinceSeparation',
  separationYear: 'advocacy.stats.vars.separationYear',
  province: 'advocacy.stats.vars.province',
  prefecture: 'advocacy.stats.vars.prefecture',
  ageBand: 'advocacy.stats.vars.ageBand',
};
const STATUS_LABEL: Record<string, string> = {
  none: 'advocacy.stats.cat.none',
  located: 'advocacy.stats.cat.located',
  in_contact: 'advocacy.stats.cat.in_contact',
  reunited: 'advocacy.stats.cat.reunited',
  open: 'advocacy.stats.cat.open',
  tracing: 'advocacy.stats.cat.tracing',
  closed: 'advocacy.stats.cat.closed',
};

type Lang = 'ko' | 'en' | 'zh';
const langOf = (l: string): Lang => (l.startsWith('en') ? 'en' : l.startsWith('zh') ? 'zh' : 'ko');

/** Display text of one category: place codes by name, bands and statuses translated, "parent/child" shown as the child. */
export function useCategoryLabel(release: StatsRelease | undefined) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  return (variable: string, category: string): string => {
    const place = release?.placeLabels[category];
    if (place) return place[lang];
    const leaf = category.includes('/') ? category.slice(category.indexOf('/') + 1) : category;
    if (leaf === 'unknown') return t('advocacy.stats.cat.unknown');
    if (variable === 'separationYear') return leaf.startsWith('before-') ? t('advocacy.stats.cat.before1990') : leaf;
    if (variable === 'yearsSinceSeparation') return t('advocacy.stats.cat.years', { band: leaf });
    if (variable === 'ageBand') return t('advocacy.stats.cat.age', { band: leaf });
    const status = STATUS_LABEL[leaf];
    if ((variable === 'status' || variable === 'outcome') && status) return t(status);
    return leaf;
  };
}

/** Cells of a one-way table in category order (total last); zero categories left out. */
function oneWay(table: StatsTable): { category: string | null; value: number | null }[] {
  const v = table.variables[0]!;
  return table.cells.map((c) => ({ category: c.key[v] ?? null, value: c.value })).filter((c) => c.category === null || c.value !== 0);
}

function OneWayTable({ table, label }: { table: StatsTable; label: (v: string, c: string) => string }) {
  const { t } = useTranslation();
  const v = table.variables[0]!;
  const rows = oneWay(table);
  const title = t(TABLE_TITLE[table.id] ?? table.id);
  const chartData: BarDatum[] = rows.filter((r) => r.category !== null).map((r) => ({ label: label(v, r.category!), value: r.value }));
  return (
    <>
      {chartData.some((d) => d.value !== null) && (
        <ChartBar data={chartData} title={t('advocacy.stats.chart', { title })} mark={t('advocacy.stats.suppressedMark')} suppressedText={t('advocacy.stats.suppressed')} />
      )}
      <Table striped withTableBorder aria-label={title}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t(VAR_LABEL[v] ?? v)}</Table.Th>
            <Table.Th ta="right">{t('advocacy.stats.count')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.category ?? '(total)'}>
              <Table.Td fw={r.category === null ? 700 : undefined}>{r.category === null ? t('advocacy.stats.total') : label(v, r.category)}</Table.Td>
              <Table.Td ta="right">
                <StatsCell value={r.value} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}

function TwoWayTable({ table, label }: { table: StatsTable; label: (v: string, c: string) => string }) {
  const { t } = useTranslation();
  const [a, b] = table.variables as [string, string];
  const value = (x: string | null, y: string | null) =>
    table.cells.find((c) => (x === null ? !(a in c.key) : c.key[a] === x) && (y === null ? !(b in c.key) : c.key[b] === y))?.value ?? 0;
  // Rows and columns whose total is zero are left out (declared categories nobody has).
  const rows = [...(table.categories[a] ?? [])].filter((x) => value(x, null) !== 0);
  const cols = [...(table.categories[b] ?? [])].filter((y) => value(null, y) !== 0);
  return (
    <Table.ScrollContainer minWidth={400}>
      <Table striped withTableBorder withColumnBorders aria-label={t(TABLE_TITLE[table.id] ?? table.id)}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>
              {t(VAR_LABEL[a] ?? a)} / {t(VAR_LABEL[b] ?? b)}
            </Table.Th>
            {cols.map((y) => (
              <Table.Th key={y} ta="right">
                {label(b, y)}
              </Table.Th>
            ))}
            <Table.Th ta="right">{t('advocacy.stats.total')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[...rows, null].map((x) => (
            <Table.Tr key={x ?? '(total)'}>
              <Table.Td fw={x === null ? 700 : undefined}>{x === null ? t('advocacy.stats.total') : label(a, x)}</Table.Td>
              {[...cols, null].map((y) => (
                <Table.Td key={y ?? '(total)'} ta="right">
                  <StatsCell value={value(x, y)} />
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The advocate's dashboard: one suppressed release, charts and tables, exports with the methodology note. */
export function StatisticsScene() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('advocacy.stats.title'));
  const lang = langOf(i18n.language);
  const release = useQuery({
    queryKey: ['advocacy', 'statistics', lang],
    queryFn: () => apiRequest<StatsRelease>('GET', `/api/advocacy/statistics?lang=${lang}`),
    staleTime: 60_000,
  });
  const label = useCategoryLabel(release.data);
  const session = useSession();
  const r = release.data;
  // Plain links: the session cookie goes with them and the browser saves the file; nothing identifying is in the URL.
  const exportHref = (format: string) => `/api/advocacy/statistics/export?format=${format}&lang=${lang}`;
  return (
    <Stack>
      <Title order={2}>{t('advocacy.stats.title')}</Title>
      {release.isPending && (
        <Group>
          <Loader size="sm" />
          <Text>{t('advocacy.stats.loading')}</Text>
        </Group>
      )}
      <ErrorAlert error={release.error} />
      {r && (
        <>
          <Text>{t('advocacy.stats.intro', { threshold: r.threshold })}</Text>
          <Group gap="md">
            <Badge variant="light">{t('advocacy.stats.dataDate', { date: r.dataDate })}</Badge>
            <Badge variant="light">{t('advocacy.stats.threshold', { threshold: r.threshold })}</Badge>
            <Badge variant="light" color="gray">
              {t('advocacy.stats.suppressedCount', { n: r.suppressedCells })}
            </Badge>
          </Group>
          <Group gap="md" role="group" aria-label={t('advocacy.stats.export')}>
            <Anchor href={exportHref('csv')} download>
              {t('advocacy.stats.exportCsv')}
            </Anchor>
            <Anchor href={exportHref('json')} download>
              {t('advocacy.stats.exportJson')}
            </Anchor>
            <Anchor href={exportHref('pdf')} download>
              {t('advocacy.stats.exportPdf')}
            </Anchor>
          </Group>
          {session.data?.role === 'administrator' && <StatsSettings key={r.threshold} current={r.threshold} />}
          <Text size="sm" c="dimmed">
            {t('advocacy.stats.zerosOmitted')}
          </Text>
          {r.tables.map((table) => (
            <Card key={table.id} withBorder component="section" aria-labelledby={`stats-${table.id}`}>
              <Title order={3} size="h4" id={`stats-${table.id}`} mb="xs">
                {t(TABLE_TITLE[table.id] ?? table.id)}
              </Title>
              {table.withheld ? (
                <Alert color="gray">{t('advocacy.stats.withheld')}</Alert>
              ) : table.variables.length === 1 ? (
                <OneWayTable table={table} label={label} />
              ) : (
                <TwoWayTable table={table} label={label} />
              )}
            </Card>
          ))}
          <Card withBorder component="section" aria-labelledby="stats-methodology">
            <Title order={3} size="h4" id="stats-methodology" mb="xs">
              {t('advocacy.stats.methodology')}
            </Title>
            {r.note
              .split('\n')
              .filter((l) => l.trim() !== '')
              .map((l) => (
                <Text key={l} size="sm">
                  {l}
                </Text>
              ))}
          </Card>
        </>
      )}
    </Stack>
  );
}
