import { describe, expect, it } from 'vitest';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { makeSubject } from 'wonka';
import type { OperationResult } from '@urql/core';
import { LifetimeWarning, lifetimeWarningMs } from './LifetimeWarning';
import { advance, fakeTimeFrom, mockClient, opName, wrap } from './test-utils';
import { BACKGROUND_HEADER } from './background';
import { noteServerDate } from './serverClock';
import { formatClock } from './format';

const T0 = Date.parse('2026-01-01T10:00:00Z');
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** A session that logged in at loginAt and ends at expiresAt (null: no lifetime). */
function setup(session: () => { loginAt: number; expiresAt: number | null }) {
  const { client, calls } = mockClient((op) => {
    if (opName(op.query) !== 'LifetimeRead') return undefined;
    const s = session();
    return { data: { me: { session: { id: 's-admin', loginAt: iso(s.loginAt), expiresAt: s.expiresAt === null ? null : iso(s.expiresAt) } } } };
  });
  const pushed = makeSubject<OperationResult>();
  let subOp: unknown;
  (client as unknown as { executeSubscription: (r: unknown) => unknown }).executeSubscription = (request) => {
    subOp = request;
    return pushed.source;
  };
  render(wrap(client, <LifetimeWarning />));
  const reads = () => calls.filter((c) => opName(c.query) === 'LifetimeRead');
  const policyChanged = () =>
    act(() => pushed.next({ operation: subOp, data: { sessionPolicyUpdated: {} }, stale: false, hasNext: true } as unknown as OperationResult));
  return { reads, policyChanged };
}

describe('LifetimeWarning', () => {
  fakeTimeFrom(T0);

  it('warns at most five minutes, and at most a fifth of the lifetime, before the end', () => {
    expect(lifetimeWarningMs(8 * 60 * MIN)).toBe(5 * MIN);
    expect(lifetimeWarningMs(MIN)).toBe(12_000);
  });

  it('says when the session ends a few minutes before, with no way to stay, and OK hides it', async () => {
    // Eight hours of lifetime, signed in 7 h 50 min ago: ten minutes left.
    const expiresAt = T0 + 10 * MIN;
    const { reads } = setup(() => ({ loginAt: expiresAt - 8 * 60 * MIN, expiresAt }));
    await advance(0);
    expect(reads()).toHaveLength(1);
    const headers = (reads()[0].context as { fetchOptions: { headers: Record<string, string> } }).fetchOptions.headers;
    expect(headers[BACKGROUND_HEADER]).toBe('1');

    await advance(5 * MIN - 1000);
    expect(screen.queryByRole('alert')).toBeNull();
    await advance(1000);
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent(`Your session ends at ${formatClock(expiresAt)}: sign in again then.`);
    expect(screen.queryByRole('button', { name: /stay/i })).toBeNull();
    expect(reads()).toHaveLength(1); // the end does not move: no polling

    fireEvent.click(screen.getByRole('button', { name: 'OK' }));
    expect(screen.queryByRole('alert')).toBeNull();
    await advance(2 * MIN);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('waits days in steps: a 90-day lifetime warns on time', async () => {
    const expiresAt = T0 + 30 * 24 * 60 * MIN;
    setup(() => ({ loginAt: expiresAt - 90 * 24 * 60 * MIN, expiresAt }));
    await advance(0);
    // An hour at a time: each wake-up sets the next timer once React has rendered.
    for (let i = 0; i < 30 * 24 - 1; i++) await advance(60 * MIN);
    await advance(55 * MIN - 1000);
    expect(screen.queryByRole('alert')).toBeNull();
    await advance(1000);
    expect(screen.getByRole('alert')).toBeInTheDocument();
  });

  it('shows nothing without a lifetime, and follows a policy change', async () => {
    let expiresAt: number | null = null;
    const { reads, policyChanged } = setup(() => ({ loginAt: T0 - 2 * MIN, expiresAt }));
    await advance(60 * MIN);
    expect(screen.queryByRole('alert')).toBeNull();

    // An administrator sets a lifetime: the new read says this session ends in 90 seconds.
    expiresAt = Date.now() + 90_000;
    await policyChanged();
    await advance(0);
    expect(reads()).toHaveLength(2);
    expect(screen.getByRole('alert')).toHaveTextContent(`Your session ends at ${formatClock(expiresAt)}`);
  });

  it("counts on the server's clock and says the time on the browser's", async () => {
    const SKEW = 10 * MIN; // the browser's clock is ten minutes behind the server's
    noteServerDate(new Date(T0 + SKEW).toUTCString(), T0);
    const expiresAt = T0 + SKEW + 20 * MIN + 30_000; // server time, away from a minute's edge
    setup(() => ({ loginAt: expiresAt - 8 * 60 * MIN, expiresAt }));
    await advance(0);
    // On the browser's clock the end is 20.5 minutes away (30.5 on the server's as read naively).
    await advance(15 * MIN + 29_000);
    expect(screen.queryByRole('alert')).toBeNull();
    await advance(1000);
    expect(screen.getByTestId('lifetime-ends-at')).toHaveTextContent(formatClock(T0 + 20 * MIN + 30_000));
  });
});
