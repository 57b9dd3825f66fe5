import { Anchor, Group, Modal } from '@mantine/core';
import { useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, parseError } from '../api/client.ts';
import { ReauthForm } from './BreakGlassReauth.tsx';
import { saveBlob } from '../lib/save-file.ts';
import { ErrorAlert } from './Messages.tsx';

/**
 * Asks for the password and a fresh TOTP code again (issue #6: the server answers
 * 428 REAUTH_REQUIRED on dossier generation and download without a recent one),
 * then lets the caller retry. A modal, rendered outside any other form: the
 * re-authentication form must not be nested in the dossier form.
 */
export function DossierReauth({ opened, onDone, onClose }: { opened: boolean; onDone: () => void; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('access.reauth.title')}>
      <ReauthForm onDone={onDone} />
    </Modal>
  );
}

/** The file name the server gave (a date or dossier reference only, never identifying text). */
function filenameOf(disposition: string | null, fallback: string): string {
  return /filename="([^"]+)"/.exec(disposition ?? '')?.[1] ?? fallback;
}

/**
 * Fetches a dossier file with the session cookie, so that a refusal (428, a
 * withdrawn consent) comes back as an error to show instead of being saved as a
 * file, then saves it through a short-lived object URL.
 */
async function downloadDossier(url: string, fallback: string): Promise<void> {
  const r = await fetch(url, { credentials: 'same-origin' });
  if (!r.ok) {
    const body: unknown = await r.json().catch(() => null);
    throw parseError(r.status, body);
  }
  saveBlob(await r.blob(), filenameOf(r.headers.get('content-disposition'), fallback));
}

interface Format {
  format: 'pdf' | 'json';
  lang: 'ko' | 'en';
  label: string;
}

/** The download links of one dossier; a 428 opens the re-authentication form, then the download resumes. */
export function DossierDownloads({ id, reference }: { id: string; reference: string }) {
  const { t } = useTranslation();
  const [pending, setPending] = useState<Format | null>(null);
  const [needReauth, setNeedReauth] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const formats: Format[] = [
    { format: 'pdf', lang: 'ko', label: t('advocacy.dossier.pdfKo') },
    { format: 'pdf', lang: 'en', label: t('advocacy.dossier.pdfEn') },
    { format: 'json', lang: 'en', label: t('advocacy.dossier.json') },
  ];
  const href = (f: Format) => `/api/advocacy/dossiers/${encodeURIComponent(id)}/download?format=${f.format}&lang=${f.lang}`;
  const start = (f: Format) => {
    setError(null);
    downloadDossier(href(f), `${reference}.${f.format}`).then(
      () => setPending(null),
      (e: unknown) => {
        if (e instanceof ApiError && e.code === 'REAUTH_REQUIRED') {
          setPending(f);
          setNeedReauth(true);
        } else setError(e);
      },
    );
  };
  const click = (f: Format) => (e: MouseEvent) => {
    e.preventDefault();
    start(f);
  };
  return (
    <>
      <Group gap="xs" wrap="nowrap">
        {formats.map((f) => (
          <Anchor key={`${f.format}-${f.lang}`} href={href(f)} onClick={click(f)}>
            {f.label}
          </Anchor>
        ))}
      </Group>
      <ErrorAlert error={error} />
      <DossierReauth
        opened={needReauth}
        onClose={() => {
          setNeedReauth(false);
          setPending(null);
        }}
        onDone={() => {
          setNeedReauth(false);
          if (pending) start(pending);
        }}
      />
    </>
  );
}
