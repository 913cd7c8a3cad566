import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { IdleWarning, formatRemaining, warningWindowMs } from './IdleWarning';
import { advance, fakeTimeFrom, mockClient, opName, wrap } from './test-utils';
import { BACKGROUND_HEADER } from './background';
import { noteServerDate } from './serverClock';

const T0 = Date.parse('2026-01-01T10:00:00Z');
const TIMEOUT = 5 * 60_000; // 5 minutes: the warning shows in the last minute

function isBackground(context: unknown): boolean {
  const headers = (context as { fetchOptions?: { headers?: Record<string, string> } } | undefined)?.fetchOptions?.headers;
  return headers?.[BACKGROUND_HEADER] === '1';
}

function setup(onSignOut: () => void = () => {}) {
  let lastActiveAt = T0;
  const { client, calls } = mockClient((op) => {
    const name = opName(op.query);
    if (name === 'RecordActivity') lastActiveAt = Date.now();
    if (name === 'IdleRead' || name === 'RecordActivity') {
      return {
        data: {
          me: {
            session: {
              id: 's-admin',
              lastActiveAt: new Date(lastActiveAt).toISOString(),
              idleExpiresAt: new Date(lastActiveAt + TIMEOUT).toISOString(),
            },
          },
        },
      };
    }
  });
  render(wrap(client, <IdleWarning onSignOut={onSignOut} />));
  const activity = () => calls.filter((c) => opName(c.query) === 'RecordActivity');
  const reads = () => calls.filter((c) => opName(c.query) === 'IdleRead');
  return { calls, activity, reads };
}

describe('IdleWarning', () => {
  fakeTimeFrom(T0);

  it('warns at least 20 s ahead (WCAG 2.2.1), a fifth of the timeout up to a minute, and all along under 40 s', () => {
    expect(warningWindowMs(60_000)).toBe(20_000); // a fifth would be 12 s
    expect(warningWindowMs(2 * 60_000)).toBe(24_000);
    expect(warningWindowMs(30 * 60_000)).toBe(60_000);
    expect(warningWindowMs(40_000)).toBe(20_000);
    expect(warningWindowMs(30_000)).toBe(30_000); // the whole timeout
  });

  it('"Sign out now" signs out at once, and Tab keeps to the two buttons', async () => {
    let signedOut = 0;
    setup(() => signedOut++);
    await advance(0);
    await advance(4 * 60_000 + 1000);
    const dialog = screen.getByRole('alertdialog');
    expect(document.activeElement).toHaveTextContent('Stay signed in');
    fireEvent.keyDown(dialog, { key: 'Tab' });
    expect(document.activeElement).toHaveTextContent('Sign out now');
    fireEvent.click(screen.getByRole('button', { name: 'Sign out now' }));
    expect(signedOut).toBe(1);
  });

  it('formats the remaining time', () => {
    expect(formatRemaining(42_000)).toBe('0:42');
    expect(formatRemaining(65_000)).toBe('1:05');
    expect(formatRemaining(41_100)).toBe('0:42');
  });

  it('warns near expiry, counts down, and "Stay signed in" records activity and hides the warning', async () => {
    const { activity, reads } = setup();
    await advance(0);
    expect(reads().length).toBe(1);
    expect(reads().every((c) => isBackground(c.context))).toBe(true);

    // Four minutes in: the periodic background reads do not extend the session, no warning yet.
    await advance(4 * 60_000 - 1000);
    expect(reads().length).toBeGreaterThan(4);
    expect(reads().every((c) => isBackground(c.context))).toBe(true);
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(activity()).toHaveLength(0);

    await advance(18_000); // 0:43 left
    const dialog = screen.getByRole('alertdialog');
    expect(dialog).toHaveTextContent('You will be signed out in 0:43 for inactivity');
    const stay = screen.getByRole('button', { name: 'Stay signed in' });
    expect(stay).toHaveFocus();

    await advance(1000);
    expect(dialog).toHaveTextContent('You will be signed out in 0:42 for inactivity');
    await advance(10_000);
    expect(dialog).toHaveTextContent('0:32');

    fireEvent.click(stay);
    await advance(0);
    expect(activity()).toHaveLength(1);
    expect(isBackground(activity()[0].context)).toBe(false);
    expect(screen.queryByRole('alertdialog')).toBeNull();

    // The new deadline came back: no warning for the next few minutes.
    await advance(3 * 60_000);
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('sends at most one activity request per 20 seconds of interaction', async () => {
    const { activity } = setup();
    await advance(0);
    fireEvent.keyDown(window, { key: 'a' });
    fireEvent.pointerDown(window);
    fireEvent.keyDown(window, { key: 'b' });
    await advance(0);
    expect(activity()).toHaveLength(1);
    expect(isBackground(activity()[0].context)).toBe(false);
    await advance(19_000);
    fireEvent.pointerDown(window);
    expect(activity()).toHaveLength(1);
    await advance(2000);
    fireEvent.pointerDown(window);
    await advance(0);
    expect(activity()).toHaveLength(2);
  });

  it('shows nothing without an idle timeout', async () => {
    const { client } = mockClient((op) =>
      opName(op.query) === 'IdleRead'
        ? { data: { me: { session: { id: 's-admin', lastActiveAt: new Date(T0).toISOString(), idleExpiresAt: null } } } }
        : undefined,
    );
    render(wrap(client, <IdleWarning onSignOut={() => {}} />));
    await advance(60 * 60_000);
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it("counts down on the server's clock when the browser's is off", async () => {
    const SKEW = 10 * 60_000; // the browser's clock is ten minutes behind the server's
    const iso = (ms: number) => new Date(ms).toISOString();
    noteServerDate(new Date(T0 + SKEW).toUTCString(), T0);
    const { client } = mockClient((op) =>
      opName(op.query) === 'IdleRead'
        ? { data: { me: { session: { id: 's-admin', lastActiveAt: iso(T0 + SKEW), idleExpiresAt: iso(T0 + SKEW + TIMEOUT) } } } }
        : undefined,
    );
    render(wrap(client, <IdleWarning onSignOut={() => {}} />));
    // On the browser's clock the deadline is fifteen minutes away; on the server's, five.
    await advance(3 * 60_000 + 58_000);
    expect(screen.queryByRole('alertdialog')).toBeNull();
    await advance(3000);
    expect(screen.getByRole('alertdialog')).toHaveTextContent(/signed out in 0:5\d/);
  });
});
