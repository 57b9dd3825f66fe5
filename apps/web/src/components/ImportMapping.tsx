import type { ImportMapping, ImportReport } from '@homeward/contracts';
import { NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { FIELD_KEYS, keyFor, RELATION_KEYS } from './ImportKeys.tsx';

/** As @homeward/intake's TARGET_FIELDS (the server checks the mapping strictly). */
export const IMPORT_FIELDS = [
  'case.key', 'applicant.name', 'applicant.surname', 'applicant.givenName', 'applicant.birth', 'applicant.sex', 'applicant.lastKnownPlace',
  'applicant.safeContact', 'sought.name', 'sought.surname', 'sought.givenName', 'sought.birth', 'sought.sex', 'sought.relation',
  'sought.lastKnownPlace', 'sought.separatedOn', 'sought.separationCircumstances', 'sought.notes', 'notes', 'ignore',
] as const;

const RELATIONS = ['', 'daughter', 'son', 'child', 'grandchild', 'sibling', 'other'] as const;

/** The column mapping, editable: one select per column, and a default relation. */
export function ImportMappingEditor({ report, mapping, onChange }: { report: ImportReport; mapping: ImportMapping; onChange: (m: ImportMapping) => void }) {
  const { t } = useTranslation();
  const fieldOf = (index: number, header: string) =>
    mapping.columns.find((c) => (c.index ?? -1) === index + 1)?.field ?? mapping.columns.find((c) => c.header === header && c.index === undefined)?.field ?? 'ignore';
  const reasonOf = (index: number) => report.suggestion?.columns.find((c) => c.index === index + 1);
  const setField = (index: number, header: string, field: string) => {
    // Keyed by position as well as header, so two columns with the same header stay apart.
    const others = mapping.columns.filter((c) => !((c.index ?? -1) === index + 1 || (c.index === undefined && c.header === header)));
    onChange({ ...mapping, columns: [...others, { header, index: index + 1, field }] });
  };
  return (
    <Stack gap="xs">
      <Title order={3}>{t('import.mappingTitle')}</Title>
      <Text size="sm">{t('import.mappingHelp')}</Text>
      <Table.ScrollContainer minWidth={600}>
        <Table aria-label={t('import.mappingTitle')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('import.column')}</Table.Th>
              <Table.Th>{t('import.header')}</Table.Th>
              <Table.Th>{t('import.field')}</Table.Th>
              <Table.Th>{t('import.why')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.headers.map((header, i) => {
              const why = reasonOf(i);
              return (
                <Table.Tr key={`${i}:${header}`}>
                  <Table.Td>{i + 1}</Table.Td>
                  <Table.Td>{header}</Table.Td>
                  <Table.Td>
                    <NativeSelect
                      aria-label={`${t('import.field')}: ${header}`}
                      value={fieldOf(i, header)}
                      onChange={(e) => setField(i, header, e.currentTarget.value)}
                      data={IMPORT_FIELDS.map((f) => ({ value: f, label: t(keyFor(FIELD_KEYS, f) ?? 'import.fields.ignore') }))}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed">
                      {why ? `${Math.round(why.score * 100)}% · ${why.reason}` : ''}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <NativeSelect
        label={t('import.defaultRelation')}
        value={mapping.defaults?.relation ?? ''}
        onChange={(e) => {
          const v = e.currentTarget.value;
          onChange({ ...mapping, defaults: v ? { relation: v as NonNullable<ImportMapping['defaults']>['relation'] } : {} });
        }}
        data={RELATIONS.map((r) => ({ value: r, label: t(keyFor(RELATION_KEYS, r || 'none') ?? 'import.relations.none') }))}
      />
    </Stack>
  );
}
