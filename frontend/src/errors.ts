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
