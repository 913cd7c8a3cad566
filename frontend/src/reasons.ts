import type { SessionEndReason } from './gql/graphql';

// The same words the server uses as websocket close reasons (README: close code 4401).
export const END_REASON_TEXT: Record<SessionEndReason, string> = {
  LOGOUT: 'logged out',
  ADMIN_LOGOUT: 'logged out by an administrator',
  TERMINATE_ALL: 'all sessions were terminated',
  IDLE_TIMEOUT: 'idle timeout',
  CONCURRENT_LIMIT: 'signed in on another device',
};

export function endReasonText(r: SessionEndReason | null | undefined): string {
  return r ? END_REASON_TEXT[r] : '';
}

/** Marks requests the console makes on its own (refetch after an event, a reconnect): the server
 * authenticates them without counting them as the user's activity. */
export const BACKGROUND_HEADER = 'X-Sessionguard-Background';

export const backgroundContext = {
  requestPolicy: 'network-only' as const,
  fetchOptions: { credentials: 'same-origin' as const, headers: { [BACKGROUND_HEADER]: '1' } },
};
