import { Alert, List } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import type { Issue } from '../api/types.ts';
import { errorKey, issueKey } from '../lib/errors.ts';

/** A field issue, translated at render time so a language switch re-translates it. */
export function IssueText({ code }: { code: string }) {
  const { t } = useTranslation();
  return <>{t(issueKey(code))}</>;
}

/** The translated text for any thrown value; never a stack trace or a raw message. */
export function useErrorText() {
  const { t } = useTranslation();
  return (error: unknown): string => t(errorKey(error instanceof ApiError ? error.code : 'UNKNOWN'));
}

/**
 * Shows an error by its code, plus any issues no field could show (their
 * path is printed as is: it names a field, never a value).
 */
export function ErrorAlert({ error, unplaced = [] }: { error: unknown; unplaced?: Issue[] }) {
  const { t } = useTranslation();
  const text = useErrorText();
  if (!error) return null;
  return (
    <Alert color="red" role="alert" title={t('errors.title')}>
      {text(error)}
      {unplaced.length > 0 && (
        <List size="sm" mt="xs">
          {unplaced.map((issue) => (
            <List.Item key={`${issue.path}:${issue.code}`}>
              <code>{issue.path || '-'}</code>: <IssueText code={issue.code} />
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}

/** A red line under a group of inputs that has its own error. */
export function GroupError({ error }: { error: ReactNode }) {
  if (!error) return null;
  return (
    <div className="group-error" role="alert">
      {error}
    </div>
  );
}
