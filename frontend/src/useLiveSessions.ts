import { useCallback, useEffect, useRef } from 'react';
import { useSubscription, type AnyVariables, type DocumentInput, type OperationContext } from 'urql';
import { SessionEventsSubscription } from './operations';
import { backgroundContext } from './background';
import { useOnResync } from './context';

/**
 * Keeps a session list fresh from `sessionEvents` (optionally one user's): a debounced refetch on
 * every event and after a websocket reconnect, and when the stream ends with an error
 * (RESYNC_REQUIRED, SLOW_CONSUMER, ...) a refetch and a new subscription. The refetches are
 * background requests: the server does not count them as the user's activity.
 */
export function useLiveSessions(refetch: (opts?: Partial<OperationContext>) => void, userId?: string) {
  useLiveRefetch(refetch, SessionEventsSubscription, userId ? { userId } : {});
}

/**
 * Keeps a list fresh from a subscription that tells it changed (sessionEvents, auditEventAdded):
 * as useLiveSessions describes, for any such subscription.
 */
export function useLiveRefetch<Data, Variables extends AnyVariables>(
  refetch: (opts?: Partial<OperationContext>) => void,
  subscription: DocumentInput<Data, Variables>,
  variables: Variables,
) {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const backgroundRefetch = useCallback(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      refetch(backgroundContext);
    }, 200);
  }, [refetch]);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);
  useOnResync(backgroundRefetch);

  const [events, resubscribe] = useSubscription(
    { query: subscription, variables },
    (_prev, ev) => {
      backgroundRefetch();
      return ev;
    },
  );
  useEffect(() => {
    if (!events.error) return;
    backgroundRefetch();
    const t = setTimeout(() => resubscribe({ requestPolicy: 'network-only' }), 1000);
    return () => clearTimeout(t);
  }, [events.error, backgroundRefetch, resubscribe]);
}
