import { Alert, Badge, Button, Card, Checkbox, Group, List, ScrollArea, Select, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CaseSummary, DossierCreate, DossierEntry, DossierList, DossierPurpose } from '@homeward/contracts';
import type { RECIPIENT_KINDS } from '@homeward/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiError, apiRequest } from '../api/client.ts';
import { useSession } from '../api/session.ts';
import { DossierDownloads, DossierReauth } from '../components/DossierDownload.tsx';
import { ErrorAlert } from '../components/Messages.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { formatTimestamp } from '../lib/format.ts';

type Kind = (typeof RECIPIENT_KINDS)[number];
const KINDS_FOR: Record<DossierPurpose, Kind[]> = {
  un_sharing: ['un-working-group', 'un-special-procedure', 'un-treaty-body'],
  government_sharing: ['government-office'],
};

// Literal catalogue keys (checked by apps/web/test/locales.test.ts).
const PURPOSE_LABEL: Record<DossierPurpose, string> = {
  un_sharing: 'advocacy.dossier.purposes.un_sharing',
  government_sharing: 'advocacy.dossier.purposes.government_sharing',
};
const KIND_LABEL: Record<Kind, string> = {
  'un-special-procedure': 'advocacy.dossier.kinds.un-special-procedure',
  'un-working-group': 'advocacy.dossier.kinds.un-working-group',
  'un-treaty-body': 'advocacy.dossier.kinds.un-treaty-body',
  'government-office': 'advocacy.dossier.kinds.government-office',
};

/** The refusal, naming each case (by reference) and what its consent is missing. */
function Refusal({ error, references }: { error: ApiError; references: string[] }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" role="alert" title={t('advocacy.dossier.refused')}>
      <List size="sm">
        {error.issues.map((issue) => {
          const i = Number(/^cases\.(\d+)$/.exec(issue.path)?.[1] ?? -1);
          const reference = references[i] ?? '?';
          const text =
            issue.code === 'consent_scope_empty'
              ? t('advocacy.dossier.missing.consent_scope_empty', { reference })
              : t('advocacy.dossier.missing.consent_missing', { reference });
          return <List.Item key={issue.path}>{text}</List.Item>;
        })}
      </List>
    </Alert>
  );
}

function CreateDossier({ preselected }: { preselected: string | null }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const cases = useQuery({ queryKey: ['cases', 'list', 'all'], queryFn: () => apiRequest<{ items: CaseSummary[] }>('GET', '/api/cases') });
  const [selected, setSelected] = useState<string[]>(preselected ? [preselected] : []);
  const [purpose, setPurpose] = useState<DossierPurpose>('un_sharing');
  const [kind, setKind] = useState<Kind>('un-working-group');
  const [label, setLabel] = useState('');
  const [request, setRequest] = useState('');
  const [sentRefs, setSentRefs] = useState<string[]>([]);
  const [clientError, setClientError] = useState<string | null>(null);
  // The body last sent, to send again once the user has re-authenticated (428 REAUTH_REQUIRED).
  const [lastBody, setLastBody] = useState<DossierCreate | null>(null);
  const [needReauth, setNeedReauth] = useState(false);
  const create = useMutation({
    mutationFn: (body: DossierCreate) => apiRequest<DossierEntry>('POST', '/api/advocacy/dossiers', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['advocacy', 'dossiers'] }),
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'REAUTH_REQUIRED') setNeedReauth(true);
    },
  });
  const items = cases.data?.items ?? [];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (selected.length === 0) {
      setClientError(t('advocacy.dossier.selectCases'));
      return;
    }
    if (!label.trim()) {
      setClientError(`${t('advocacy.dossier.recipient')}: ${t('issues.required')}`);
      return;
    }
    setClientError(null);
    // Keep the references in the order sent, so a refusal's "cases.N" names the right case.
    setSentRefs(selected.map((id) => items.find((c) => c.id === id)?.reference ?? '?'));
    const body: DossierCreate = { caseIds: selected, purpose, recipient: { label: label.trim(), kind } };
    if (request.trim()) body.request = request.trim();
    setLastBody(body);
    create.mutate(body);
  };
  const refused = create.error instanceof ApiError && create.error.code === 'CONSENT_REQUIRED' ? create.error : null;
  // While the re-authentication form is open it says what is needed; closed unanswered, the error shows.
  const reauthAsked = needReauth && create.error instanceof ApiError && create.error.code === 'REAUTH_REQUIRED';
  return (
    <Card withBorder component="section" aria-labelledby="dossier-create">
      <Title order={3} size="h4" id="dossier-create" mb="xs">
        {t('advocacy.dossier.createTitle')}
      </Title>
      <form onSubmit={submit} noValidate aria-label={t('advocacy.dossier.createTitle')}>
        <Stack>
          <Checkbox.Group label={t('advocacy.dossier.cases')} value={selected} onChange={setSelected}>
            <ScrollArea.Autosize mah={280} type="auto">
              <Stack gap={4} mt={4}>
                {items.length === 0 && <Text size="sm">{t('advocacy.dossier.noCases')}</Text>}
                {items.map((c) => (
                  <Checkbox key={c.id} value={c.id} label={`${c.reference} · ${c.soughtNames.join(', ')}`} />
                ))}
              </Stack>
            </ScrollArea.Autosize>
          </Checkbox.Group>
          <Select
            label={t('advocacy.dossier.purpose')}
            data={(['un_sharing', 'government_sharing'] as const).map((p) => ({ value: p, label: t(PURPOSE_LABEL[p]) }))}
            value={purpose}
            allowDeselect={false}
            onChange={(v) => {
              const p = (v ?? 'un_sharing') as DossierPurpose;
              setPurpose(p);
              setKind(KINDS_FOR[p][0]!);
            }}
          />
          <Select
            label={t('advocacy.dossier.kind')}
            data={KINDS_FOR[purpose].map((k) => ({ value: k, label: t(KIND_LABEL[k]) }))}
            value={kind}
            allowDeselect={false}
            onChange={(v) => setKind((v ?? KINDS_FOR[purpose][0]!) as Kind)}
          />
          <TextInput label={t('advocacy.dossier.recipient')} description={t('advocacy.dossier.recipientHint')} required autoComplete="off" value={label} onChange={(e) => setLabel(e.currentTarget.value)} />
          <Textarea label={t('advocacy.dossier.request')} autosize minRows={2} value={request} onChange={(e) => setRequest(e.currentTarget.value)} />
          {clientError && (
            <Alert color="red" role="alert">
              {clientError}
            </Alert>
          )}
          {refused ? <Refusal error={refused} references={sentRefs} /> : !reauthAsked && <ErrorAlert error={create.error} />}
          {create.data && !create.isPending && !create.error && (
            <Alert color="green" role="status">
              {t('advocacy.dossier.created', { reference: create.data.reference })}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('advocacy.dossier.generate')}
            </Button>
          </Group>
        </Stack>
      </form>
      {/* Outside the dossier form: a form must not be nested in another. */}
      <DossierReauth
        opened={needReauth}
        onClose={() => setNeedReauth(false)}
        onDone={() => {
          setNeedReauth(false);
          if (lastBody) create.mutate(lastBody);
        }}
      />
    </Card>
  );
}

function Register() {
  const { t, i18n } = useTranslation();
  const list = useQuery({ queryKey: ['advocacy', 'dossiers'], queryFn: () => apiRequest<DossierList>('GET', '/api/advocacy/dossiers') });
  const items = list.data?.items ?? [];
  return (
    <Card withBorder component="section" aria-labelledby="dossier-register">
      <Title order={3} size="h4" id="dossier-register" mb="xs">
        {t('advocacy.dossier.registerTitle')}
      </Title>
      <ErrorAlert error={list.error} />
      {list.isSuccess && items.length === 0 && <Text>{t('advocacy.dossier.empty')}</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={1200}>
          <Table striped withTableBorder aria-label={t('advocacy.dossier.registerTitle')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('advocacy.dossier.reference')}</Table.Th>
                <Table.Th>{t('advocacy.dossier.recipient')}</Table.Th>
                <Table.Th>{t('advocacy.dossier.purpose')}</Table.Th>
                <Table.Th>{t('advocacy.dossier.caseRefs')}</Table.Th>
                <Table.Th>{t('advocacy.dossier.createdBy')}</Table.Th>
                <Table.Th>{t('advocacy.dossier.createdAt')}</Table.Th>
                <Table.Th>{t('advocacy.dossier.status')}</Table.Th>
                <Table.Th>{t('advocacy.dossier.download')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((d) => (
                <Table.Tr key={d.id} data-testid="dossier-row">
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{d.reference}</Table.Td>
                  <Table.Td>
                    {d.recipient.label}
                    <Text size="xs" c="dimmed">
                      {t(KIND_LABEL[d.recipient.kind])}
                    </Text>
                  </Table.Td>
                  <Table.Td>{t(PURPOSE_LABEL[d.purpose])}</Table.Td>
                  <Table.Td>{d.caseReferences.join(', ')}</Table.Td>
                  <Table.Td>{d.createdBy?.displayName ?? '-'}</Table.Td>
                  <Table.Td>{formatTimestamp(d.createdAt, i18n.language)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Badge color={d.available ? 'green' : 'red'} variant="light" tt="none" maw="none">
                      {d.available ? t('advocacy.dossier.available') : t('advocacy.dossier.recalled')}
                    </Badge>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {d.available && <DossierDownloads id={d.id} reference={d.reference} />}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}

/** Dossiers: caseworkers generate them for consenting cases; everyone here sees the register. */
export function DossiersScene() {
  const { t } = useTranslation();
  usePageTitle(t('advocacy.dossier.title'));
  const session = useSession();
  const [params] = useSearchParams();
  const role = session.data?.role;
  const canCreate = role === 'caseworker' || role === 'administrator';
  return (
    <Stack>
      <Title order={2}>{t('advocacy.dossier.title')}</Title>
      <Text>{t('advocacy.dossier.intro')}</Text>
      {canCreate && <CreateDossier preselected={params.get('case')} />}
      <Register />
    </Stack>
  );
}
