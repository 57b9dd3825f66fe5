import { Alert, Anchor, Group, Stack, Text } from '@mantine/core';
import type { Duplicate, DuplicateCheckInput } from '@homeward/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { matchApi, percent } from './MatchApi.ts';
import { MatchNamePath } from './MatchNamePath.tsx';
import { fieldLabel, levelLabel } from './MatchLabels.ts';

/** What the case form knows of one sought child while it is being typed. */
export type DraftSought = Omit<DuplicateCheckInput, 'excludeCaseId'>;

/**
 * "This child may already be registered": checks each sought child of the
 * form against the children already registered in the cases the user may
 * see, shortly after typing stops, before the case is saved. Nothing is kept
 * anywhere but in this component's state.
 */
export function DuplicateWarning({ sought, excludeCaseId }: { sought: DraftSought[]; excludeCaseId?: string | undefined }) {
  const { t } = useTranslation();
  const [found, setFound] = useState<Duplicate[]>([]);
  const drafts = sought.filter((s) => s.names.some((n) => n.text.trim() !== ''));
  const key = JSON.stringify(drafts);
  useEffect(() => {
    const list = JSON.parse(key) as DraftSought[];
    if (list.length === 0) {
      setFound([]);
      return;
    }
    const abort = new AbortController();
    const timer = setTimeout(() => {
      void Promise.all(
        list.map((d) =>
          matchApi
            .check({ ...d, names: d.names.filter((n) => n.text.trim() !== ''), ...(excludeCaseId ? { excludeCaseId } : {}) }, abort.signal)
            .then((r) => r.items)
            // An incomplete draft (a half-typed date) is not an error worth showing here; the form says so on save.
            .catch(() => [] as Duplicate[]),
        ),
      ).then((lists) => {
        if (abort.signal.aborted) return;
        const seen = new Set<string>();
        setFound(lists.flat().filter((d) => (seen.has(d.personId) ? false : (seen.add(d.personId), true))));
      });
    }, 600);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [key, excludeCaseId]);

  if (found.length === 0) return null;
  return (
    <Alert color="yellow" role="status" title={t('matching.duplicate.title')} data-testid="duplicate-warning">
      <Stack gap="xs">
        <Text size="sm">{t('matching.duplicate.help')}</Text>
        {found.map((d) => (
          <Stack key={d.personId} gap={2}>
            <Group gap="xs">
              <Anchor component={Link} to={`/cases/${encodeURIComponent(d.caseId)}`} target="_blank">
                {d.caseReference}
              </Anchor>
              <Text size="sm">{d.names.map((n) => n.text).join(', ')}</Text>
              <Text size="sm" fw={600}>{t('matching.duplicate.likely', { percent: percent(d.probability) })}</Text>
            </Group>
            <MatchNamePath aligned={d.aligned} />
            <Text size="xs" c="dimmed">
              {d.contributions
                .filter((c) => c.level !== null)
                .map((c) => `${fieldLabel(t, c.field)}: ${levelLabel(t, c.level)}`)
                .join(' · ')}
            </Text>
          </Stack>
        ))}
      </Stack>
    </Alert>
  );
}

/** The parts of the case form's sought persons the check needs. Example: `draftsOf(toCaseInput(values).input.sought)`. */
export function draftsOf(sought: readonly { names: { text: string }[]; birth?: DraftSought['birth']; sex?: DraftSought['sex']; lastKnownPlace?: string | undefined; lastKnownPlaceCode?: string | undefined }[]): DraftSought[] {
  return sought.map((s) => {
    const d: DraftSought = { names: s.names.map((n) => ({ text: n.text })) };
    if (s.birth) d.birth = s.birth;
    if (s.sex) d.sex = s.sex;
    if (s.lastKnownPlace) d.lastKnownPlace = s.lastKnownPlace;
    if (s.lastKnownPlaceCode) d.lastKnownPlaceCode = s.lastKnownPlaceCode;
    return d;
  });
}
