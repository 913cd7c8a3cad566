import { createContext, useContext, useEffect, useSyncExternalStore } from 'react';
import type { MeQuery } from './gql/graphql';
import { ConnectionStore } from './connection';

export type Me = MeQuery['me'];

export const MeContext = createContext<Me | null>(null);
export const ConnectionContext = createContext<ConnectionStore>(new ConnectionStore());

export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe outside a signed-in page');
  return me;
}

export function useConnectionState() {
  const store = useContext(ConnectionContext);
  return useSyncExternalStore(store.subscribe, store.getState, store.getState);
}

/** Runs fn after each websocket reconnect. */
export function useOnResync(fn: () => void) {
  const store = useContext(ConnectionContext);
  useEffect(() => store.onResync(fn), [store, fn]);
}
