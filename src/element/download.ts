import { safeDownloadName } from './download-name.js';

/** Hands a Blob to the browser's download, under `fileName` made safe for the reader's OS. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = safeDownloadName(fileName);
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // The click starts the download synchronously; the URL can go after this task.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
