/** Files the options page hands to the browser's downloads (playbooks, revisions, the pipeline CSV, backups). */
import type { Download } from './model';

/** A Blob URL on a temporary `<a download>`, released once clicked. */
export function saveFile({ fileName, text, type = 'application/json' }: Download): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started from the click; a tick later the URL is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
