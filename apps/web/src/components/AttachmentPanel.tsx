import { Alert, Button, Card, Group, Image, List, Modal, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Attachment, AttachmentOwnerType, RemovedMetadata } from '@homeward/contracts';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError, apiRequest, parseError } from '../api/client.ts';
import { formatPartialDate } from '../lib/format.ts';
import { emptyDate, toPartialDate, type DateFields } from '../lib/partial-date.ts';
import { saveBlob } from '../lib/save-file.ts';
import { ErrorAlert, IssueText } from './Messages.tsx';
import { PartialDateField } from './PartialDateField.tsx';

/**
 * Photos, signed forms and scans of a case, a person, a lead or a consent
 * (issue #10). The server checks each file, removes its hidden metadata and
 * stores it encrypted; this panel says what was removed ("위치 정보 삭제됨").
 * The original never stays in the browser: the chosen File is dropped after
 * the upload, nothing goes to storage, and every object URL made to show a
 * thumbnail or open a file is revoked when it is no longer shown.
 */

const enc = encodeURIComponent;
export const attachmentApi = {
  list: (ownerType: AttachmentOwnerType, ownerId: string) =>
    apiRequest<{ items: Attachment[] }>('GET', `/api/attachments?ownerType=${enc(ownerType)}&ownerId=${enc(ownerId)}`),
  remove: async (id: string): Promise<void> => {
    const r = await fetch(`/api/attachments/${enc(id)}`, { method: 'DELETE', headers: { 'x-homeward-csrf': '1' }, credentials: 'same-origin' });
    if (!r.ok) throw parseError(r.status, await r.json().catch(() => undefined));
  },
  /** A multipart upload: the browser sets the boundary; the CSRF header is the same as for every write. */
  upload: async (form: FormData): Promise<Attachment> => {
    let r: Response;
    try {
      r = await fetch('/api/attachments', { method: 'POST', headers: { 'x-homeward-csrf': '1', accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store', body: form });
    } catch {
      throw new ApiError('NETWORK', 0);
    }
    const body: unknown = await r.json().catch(() => undefined);
    if (!r.ok) throw parseError(r.status, body);
    return body as Attachment;
  },
  /** The bytes of a file or its thumbnail, as a Blob kept only in memory. */
  blob: async (id: string, which: 'content' | 'thumbnail'): Promise<Blob> => {
    const r = await fetch(`/api/attachments/${enc(id)}/${which}`, { credentials: 'same-origin', cache: 'no-store' });
    if (!r.ok) throw parseError(r.status, await r.json().catch(() => undefined));
    return r.blob();
  },
};

/** Removed-metadata labels, spelt out so the catalogue test sees every key. */
export function removedLabel(t: TFunction, what: RemovedMetadata): string {
  const labels: Record<RemovedMetadata, string> = {
    location: t('attachments.removed.location'),
    device: t('attachments.removed.device'),
    serial: t('attachments.removed.serial'),
    time: t('attachments.removed.time'),
    author: t('attachments.removed.author'),
    thumbnail: t('attachments.removed.thumbnail'),
    xmp: t('attachments.removed.xmp'),
    iptc: t('attachments.removed.iptc'),
    icc: t('attachments.removed.icc'),
    comment: t('attachments.removed.comment'),
    document_info: t('attachments.removed.document_info'),
    trailing_data: t('attachments.removed.trailing_data'),
  };
  return labels[what];
}

const REFUSALS = ['not_supported', 'mismatch', 'truncated', 'too_many_pixels', 'polyglot', 'heic_unsupported', 'corrupt', 'pdf_active_content', 'pdf_encrypted', 'empty', 'too_large', 'required'] as const;
type Refusal = (typeof REFUSALS)[number];

function refusalLabel(t: TFunction, code: Refusal): string {
  const labels: Record<Refusal, string> = {
    not_supported: t('attachments.refused.not_supported'),
    mismatch: t('attachments.refused.mismatch'),
    truncated: t('attachments.refused.truncated'),
    too_many_pixels: t('attachments.refused.too_many_pixels'),
    polyglot: t('attachments.refused.polyglot'),
    heic_unsupported: t('attachments.refused.heic_unsupported'),
    corrupt: t('attachments.refused.corrupt'),
    pdf_active_content: t('attachments.refused.pdf_active_content'),
    pdf_encrypted: t('attachments.refused.pdf_encrypted'),
    empty: t('attachments.refused.empty'),
    too_large: t('attachments.refused.too_large'),
    required: t('attachments.refused.required'),
  };
  return labels[code];
}

/** Shows a Blob through an object URL that lives exactly as long as this component shows it. */
function useObjectUrl(load: (() => Promise<Blob>) | undefined, key: string): { url: string | undefined; failed: boolean } {
  const [state, setState] = useState<{ url: string | undefined; failed: boolean }>({ url: undefined, failed: false });
  useEffect(() => {
    if (!load) return undefined;
    let url: string | undefined;
    let live = true;
    load().then(
      (blob) => {
        if (!live) return;
        url = URL.createObjectURL(blob);
        setState({ url, failed: false });
      },
      () => live && setState({ url: undefined, failed: true }),
    );
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
    // The loader is recreated on each render; the key says when the content really changes.
  }, [key]);
  return state;
}

function Thumbnail({ item }: { item: Attachment }) {
  const { t } = useTranslation();
  const { url, failed } = useObjectUrl(item.hasThumbnail ? () => attachmentApi.blob(item.id, 'thumbnail') : undefined, `${item.id}:thumb`);
  if (!item.hasThumbnail) return <Text size="sm" c="dimmed">{item.kind === 'pdf' ? t('attachments.pdf') : t('attachments.noPreview')}</Text>;
  if (failed) return <Text size="sm" c="dimmed">{t('attachments.previewFailed')}</Text>;
  if (!url) return <Text size="sm" c="dimmed">{t('attachments.loading')}</Text>;
  return <Image src={url} alt={item.caption ?? t('attachments.thumbnailAlt')} h={120} w="auto" fit="contain" radius="sm" data-testid="attachment-thumbnail" />;
}

function Viewer({ item, onClose }: { item: Attachment; onClose: () => void }) {
  const { t } = useTranslation();
  const { url, failed } = useObjectUrl(() => attachmentApi.blob(item.id, 'content'), `${item.id}:content`);
  return (
    <Modal opened onClose={onClose} title={item.caption ?? item.fileName} size="xl" fullScreen={window.innerWidth < 600}>
      {failed && <Alert color="red">{t('attachments.previewFailed')}</Alert>}
      {!failed && !url && <Text>{t('attachments.loading')}</Text>}
      {url && <Image src={url} alt={item.caption ?? t('attachments.thumbnailAlt')} fit="contain" />}
    </Modal>
  );
}

/** Downloads through a short-lived object URL (the server audits the download). */
async function download(item: Attachment): Promise<void> {
  saveBlob(await attachmentApi.blob(item.id, 'content'), item.fileName);
}

interface UploadValues {
  caption: string;
  date: DateFields;
}

function UploadForm({ ownerType, ownerId, onUploaded }: { ownerType: AttachmentOwnerType; ownerId: string; onUploaded: (a: Attachment) => void }) {
  const { t } = useTranslation();
  const fileInput = useRef<HTMLInputElement>(null);
  const fileId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<Refusal | null>(null);
  const form = useForm<UploadValues>({ mode: 'controlled', initialValues: { caption: '', date: emptyDate('none') } });
  const forget = () => {
    // Drop every reference to the original: the state and the input's own file list.
    setFile(null);
    if (fileInput.current) fileInput.current.value = '';
  };
  const upload = useMutation({
    mutationFn: attachmentApi.upload,
    onSuccess: (a) => {
      forget();
      form.reset();
      onUploaded(a);
    },
    onError: (error) => {
      forget();
      if (error instanceof ApiError) {
        const issue = error.issues.find((i) => i.path === 'file');
        if (issue && (REFUSALS as readonly string[]).includes(issue.code)) setFileError(issue.code as Refusal);
        else if (error.code === 'PAYLOAD_TOO_LARGE') setFileError('too_large');
        const placed = error.issues.filter((i) => i.path === 'caption' || i.path.startsWith('date.'));
        form.setErrors(Object.fromEntries(placed.map((i) => [i.path, <IssueText key={i.path} code={i.code} />])));
      }
    },
  });
  const submit = () => {
    setFileError(null);
    form.clearErrors();
    const values = form.getValues();
    const errors: Record<string, string> = {};
    const date = toPartialDate(values.date, 'date', errors);
    if (Object.keys(errors).length > 0) {
      form.setErrors(Object.fromEntries(Object.entries(errors).map(([p, c]) => [p, <IssueText key={p} code={c} />])));
      return;
    }
    if (!file) {
      setFileError('required');
      fileInput.current?.focus();
      return;
    }
    const body = new FormData();
    body.append('ownerType', ownerType);
    body.append('ownerId', ownerId);
    if (values.caption.trim()) body.append('caption', values.caption.trim());
    if (date) body.append('date', JSON.stringify(date));
    body.append('file', file);
    upload.mutate(body);
  };
  const unexpected = upload.error instanceof ApiError && !fileError && upload.error.issues.length === 0 ? upload.error : null;
  return (
    // Not a <form>: the panel may sit inside another form (the lead form), and forms must not nest.
    <Stack gap="sm" role="group" aria-label={t('attachments.add')}>
      <ErrorAlert error={unexpected} />
      <div>
        <Text component="label" htmlFor={fileId} size="sm" fw={500}>
          {t('attachments.file')}
        </Text>
        <Text size="xs" c="dimmed">
          {t('attachments.fileHint')}
        </Text>
        <input
          id={fileId}
          ref={fileInput}
          type="file"
          // No image/heic: an iPhone then hands over its HEIC photos converted to JPEG, which the server can read.
          accept="image/jpeg,image/png,image/webp,image/tiff,application/pdf"
          aria-invalid={fileError ? true : undefined}
          aria-describedby={fileError ? `${fileId}-error` : undefined}
          onChange={(e) => {
            setFileError(null);
            setFile(e.currentTarget.files?.[0] ?? null);
          }}
        />
        {fileError && (
          <Text id={`${fileId}-error`} size="sm" c="red" role="alert" mt={4}>
            {refusalLabel(t, fileError)}
          </Text>
        )}
      </div>
      <TextInput
        label={t('attachments.caption')}
        autoComplete="off"
        {...form.getInputProps('caption')}
        onKeyDown={(e) => {
          // Enter must not submit a surrounding form (the lead form) with the file half-chosen.
          if (e.key === 'Enter') {
            e.preventDefault();
            submit();
          }
        }}
      />
      <PartialDateField form={form} path="date" label={t('attachments.date')} />
      <Group>
        <Button type="button" onClick={submit} loading={upload.isPending}>
          {t('attachments.upload')}
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * Files of one record. Example: `<AttachmentPanel ownerType="lead" ownerId={lead.id} />`.
 */
export function AttachmentPanel({ ownerType, ownerId }: { ownerType: AttachmentOwnerType; ownerId: string }) {
  const { t } = useTranslation();
  const titleId = useId();
  const queryClient = useQueryClient();
  const key = ['attachments', ownerType, ownerId];
  const list = useQuery({ queryKey: key, queryFn: () => attachmentApi.list(ownerType, ownerId) });
  const [adding, setAdding] = useState(false);
  const [last, setLast] = useState<Attachment | null>(null);
  const [viewing, setViewing] = useState<Attachment | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const remove = useMutation({
    mutationFn: attachmentApi.remove,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: key }),
    onError: setActionError,
  });
  const items = list.data?.items ?? [];
  return (
    <Card withBorder component="section" aria-labelledby={titleId}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h4" id={titleId}>
            {t('attachments.title')}
          </Title>
          {!adding && (
            <Button type="button" size="xs" variant="light" onClick={() => setAdding(true)}>
              {t('attachments.add')}
            </Button>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {t('attachments.privacyNote')}
        </Text>
        {last && (
          <Alert color="teal" role="status" title={last.removed.length ? t('attachments.removedTitle') : t('attachments.removedNothing')} withCloseButton onClose={() => setLast(null)}>
            {last.removed.length > 0 && (
              <List size="sm" data-testid="removed-list">
                {last.removed.map((r) => (
                  <List.Item key={r}>{removedLabel(t, r)}</List.Item>
                ))}
              </List>
            )}
          </Alert>
        )}
        {adding && (
          <UploadForm
            ownerType={ownerType}
            ownerId={ownerId}
            onUploaded={(a) => {
              setLast(a);
              setAdding(false);
              void queryClient.invalidateQueries({ queryKey: key });
            }}
          />
        )}
        <ErrorAlert error={list.error ?? actionError} />
        {list.isSuccess && items.length === 0 && <Text size="sm">{t('attachments.none')}</Text>}
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }}>
          {items.map((item) => (
            <Card key={item.id} withBorder padding="xs" data-testid="attachment">
              <Stack gap={4}>
                <Thumbnail item={item} />
                <Text size="sm" fw={500} lineClamp={2}>
                  {item.caption ?? item.fileName}
                </Text>
                {item.date && (
                  <Text size="xs" c="dimmed">
                    {formatPartialDate(t, item.date)}
                  </Text>
                )}
                <Group gap="xs">
                  {item.kind === 'image' && (
                    <Button type="button" size="compact-sm" variant="light" onClick={() => setViewing(item)}>
                      {t('attachments.open')}
                    </Button>
                  )}
                  <Button type="button" size="compact-sm" variant="default" onClick={() => void download(item).catch(setActionError)}>
                    {t('attachments.download')}
                  </Button>
                  <Button
                    type="button"
                    size="compact-sm"
                    variant="subtle"
                    color="red"
                    onClick={() => {
                      if (window.confirm(t('attachments.confirmDelete'))) remove.mutate(item.id);
                    }}
                  >
                    {t('attachments.delete')}
                  </Button>
                </Group>
              </Stack>
            </Card>
          ))}
        </SimpleGrid>
      </Stack>
      {viewing && <Viewer item={viewing} onClose={() => setViewing(null)} />}
    </Card>
  );
}
