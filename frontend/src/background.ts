/** Marks requests the console makes on its own (refetch after an event, a reconnect): the server
 * authenticates them without counting them as the user's activity. */
export const BACKGROUND_HEADER = 'X-Sessionguard-Background';

export const backgroundContext = {
  requestPolicy: 'network-only' as const,
  fetchOptions: { credentials: 'same-origin' as const, headers: { [BACKGROUND_HEADER]: '1' } },
};
