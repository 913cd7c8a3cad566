import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from 'urql';
import { createClient as createWSClient, type Client as WSClient } from 'graphql-ws';
import { ConnectionStore } from './connection';
import { fetchNotingServerDate } from './serverClock';

/**
 * After an UNAUTHENTICATED answer, how long to wait for the open socket's 4401 close, which says
 * why the session ended: a request can reach the server between the moment a session stops being
 * valid (an idle or lifetime deadline) and the one its sockets are closed, and "Your session has
 * ended" would then replace "the session reached its maximum lifetime".
 */
export const REASON_WAIT_MS = 1500;

export interface ClientHandlers {
  /** The server says this session is gone: a 4401 close (reason given) or UNAUTHENTICATED. */
  onSessionEnded: (reason: string | null) => void;
}

export interface ConsoleClient {
  client: Client;
  connection: ConnectionStore;
  dispose: () => void;
}

/** ws(s)://<this host>/graphql: the session cookie on the upgrade authenticates the socket. */
export function websocketUrl(loc: Location = window.location): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/graphql`;
}

function isCloseEvent(e: unknown): e is CloseEvent {
  return typeof e === 'object' && e !== null && 'code' in e && 'reason' in e;
}

/**
 * One urql client per sign-in: HTTP with the session cookie (credentials 'same-origin'), and a
 * lazy graphql-ws socket that opens with the first subscription, sends no token and reconnects
 * after network failures, but not after 4401 (session ended) or 4403 (no valid session).
 */
export function makeClient(handlers: ClientHandlers): ConsoleClient {
  const connection = new ConnectionStore();
  let disposed = false;
  let waitingForReason: ReturnType<typeof setTimeout> | null = null;
  const sessionEnded = (reason: string | null) => {
    if (waitingForReason) clearTimeout(waitingForReason);
    waitingForReason = null;
    handlers.onSessionEnded(reason);
  };
  const unauthenticated = () => {
    if (connection.getState() !== 'online') return sessionEnded(null); // no close will say why
    waitingForReason ??= setTimeout(() => sessionEnded(null), REASON_WAIT_MS);
  };
  const ws: WSClient = createWSClient({
    url: websocketUrl(),
    lazy: true,
    retryAttempts: Infinity,
    shouldRetry: (e) => !(isCloseEvent(e) && (e.code === 4401 || e.code === 4403)),
    on: {
      connected: () => connection.connected(),
      closed: (e) => {
        if (disposed) return;
        connection.closed();
        if (isCloseEvent(e) && e.code === 4401) sessionEnded(e.reason || null);
        if (isCloseEvent(e) && e.code === 4403) sessionEnded(null);
      },
    },
  });

  const client = new Client({
    url: '/graphql',
    preferGetMethod: false,
    fetchOptions: { credentials: 'same-origin' },
    fetch: fetchNotingServerDate,
    requestPolicy: 'cache-and-network',
    exchanges: [
      mapExchange({
        onResult(result) {
          if (result.error?.graphQLErrors.some((g) => g.extensions?.code === 'UNAUTHENTICATED')) unauthenticated();
          return result;
        },
      }),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query || '' };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });

  return {
    client,
    connection,
    dispose: () => {
      disposed = true;
      if (waitingForReason) clearTimeout(waitingForReason);
      void ws.dispose();
    },
  };
}
