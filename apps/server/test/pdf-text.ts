import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// PDF checks of the server tests: text extracted with pdftotext (Debian's poppler-utils).

/** Whether pdftotext is installed; under HOMEWARD_TEST_STRICT=1 (CI) its absence is an error, never a skip. */
export function hasPoppler(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.HOMEWARD_TEST_STRICT === '1') throw new Error('pdftotext (poppler-utils) is required under HOMEWARD_TEST_STRICT=1');
    return false;
  }
}

/** The text of a PDF, as pdftotext reads it (UTF-8). */
export function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-pdf-'));
  try {
    writeFileSync(join(dir, 'd.pdf'), pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'd.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
