import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface DialogAction {
  label: string;
  onClick: () => void;
  kind?: 'primary' | 'danger' | 'secondary';
}

/** What Tab moves between inside the dialog. */
const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled])';

/**
 * A modal confirmation: focus moves into it (to Cancel, the safe choice, or to the first field of
 * a dialog that asks for input), Tab stays inside, Escape cancels, and focus returns to what was
 * focused before.
 */
export function ConfirmDialog({
  title,
  children,
  actions,
  onCancel,
  cancelLabel = 'Cancel',
  busy = false,
  focusFirstField = false,
}: {
  title: string;
  children: ReactNode;
  actions: DialogAction[];
  onCancel: () => void;
  cancelLabel?: string;
  busy?: boolean;
  focusFirstField?: boolean;
}) {
  const titleId = useId();
  const descId = useId();
  const ref = useRef<HTMLDivElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const field = focusFirstField ? ref.current?.querySelector<HTMLElement>('input, select, textarea') : null;
    (field ?? cancelRef.current)?.focus();
    return () => previous?.focus?.();
    // Only on opening: focus is not pulled back while the dialog changes.
  }, []);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onCancel();
      return;
    }
    if (e.key !== 'Tab' || !ref.current) return;
    const items = Array.from(ref.current.querySelectorAll<HTMLElement>(FOCUSABLE));
    if (!items.length) return;
    const first = items[0];
    const last = items[items.length - 1];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  }

  return (
    <div className="dialog-backdrop">
      <div
        ref={ref}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={descId}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId}>{title}</h2>
        <div id={descId}>{children}</div>
        <div className="dialog-actions">
          <button type="button" ref={cancelRef} onClick={onCancel}>
            {cancelLabel}
          </button>
          {actions.map((a) => (
            <button key={a.label} type="button" className={a.kind ?? 'primary'} onClick={a.onClick} disabled={busy}>
              {a.label}
            </button>
          ))}
        </div>
      </div>
    </div>
  );
}
