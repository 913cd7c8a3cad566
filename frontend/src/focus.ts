/**
 * Moves focus to the first field marked invalid (aria-invalid) in scope, or else to its first
 * alert, so that a refused form never leaves focus on <body> or on a button far from the reason.
 * scope defaults to the open dialog, if any, else the page. Alerts get tabIndex -1 to take focus.
 */
export function focusFirstProblem(scope?: Element | null) {
  const root = scope ?? document.querySelector('[role="dialog"]') ?? document;
  const field = root.querySelector<HTMLElement>('[aria-invalid="true"]');
  if (field) {
    field.focus();
    return;
  }
  const alert = root.querySelector<HTMLElement>('[role="alert"]');
  if (alert) {
    if (!alert.hasAttribute('tabindex')) alert.tabIndex = -1;
    alert.focus();
  }
}
