import { Anchor, Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../components/Messages.tsx';
import { matchApi, percent } from '../components/MatchApi.ts';
import { MatchNamePath } from '../components/MatchNamePath.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { roleLabel } from '../components/MatchLabels.ts';

/**
 * Find a person by any form of a name (李美玲, 리미령, Li Meiling, Ri Mi Ryong)
 * across the cases I may see. The name goes in a POST body, never in the URL.
 */
export function SearchScene() {
  const { t } = useTranslation();
  usePageTitle(t('matching.search.title'));
  const [text, setText] = useState('');
  const search = useMutation({ mutationFn: (q: string) => matchApi.search({ text: q }) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim()) search.mutate(text.trim());
  };
  return (
    <Stack>
      <Title order={2}>{t('matching.search.title')}</Title>
      <form onSubmit={submit} role="search">
        <Group align="flex-end">
          <TextInput label={t('matching.search.label')} description={t('matching.search.help')} value={text} onChange={(e) => setText(e.currentTarget.value)} w={360} autoComplete="off" />
          <Button type="submit" loading={search.isPending}>{t('matching.search.button')}</Button>
        </Group>
      </form>
      <ErrorAlert error={search.error} />
      {search.data && search.data.items.length === 0 && <Text c="dimmed">{t('matching.search.none')}</Text>}
      {search.data && search.data.items.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('matching.search.name')}</Table.Th>
                <Table.Th>{t('matching.search.score')}</Table.Th>
                <Table.Th>{t('matching.search.role')}</Table.Th>
                <Table.Th>{t('matching.queue.case')}</Table.Th>
                <Table.Th>{t('matching.search.why')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {search.data.items.map((h) => (
                <Table.Tr key={h.personId}>
                  <Table.Td>{h.names.map((n) => n.text).join(', ')}</Table.Td>
                  <Table.Td>{percent(h.score)}</Table.Td>
                  <Table.Td>{roleLabel(t, h.role)}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/cases/${encodeURIComponent(h.caseId)}`}>{h.caseReference}</Anchor>
                  </Table.Td>
                  <Table.Td>
                    <MatchNamePath aligned={h.aligned} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
