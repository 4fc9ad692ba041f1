import { sanitizeFileName } from '../state/state-file.js';

/**
 * Names Windows keeps for devices, with any extension (`CON.txt` too):
 * https://learn.microsoft.com/windows/win32/fileio/naming-a-file
 */
const RESERVED_STEM = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;

/**
 * A name the reader's OS can save a download under, whatever the folder
 * holds. A backslash, a colon or a drive letter is an ordinary character of
 * a POSIX name (Python may write `C:\Users\me\out.csv` as one file), so they
 * become `_` instead of cutting the name at them: `C__Users_me_out.csv`.
 * Device names such as `CON` get a leading `_`; dots and spaces at the ends go.
 */
export function safeDownloadName(name: string): string {
  const segment = name.slice(name.lastIndexOf('/') + 1);
  const safe = sanitizeFileName(segment.replace(/[\\:]/g, '_'));
  const stem = safe.split('.')[0] ?? '';
  return RESERVED_STEM.test(stem.trimEnd()) ? `_${safe}` : safe;
}
