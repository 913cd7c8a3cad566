import type { CombinedError } from '@urql/core';

/** The extensions.code of each GraphQL error in e. */
export function errorCodes(e: CombinedError | undefined | null): string[] {
  if (!e) return [];
  return e.graphQLErrors.map((g) => String(g.extensions?.code ?? ''));
}

export function hasCode(e: CombinedError | undefined | null, code: string): boolean {
  return errorCodes(e).includes(code);
}

/** BAD_USER_INPUT errors by extensions.field, plus messages that name no field under "". */
export function fieldErrors(e: CombinedError | undefined | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (!e) return out;
  for (const g of e.graphQLErrors) {
    const field = g.extensions?.code === 'BAD_USER_INPUT' ? String(g.extensions?.field ?? '') : '';
    const key = field.replace(/^input\./, '');
    out[key] = out[key] ? `${out[key]} ${g.message}` : g.message;
  }
  if (e.networkError && !e.graphQLErrors.length) out[''] = 'The server could not be reached. Try again.';
  return out;
}

/** A sentence for a user, from any error. */
export function describeError(e: CombinedError | undefined | null): string {
  if (!e) return '';
  if (e.graphQLErrors.length) return e.graphQLErrors.map((g) => g.message).join(' ');
  return 'The server could not be reached. Try again.';
}

/**
 * fieldErrors in sentences for a person: the server's "role would leave the account without an
 * active administrator" (field role) becomes "The new role would leave the account without an
 * active administrator." with labels { role: 'The new role' }. A field without a label keeps
 * the server's words. Other fields the message names are put as the form labels them too:
 * "idleTimeoutValue is required when idleTimeoutEnabled is true" reads "Idle timeout is required
 * when Idle Session Timeout is on".
 */
export function plainFieldErrors(e: CombinedError | undefined | null, labels: Record<string, string>): Record<string, string> {
  const out = fieldErrors(e);
  for (const [field, message] of Object.entries(out)) {
    const label = labels[field];
    const words = label && message.startsWith(`${field} `) ? `${label} ${message.slice(field.length + 1)}` : message;
    out[field] = sentence(labelled(words, labels));
  }
  return out;
}

/**
 * words with every field name that labels knows replaced by its label; "x is true" reads "x is on".
 * A name inside a path (roleOverrides[1].idleTimeoutValue) is left for byRole to read.
 */
export function labelled(words: string, labels: Record<string, string>): string {
  return words.replace(/(?<![.\w\]])([a-z]+[A-Z]\w*)\b( is true| is false)?/g, (all, name: string, state?: string) => {
    const label = labels[name];
    if (!label) return all;
    return `${label}${state ? (state === ' is true' ? ' is on' : ' is off') : ''}`;
  });
}

function sentence(s: string): string {
  const t = s.trim();
  if (!t) return t;
  return t[0].toUpperCase() + t.slice(1) + (/[.!?]$/.test(t) ? '' : '.');
}
