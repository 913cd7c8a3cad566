import type { ReactNode } from 'react';
import { Provider, type Client } from 'urql';
import { CombinedError, type OperationResult } from '@urql/core';
import { fromValue, never, pipe, delay } from 'wonka';
import { afterEach, beforeEach, vi } from 'vitest';
import { act } from '@testing-library/react';
import { resetServerClock } from './serverClock';
import { MeContext, type Me } from './context';
import { HashRouted } from './HashRouted';

type Op = { kind: string; query: unknown; variables: Record<string, unknown>; context?: unknown };
type Responder = (op: Op) => Partial<OperationResult> | undefined;

/** A urql client whose results come from respond(); every operation is recorded in calls. */
export function mockClient(respond: Responder) {
  const calls: Op[] = [];
  const run = (kind: string) =>
    vi.fn((request: { query: unknown; variables: Record<string, unknown> }, context?: unknown) => {
      const op = { kind, query: request.query, variables: request.variables, context };
      calls.push(op);
      const r = respond(op);
      if (!r) return never;
      return pipe(fromValue({ operation: request, stale: false, hasNext: false, ...r } as OperationResult), delay(1));
    });
  const client = {
    executeQuery: run('query'),
    executeMutation: run('mutation'),
    executeSubscription: vi.fn(() => never),
  };
  (client as Record<string, unknown>).query = (q: unknown, v: Record<string, unknown>, c?: unknown) => ({
    toPromise: () =>
      new Promise((resolve) => {
        const op = { kind: 'query', query: q, variables: v, context: c };
        calls.push(op);
        resolve({ ...(respond(op) ?? {}) });
      }),
  });
  (client as Record<string, unknown>).mutation = (q: unknown, v: Record<string, unknown>, c?: unknown) => ({
    toPromise: () =>
      new Promise((resolve) => {
        const op = { kind: 'mutation', query: q, variables: v, context: c };
        calls.push(op);
        resolve({ ...(respond(op) ?? {}) });
      }),
  });
  return { client: client as unknown as Client, calls };
}

export function badInput(field: string, message: string) {
  return new CombinedError({
    graphQLErrors: [{ message, extensions: { code: 'BAD_USER_INPUT', field } }],
  });
}

/** The operation's name, from its parsed document. */
export function opName(query: unknown): string {
  const doc = query as { definitions: { kind: string; name?: { value: string } }[] };
  return doc.definitions.find((d) => d.kind === 'OperationDefinition')?.name?.value ?? '';
}

export const adminMe: Me = {
  user: { id: 'u-admin', name: 'Ada Admin', email: 'ada@x.test', role: 'ADMIN', account: { id: 'a1', name: 'Acme' } },
  session: { id: 's-admin' },
};

/** children with a urql client, a signed-in user (an admin unless me says otherwise) and the hash router. */
export function wrap(client: Client, children: ReactNode, me: Me = adminMe) {
  return (
    <Provider value={client}>
      <MeContext.Provider value={me}>
        <HashRouted>{children}</HashRouted>
      </MeContext.Provider>
    </Provider>
  );
}

/** Every test of the suite on fake timers from t0; the server's clock forgotten after each. */
export function fakeTimeFrom(t0: number) {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(t0);
  });
  afterEach(() => {
    vi.useRealTimers();
    resetServerClock();
  });
}

/** Moves the fake clock on by ms, running the timers and what React renders because of them. */
export const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));
