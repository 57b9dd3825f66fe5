import { Badge, Button, Card, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../api/client.ts';
import type { Person, Relation } from '../api/types.ts';
import { ChildDetailsView } from '../components/ChildDetailsFields.tsx';
import { AccessPanel } from '../components/AccessPanel.tsx';
import { AttachmentPanel } from '../components/AttachmentPanel.tsx';
import { ConsentPanel } from '../components/ConsentPanel.tsx';
import { DisclosurePanel } from '../components/DisclosurePanel.tsx';
import { TracingRequestPanel } from '../components/TracingRequestPanel.tsx';
import { ErrorAlert } from '../components/Messages.tsx';
import { StepsTakenView } from '../components/StepsTakenFields.tsx';
import { PlaceSummary } from '../components/PlaceField.tsx';
import { formatFieldPath, formatPartialDate, formatTimestamp } from '../lib/format.ts';
import { STATUS_COLOURS } from './CaseListScene.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { LabelledValue } from '../components/LabelledValue.tsx';


function PersonCard({
  person,
  title,
  relation,
  safeContact,
  extra,
}: {
  person: Person;
  title: string;
  relation?: Relation;
  safeContact?: string | undefined;
  extra?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const dash = t('common.none');
  return (
    <Card withBorder component="section" aria-label={title}>
      <Title order={3} size="h4" mb="xs">
        {title}
      </Title>
      <Stack gap="xs">
        <div>
          <Text size="xs" c="dimmed">
            {t('person.names')}
          </Text>
          <ul className="name-list">
            {person.names.map((n, i) => (
              <li key={i}>
                <span lang={n.script === 'hangul' ? 'ko' : n.script?.startsWith('hanzi') ? 'zh' : undefined}>{n.text}</span>{' '}
                <Text span size="xs" c="dimmed">
                  ({[n.script ? t(`script.${n.script}`) : null, n.kind ? t(`nameKind.${n.kind}`) : null]
                    .filter(Boolean)
                    .join(', ')})
                </Text>
              </li>
            ))}
          </ul>
        </div>
        <div className="field-grid">
          {relation && <LabelledValue label={t('person.relation')}>{t(`relation.${relation}`)}</LabelledValue>}
          <LabelledValue label={t('person.sex')}>{person.sex ? t(`sex.${person.sex}`) : dash}</LabelledValue>
          <LabelledValue label={t('person.birth')}>{formatPartialDate(t, person.birth)}</LabelledValue>
          <LabelledValue label={t('person.lastKnownPlace')}>
            {person.lastKnownPlace || dash}
            {person.lastKnownPlaceResolved && <br />}
            {person.lastKnownPlaceResolved && (
              <PlaceSummary place={person.lastKnownPlaceResolved} t={t} language={i18n.language} />
            )}
          </LabelledValue>
          <LabelledValue label={t('person.separatedOn')}>{formatPartialDate(t, person.separatedOn)}</LabelledValue>
        </div>
        <LabelledValue label={t('person.separationCircumstances')}>{person.separationCircumstances || dash}</LabelledValue>
        {safeContact !== undefined && <LabelledValue label={t('person.safeContact')}>{safeContact || dash}</LabelledValue>}
        <LabelledValue label={t('person.notes')}>{person.notes || dash}</LabelledValue>
        {extra}
      </Stack>
    </Card>
  );
}

/** One case and its change history (who changed which fields, when; never the values). */
export function CaseDetailScene() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const detail = useQuery({ queryKey: ['case', id], queryFn: () => api.getCase(id) });
  const history = useQuery({ queryKey: ['history', id], queryFn: () => api.caseHistory(id) });
  usePageTitle(detail.data ? t('case.titleWithReference', { reference: detail.data.reference }) : undefined);

  if (detail.isPending) return <Loader aria-label={t('common.loading')} />;
  if (detail.isError) return <ErrorAlert error={detail.error} />;
  const c = detail.data;
  const dash = t('common.none');

  return (
    <Stack>
      <Group justify="space-between" align="center">
        <Group>
          <Title order={2}>{t('case.titleWithReference', { reference: c.reference })}</Title>
          <Badge color={STATUS_COLOURS[c.status]} variant="light" size="lg">
            {t(`status.${c.status}`)}
          </Badge>
        </Group>
        <Group>
          <Button component={Link} to={`/cases/${encodeURIComponent(c.id)}/edit`}>
            {t('case.edit')}
          </Button>
          <Button component={Link} to={`/dossiers?case=${encodeURIComponent(c.id)}`} variant="default">{t('advocacy.dossier.fromCase')}</Button>
          <Button component={Link} to="/cases" variant="default">
            {t('case.backToList')}
          </Button>
        </Group>
      </Group>

      <Card withBorder component="section" aria-label={t('caseForm.caseSection')}>
        <Group gap="xl" align="flex-start" wrap="wrap">
          <LabelledValue label={t('case.assignedTo')}>{c.assignedTo?.displayName ?? t('case.unassigned')}</LabelledValue>
          <LabelledValue label={t('case.riskLevel')}>{c.riskLevel ? t(`risk.${c.riskLevel}`) : dash}</LabelledValue>
          <LabelledValue label={t('case.createdAt')}>{formatTimestamp(c.createdAt, i18n.language)}</LabelledValue>
          <LabelledValue label={t('case.updatedAt')}>{formatTimestamp(c.updatedAt, i18n.language)}</LabelledValue>
        </Group>
        <Stack gap="xs" mt="sm">
          <LabelledValue label={t('case.riskNotes')}>{c.riskNotes || dash}</LabelledValue>
          <LabelledValue label={t('case.notes')}>{c.notes || dash}</LabelledValue>
        </Stack>
      </Card>

      <PersonCard
        person={c.applicant}
        title={t('case.applicant')}
        safeContact={c.applicant.safeContact ?? ''}
      />
      {c.sought.map((s, i) => (
        <PersonCard key={s.id} person={s} title={t('case.soughtN', { n: i + 1 })} relation={s.relation} extra={<ChildDetailsView details={s.childDetails} />} />
      ))}
      <StepsTakenView steps={c.stepsTaken} />
      <ConsentPanel caseId={c.id} />
      <AttachmentPanel ownerType="case" ownerId={c.id} />
      <AccessPanel caseId={c.id} />
      <TracingRequestPanel caseId={c.id} sought={c.sought} />
      <DisclosurePanel caseId={c.id} />

      <section aria-labelledby="history-title">
        <Title order={3} size="h4" id="history-title" mb="xs">
          {t('history.title')}
        </Title>
        {history.isPending && <Loader size="sm" aria-label={t('common.loading')} />}
        <ErrorAlert error={history.error} />
        {history.data && history.data.items.length === 0 && <Text c="dimmed">{t('history.empty')}</Text>}
        {history.data && history.data.items.length > 0 && (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('history.at')}</Table.Th>
                <Table.Th>{t('history.actor')}</Table.Th>
                <Table.Th>{t('history.action')}</Table.Th>
                <Table.Th>{t('history.fields')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {history.data.items.map((h, i) => (
                <Table.Tr key={`${h.at}-${i}`}>
                  <Table.Td>{formatTimestamp(h.at, i18n.language)}</Table.Td>
                  <Table.Td>{h.actor.displayName}</Table.Td>
                  <Table.Td>{t(`history.actions.${h.action}`, { defaultValue: h.action })}</Table.Td>
                  <Table.Td>{h.fields.map((f) => formatFieldPath(t, f)).join(', ')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </section>
    </Stack>
  );
}
