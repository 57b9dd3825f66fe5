/**
 * Saves bytes already fetched as a file, through a short-lived object URL
 * (nothing stays in the page or in browser storage afterwards).
 * Example: `saveBlob(await r.blob(), 'dossier.pdf')`.
 */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  try {
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    a.rel = 'noopener';
    document.body.append(a);
    a.click();
    a.remove();
  } finally {
    // Give the browser a moment to start the download, then forget the bytes.
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}
