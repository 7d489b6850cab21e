/** A success or error box of the options page: an icon, an optional title, the message. Errors may be alerts. */
import type { ComponentChildren } from 'preact';
import { ErrorIcon, SuccessIcon } from '../ui/icons';

export function Notice({
  kind,
  title,
  alert = false,
  children,
}: {
  kind: 'success' | 'error';
  title?: string;
  alert?: boolean;
  children: ComponentChildren;
}) {
  return (
    <div class={`notice notice-${kind}`} role={alert ? 'alert' : undefined}>
      {kind === 'success' ? <SuccessIcon /> : <ErrorIcon />}
      <div>
        {title !== undefined && <p class="notice-title">{title}</p>}
        {children}
      </div>
    </div>
  );
}
