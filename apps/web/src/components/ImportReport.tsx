import type { ImportDuplicate, ImportProblem } from '@homeward/contracts';
import { Badge, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { keyFor, LEVEL_KEYS, MATCH_FIELD_KEYS, PROBLEM_KEYS } from './ImportKeys.tsx';

/** Translates a server code through one of the key maps; an unknown code is shown as itself. */
function useCodeLabel(): (map: Readonly<Record<string, string>>, code: string) => string {
  const { t } = useTranslation();
  return (map, code) => {
    const key = keyFor(map, code);
    return key ? t(key) : code;
  };
}

/**
 * Every problem of a dry run by row and column. Shows the code translated,
 * never the cell's content (the server sends none).
 */
export function ImportProblems({ problems, truncated }: { problems: ImportProblem[]; truncated: boolean }) {
  const { t } = useTranslation();
  const tr = useCodeLabel();
  return (
    <Stack gap="xs">
      <Title order={3}>{t('import.problemsTitle')}</Title>
      {problems.length === 0 && <Text c="dimmed">{t('import.noProblems')}</Text>}
      {problems.length > 0 && (
        <Table.ScrollContainer minWidth={600} maxHeight={400}>
          <Table striped aria-label={t('import.problemsTitle')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('import.row')}</Table.Th>
                <Table.Th>{t('import.column')}</Table.Th>
                <Table.Th>{t('import.header')}</Table.Th>
                <Table.Th>{t('import.severity')}</Table.Th>
                <Table.Th>{t('import.problem')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {problems.map((p, i) => (
                <Table.Tr key={`${p.row}:${p.column ?? ''}:${p.code}:${i}`}>
                  <Table.Td>{p.row}</Table.Td>
                  <Table.Td>{p.columnLetter ?? ''}</Table.Td>
                  <Table.Td>{p.header ?? ''}</Table.Td>
                  <Table.Td>
                    <Badge color={p.severity === 'error' ? 'red' : 'yellow'} variant="light">
                      {p.severity === 'error' ? t('import.error') : t('import.warning')}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{tr(PROBLEM_KEYS, p.code)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {truncated && <Text size="sm">{t('import.truncated')}</Text>}
    </Stack>
  );
}

/** Rows that may be cases already registered, or each other, with what agreed. */
export function ImportDuplicates({ duplicates, total }: { duplicates: ImportDuplicate[]; total: number }) {
  const { t } = useTranslation();
  const tr = useCodeLabel();
  return (
    <Stack gap="xs">
      <Title order={3}>{t('import.duplicatesTitle')}</Title>
      {duplicates.length === 0 && <Text c="dimmed">{t('import.noDuplicates')}</Text>}
      {duplicates.length > 0 && (
        <Table.ScrollContainer minWidth={600} maxHeight={400}>
          <Table striped aria-label={t('import.duplicatesTitle')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('import.rows')}</Table.Th>
                <Table.Th>{t('import.existing')}</Table.Th>
                <Table.Th>{t('import.score')}</Table.Th>
                <Table.Th>{t('import.agreed')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {duplicates.map((d, i) => (
                <Table.Tr key={`${d.rows.join(',')}:${d.existingReference ?? ''}:${i}`}>
                  <Table.Td>{d.rows.join(', ')}</Table.Td>
                  <Table.Td>{d.existingReference ?? t('import.withinFile')}</Table.Td>
                  <Table.Td>{Math.round(d.score * 100)}%</Table.Td>
                  <Table.Td>
                    {d.agreed
                      .map((a) => `${tr(MATCH_FIELD_KEYS, a.field)}: ${tr(LEVEL_KEYS, a.level)}`)
                      .join(', ')}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {total > duplicates.length && <Text size="sm">{t('import.moreDuplicates', { count: total - duplicates.length })}</Text>}
    </Stack>
  );
}
