import { IMPORT_MAX_FILE_BYTES, type ImportMapping, type ImportReport, type ImportResult } from '@homeward/contracts';
import { Alert, Anchor, Button, Checkbox, FileInput, Group, List, Progress, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, parseError } from '../api/client.ts';
import { useSession } from '../api/session.ts';
import { BackupStatus } from '../components/BackupStatus.tsx';
import { FILE_ERROR_KEYS, keyFor } from '../components/ImportKeys.tsx';
import { ImportMappingEditor } from '../components/ImportMapping.tsx';
import { ImportDuplicates, ImportProblems } from '../components/ImportReport.tsx';
import { ErrorAlert } from '../components/Messages.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';

interface Upload {
  fileName: string;
  contentBase64: string;
}

/** base64 of the file's bytes, in slices (String.fromCharCode on a whole file overflows the stack). */
async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * A JSON POST that reports how much of the body has been sent (fetch cannot),
 * with the same CSRF header and error parsing as the shared client.
 */
function postWithProgress<T>(path: string, body: unknown, onSent: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', 'application/json');
    xhr.setRequestHeader('x-homeward-csrf', '1');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onSent(e.loaded / e.total);
    };
    xhr.upload.onload = () => onSent(1);
    xhr.onerror = () => reject(new ApiError('NETWORK', 0));
    xhr.onload = () => {
      let parsed: unknown = undefined;
      try {
        parsed = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        parsed = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(parsed as T);
      else reject(parseError(xhr.status, parsed));
    };
    xhr.send(JSON.stringify(body));
  });
}

const importApi = {
  // The file goes in the body of a POST, never in a URL; the server keeps nothing between the two steps.
  check: (u: Upload, mapping: ImportMapping | undefined, onSent: (f: number) => void) =>
    postWithProgress<ImportReport>('/api/import/check', { ...u, ...(mapping ? { mapping } : {}) }, onSent),
  commit: (u: Upload, mapping: ImportMapping, onSent: (f: number) => void) => postWithProgress<ImportResult>('/api/import/commit', { ...u, mapping }, onSent),
};

/** Sending the file (a share of 100), then the server at work (animated, full). */
function SendProgress({ sent, label }: { sent: number; label: string }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      <Text size="sm">{sent < 1 ? t('import.uploading', { value: Math.round(sent * 100) }) : label}</Text>
      <Progress value={sent < 1 ? Math.round(sent * 100) : 100} animated={sent >= 1} aria-label={label} />
    </Stack>
  );
}

/** A whole-file refusal (intake.*) as one translated line; other errors go to ErrorAlert. */
function fileRefusal(error: unknown): string | undefined {
  if (!(error instanceof ApiError) || error.code !== 'VALIDATION_FAILED') return undefined;
  const issue = error.issues.find((i) => i.path === 'file' || i.path === 'mapping');
  return issue ? issue.code.replace(/^intake\./, '') : undefined;
}

/**
 * Spreadsheet import for caseworkers and administrators: upload, see the
 * encoding and suggested mapping, edit it, dry run (problems by row and
 * column, possible duplicates with what agreed), confirm, result. The file
 * lives only in this page's memory. Administrators also see the backup status.
 */
export function ImportScene() {
  const { t } = useTranslation();
  usePageTitle(t('import.title'));
  const session = useSession();
  const [file, setFile] = useState<File | null>(null);
  const [upload, setUpload] = useState<Upload | null>(null);
  const [mapping, setMapping] = useState<ImportMapping | null>(null);
  const [reviewed, setReviewed] = useState(false);
  const [tooLarge, setTooLarge] = useState(false);
  const [sent, setSent] = useState(0);

  const check = useMutation({
    mutationFn: async (withMapping: boolean) => {
      let u = upload;
      if (!u || !withMapping) {
        if (!file) throw new Error('no file');
        u = { fileName: file.name, contentBase64: await toBase64(file) };
        setUpload(u);
      }
      setSent(0);
      return importApi.check(u, withMapping && mapping ? mapping : undefined, setSent);
    },
    onSuccess: (r) => {
      setMapping(r.mapping);
      setReviewed(false);
    },
  });
  const commit = useMutation({
    mutationFn: () => {
      setSent(0);
      return importApi.commit(upload!, mapping!, setSent);
    },
  });
  const report = check.data;
  const refusal = fileRefusal(check.error) ?? fileRefusal(commit.error);
  // A mapping edited since the last dry run must be checked again before it can be imported.
  const dirty = report !== undefined && JSON.stringify(mapping) !== JSON.stringify(report.mapping);

  const reset = () => {
    setFile(null);
    setUpload(null);
    setMapping(null);
    check.reset();
    commit.reset();
  };

  const choose = (f: File | null) => {
    reset();
    setTooLarge(f !== null && f.size > IMPORT_MAX_FILE_BYTES);
    setFile(f && f.size <= IMPORT_MAX_FILE_BYTES ? f : null);
  };

  return (
    <Stack>
      <Title order={2}>{t('import.title')}</Title>
      {session.data?.role === 'administrator' && <BackupStatus />}
      <Text>{t('import.intro')}</Text>
      {commit.data ? (
        <Alert color="green" role="status" title={t('import.done', { count: commit.data.imported })}>
          <Group>
            <Anchor component={Link} to="/cases">
              {t('import.toCases')}
            </Anchor>
            <Button variant="subtle" onClick={reset}>
              {t('import.again')}
            </Button>
          </Group>
        </Alert>
      ) : (
        <>
          <FileInput
            label={t('import.file')}
            placeholder={t('import.filePlaceholder')}
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            value={file}
            onChange={choose}
            clearable
            error={tooLarge ? t('import.tooLarge') : undefined}
          />
          <Group>
            <Button onClick={() => check.mutate(false)} disabled={!file || commit.isPending} loading={check.isPending && !report}>
              {t('import.check')}
            </Button>
            {report && mapping && (
              <Button variant="light" onClick={() => check.mutate(true)} disabled={commit.isPending} loading={check.isPending}>
                {t('import.recheck')}
              </Button>
            )}
          </Group>
          {check.isPending && <SendProgress sent={sent} label={t('import.checking')} />}
          {refusal ? (
            <Alert color="red" role="alert" title={t('import.fileRefused')}>
              {t(keyFor(FILE_ERROR_KEYS, refusal) ?? 'import.fileErrors.mapping_invalid')}
            </Alert>
          ) : (
            <ErrorAlert error={check.error ?? commit.error} />
          )}
          {report && mapping && (
            <Stack>
              <List size="sm">
                <List.Item>
                  {t('import.format')}: {report.format.toUpperCase()}
                  {report.sheet ? ` (${report.sheet})` : ''}
                </List.Item>
                {report.encoding && (
                  <List.Item data-testid="encoding">
                    {t('import.encoding')}: {report.encoding.encoding}
                    {report.encoding.bom ? ' (BOM)' : ''} · {t('import.confidence', { value: Math.round(report.encoding.confidence * 100) })}
                  </List.Item>
                )}
              </List>
              <ImportMappingEditor report={report} mapping={mapping} onChange={setMapping} />
              <Text fw={600} data-testid="import-summary">
                {t('import.summary', { rows: report.rowsRead, cases: report.cases, errors: report.errors, warnings: report.warnings, duplicates: report.duplicatesTotal })}
              </Text>
              <ImportProblems problems={report.problems} truncated={report.problemsTruncated} />
              <ImportDuplicates duplicates={report.duplicates} total={report.duplicatesTotal} />
              {!report.ok && (
                <Alert color="red" role="alert">
                  {t('import.fixFirst')}
                </Alert>
              )}
              {report.ok && report.cases > 0 && (
                <Stack gap="xs">
                  {report.duplicatesTotal > 0 && (
                    <Checkbox label={t('import.reviewed')} checked={reviewed} onChange={(e) => setReviewed(e.currentTarget.checked)} />
                  )}
                  <Group>
                    <Button
                      color="green"
                      onClick={() => commit.mutate()}
                      disabled={check.isPending || dirty || (report.duplicatesTotal > 0 && !reviewed)}
                      loading={commit.isPending}
                    >
                      {t('import.confirm', { count: report.cases })}
                    </Button>
                  </Group>
                  {commit.isPending && <SendProgress sent={sent} label={t('import.importing')} />}
                </Stack>
              )}
            </Stack>
          )}
        </>
      )}
    </Stack>
  );
}
