import { useState, type ReactNode } from 'react';
import { ConfirmDialog } from './ConfirmDialog';

/**
 * A secret shown this once (an API key, a webhook's signing secret), with a copy button; children
 * say what it is for.
 */
export function SecretDialog({
  title,
  secret,
  copyLabel,
  testId,
  onClose,
  children,
}: {
  title: string;
  secret: string;
  copyLabel: string;
  testId: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const [copied, setCopied] = useState('');
  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('Copied.');
    } catch {
      setCopied('Copying failed: select the secret and copy it yourself.');
    }
  }
  return (
    <ConfirmDialog title={title} cancelLabel="Done" onCancel={onClose} actions={[{ label: copyLabel, kind: 'secondary', onClick: () => void copy() }]}>
      {children}
      <p><code data-testid={testId} style={{ wordBreak: 'break-all' }}>{secret}</code></p>
      <p role="status">{copied}</p>
    </ConfirmDialog>
  );
}
