import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import { Provider, useQuery } from 'urql';
import { makeClient, REASON_WAIT_MS } from './client';
import { ConnectionContext } from './context';
import { MySessionsQuery } from './operations';
import { useLiveSessions } from './useLiveSessions';
import { App } from './App';
import { HashRouted } from './HashRouted';

// useLiveSessions over the console's real client (urql, graphql-ws): only the two boundaries are
// fakes, the websocket (a graphql-transport-ws server end per socket the console opens) and fetch.

type Message = { type: string; id?: string; payload?: { query?: string; variables?: Record<string, unknown> } };

/** The server end of one websocket the console opened. */
class FakeSocket {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSING = 2;
  static CLOSED = 3;
  static opened: FakeSocket[] = [];

  readyState = FakeSocket.CONNECTING;
  sent: Message[] = [];
  onopen: ((e: unknown) => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: ((e: { code: number; reason: string; wasClean: boolean }) => void) | null = null;
  onerror: ((e: unknown) => void) | null = null;

  constructor(
    readonly url: string,
    readonly protocol: string,
  ) {
    FakeSocket.opened.push(this);
  }

  // The client's side.
  send(data: string) {
    this.sent.push(JSON.parse(data) as Message);
  }
  close(code = 1000, reason = '') {
    if (this.readyState === FakeSocket.CLOSED) return;
    this.readyState = FakeSocket.CLOSED;
    this.onclose?.({ code, reason, wasClean: code !== 1006 });
  }

  // The server's side, each step inside act() so that React renders what it caused.
  async accept() {
    this.readyState = FakeSocket.OPEN;
    await act(async () => this.onopen?.({}));
    await advance(0); // connection_init is sent after a microtask
    expect(this.sent.map((m) => m.type)).toContain('connection_init');
    await this.deliver({ type: 'connection_ack' });
    await advance(0);
  }
  async deliver(m: Message | { type: string; id: string; payload: unknown }) {
    await act(async () => this.onmessage?.({ data: JSON.stringify(m) }));
  }
  /** The ids of the operations started on this socket whose query contains text. */
  started(text: string): string[] {
    return this.sent.filter((m) => m.type === 'subscribe' && m.payload?.query?.includes(text)).map((m) => m.id ?? '');
  }
  async closeWith(code: number, reason: string) {
    await act(async () => this.close(code, reason));
  }
}

const lastSocket = () => FakeSocket.opened[FakeSocket.opened.length - 1];
const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));

/** One HTTP request the console sent. */
type Sent = { operationName: string; variables: Record<string, unknown>; background: boolean };

/** A whole GraphQL response, for an answer that is not plain data. */
class Response_ {
  constructor(readonly body: unknown) {}
}

/** Answers the console's HTTP requests by operation name (data, or a Response_) and records them. */
function fakeFetch(answers: Record<string, unknown>) {
  const requests: Sent[] = [];
  const fetch = vi.fn(async (_url: unknown, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as { operationName: string; variables: Record<string, unknown> };
    requests.push({
      operationName: body.operationName,
      variables: body.variables,
      background: new Headers(init?.headers).get('X-Sessionguard-Background') === '1',
    });
    const data = answers[body.operationName];
    const result =
      data instanceof Response_ ? data.body : data === undefined ? { errors: [{ message: `no answer for ${body.operationName}` }] } : { data };
    return new Response(JSON.stringify(result), { headers: { 'Content-Type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetch);
  return requests;
}

const noSessions = { mySessions: { __typename: 'SessionConnection', totalCount: 0, nodes: [] } };

const sessionEvent = (id: string) => ({
  data: {
    sessionEvents: {
      __typename: 'SessionEvent',
      type: 'STARTED',
      occurredAt: '2026-01-01T10:00:00Z',
      session: {
        __typename: 'Session', id, status: 'ACTIVE', loginIp: '127.0.0.1', loginCity: null, loginCountry: null,
        device: 'Firefox on Linux', loginAt: '2026-01-01T10:00:00Z', lastActiveAt: '2026-01-01T10:00:00Z',
        endedAt: null, endReason: null, endedBy: null, isCurrent: false,
      },
    },
  },
});

/** A list of the user's sessions kept live by the hook, as YourSessionsPage keeps it. */
function LiveList({ userId }: { userId: string }) {
  const [, refetch] = useQuery({ query: MySessionsQuery, variables: { status: 'ACTIVE', first: 50 } });
  useLiveSessions(refetch, userId);
  return null;
}

describe('useLiveSessions', () => {
  let requests: Sent[];
  let dispose: () => void;
  const listFetches = () => requests.filter((r) => r.operationName === 'MySessions');

  beforeEach(async () => {
    vi.useFakeTimers();
    FakeSocket.opened = [];
    vi.stubGlobal('WebSocket', FakeSocket);
    requests = fakeFetch({ MySessions: noSessions });
    const console_ = makeClient({ onSessionEnded: () => {} });
    dispose = console_.dispose;
    render(
      <Provider value={console_.client}>
        <ConnectionContext.Provider value={console_.connection}>
          <LiveList userId="u-1" />
        </ConnectionContext.Provider>
      </Provider>,
    );
    await advance(0);
    expect(FakeSocket.opened).toHaveLength(1);
    await lastSocket().accept();
  });
  afterEach(() => {
    dispose();
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("subscribes to the user's session events and fetches the list once", () => {
    const sub = lastSocket().sent.find((m) => m.type === 'subscribe' && m.payload?.query?.includes('subscription SessionEvents'));
    expect(sub?.payload?.variables).toEqual({ userId: 'u-1' });
    expect(listFetches()).toEqual([expect.objectContaining({ background: false })]);
  });

  it('refetches the list in the background once for a burst of events', async () => {
    const socket = lastSocket();
    const [id] = socket.started('subscription SessionEvents');
    await socket.deliver({ type: 'next', id, payload: sessionEvent('s-1') });
    await advance(100);
    await socket.deliver({ type: 'next', id, payload: sessionEvent('s-2') });
    await advance(50);
    await socket.deliver({ type: 'next', id, payload: sessionEvent('s-3') });
    await advance(49);
    expect(listFetches()).toHaveLength(1);
    await advance(1); // 200 ms after the first event
    expect(listFetches()).toHaveLength(2);
    expect(listFetches()[1]).toMatchObject({ background: true, variables: { status: 'ACTIVE', first: 50 } });
    await advance(5000);
    expect(listFetches()).toHaveLength(2);
  });

  it('refetches the list after the websocket reconnects, since events may have been missed', async () => {
    await lastSocket().closeWith(1006, ''); // the network dropped it
    await advance(10_000); // graphql-ws waits 1.3 to 4 s before its first retry
    expect(FakeSocket.opened).toHaveLength(2);
    expect(listFetches()).toHaveLength(1); // nothing to refetch while offline
    await lastSocket().accept();
    expect(lastSocket().started('subscription SessionEvents')).toHaveLength(1);
    await advance(200);
    expect(listFetches()).toHaveLength(2);
    expect(listFetches()[1].background).toBe(true);
  });

  it('refetches and subscribes again a second later when the stream ends with RESYNC_REQUIRED', async () => {
    const [id] = lastSocket().started('subscription SessionEvents');
    await lastSocket().deliver({
      type: 'error',
      id,
      payload: [{ message: 'events were lost: refetch, then subscribe again', extensions: { code: 'RESYNC_REQUIRED' } }],
    });
    await advance(200);
    expect(listFetches()).toHaveLength(2);
    expect(listFetches()[1].background).toBe(true);
    const subscribes = () => FakeSocket.opened.flatMap((s) => s.started('subscription SessionEvents')).length;
    await advance(799);
    expect(subscribes()).toBe(1);
    // The socket had nothing left to carry and closed; the new subscription opens another.
    expect(lastSocket().readyState).toBe(FakeSocket.CLOSED);
    await advance(1);
    expect(FakeSocket.opened).toHaveLength(2);
    await lastSocket().accept();
    expect(subscribes()).toBe(2);
  });
});

describe('a page kept live by useLiveSessions, when its session ends', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  /** The App signed in as Mia, on Your sessions, with its socket open; answers may change later. */
  async function signedIn() {
    vi.useFakeTimers();
    FakeSocket.opened = [];
    vi.stubGlobal('WebSocket', FakeSocket);
    const answers: Record<string, unknown> = {
      Me: {
        me: {
          __typename: 'Me',
          user: { __typename: 'User', id: 'u-1', name: 'Mia Member', email: 'mia@x.test', role: 'MEMBER', account: { __typename: 'Account', id: 'a-1', name: 'Acme' } },
          session: { __typename: 'Session', id: 's-1' },
        },
      },
      MySessions: noSessions,
      IdleRead: { me: { __typename: 'Me', session: { __typename: 'Session', id: 's-1', lastActiveAt: '2026-01-01T10:00:00Z', idleExpiresAt: null } } },
    };
    const requests = fakeFetch(answers);
    render(
      <HashRouted>
        <App />
      </HashRouted>,
    );
    await advance(0);
    await advance(0);
    expect(screen.getByRole('heading', { name: 'Your sessions' })).toBeInTheDocument();
    await lastSocket().accept();
    expect(lastSocket().started('subscription SessionEvents')).toHaveLength(1);
    expect(requests.filter((r) => r.operationName === 'MySessions')).toHaveLength(1);
    return { requests, answers };
  }

  it('a 4401 close shows the signed-out notice with the reason, and the socket is not reopened', async () => {
    const { requests } = await signedIn();
    await lastSocket().closeWith(4401, 'logged out by an administrator');
    await advance(0);
    expect(screen.getByTestId('signed-out-notice')).toHaveTextContent('You were signed out: logged out by an administrator.');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument();
    await advance(30_000);
    expect(FakeSocket.opened).toHaveLength(1);
    expect(requests.filter((r) => r.operationName === 'MySessions')).toHaveLength(1);
  });

  // Between the moment a session stops being valid and the one its sockets close, a request is
  // refused; the close that follows says why.
  const refused = (message: string) => new Response_({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] });

  it('an UNAUTHENTICATED answer waits for the 4401 close that says why', async () => {
    const { answers } = await signedIn();
    answers.IdleRead = refused('session ended: MAX_LIFETIME');
    await advance(30_000); // the idle countdown's background read is refused
    expect(screen.getByRole('heading', { name: 'Your sessions' })).toBeInTheDocument();
    await lastSocket().closeWith(4401, 'the session reached its maximum lifetime');
    await advance(0);
    expect(screen.getByTestId('signed-out-notice')).toHaveTextContent('You were signed out: the session reached its maximum lifetime.');
  });

  it('without that close, an UNAUTHENTICATED answer signs out all the same', async () => {
    const { answers } = await signedIn();
    answers.IdleRead = refused('session ended: MAX_LIFETIME');
    await advance(30_000 + REASON_WAIT_MS - 1);
    expect(screen.queryByTestId('signed-out-notice')).toBeNull();
    await advance(1);
    expect(screen.getByTestId('signed-out-notice')).toHaveTextContent('Your session has ended. Please sign in again.');
  });
});
