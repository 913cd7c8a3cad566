import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchNotingServerDate, noteServerDate, resetServerClock, serverNow } from './serverClock';

const BROWSER = Date.parse('2026-01-01T10:00:00.250Z');

describe('serverClock', () => {
  afterEach(() => {
    resetServerClock();
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('follows a server whose clock is minutes ahead or behind', () => {
    vi.useFakeTimers();
    vi.setSystemTime(BROWSER);
    noteServerDate('Thu, 01 Jan 2026 10:07:00 GMT');
    expect(serverNow() - Date.parse('2026-01-01T10:07:00.500Z')).toBe(0);
    noteServerDate('Thu, 01 Jan 2026 09:55:00 GMT');
    expect(serverNow()).toBe(Date.parse('2026-01-01T09:55:00.500Z'));
  });

  it('leaves a synchronised clock alone (the header is rounded to the second)', () => {
    vi.useFakeTimers();
    vi.setSystemTime(BROWSER);
    noteServerDate('Thu, 01 Jan 2026 10:00:00 GMT');
    noteServerDate('Thu, 01 Jan 2026 09:59:59 GMT');
    expect(serverNow()).toBe(BROWSER);
  });

  it('ignores missing and malformed headers', () => {
    vi.useFakeTimers();
    vi.setSystemTime(BROWSER);
    noteServerDate(null);
    noteServerDate('yesterday-ish');
    expect(serverNow()).toBe(BROWSER);
  });

  it('reads the Date header of every response fetched', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(BROWSER);
    vi.stubGlobal('fetch', async () => new Response('{}', { headers: { Date: 'Thu, 01 Jan 2026 11:00:00 GMT' } }));
    const res = await fetchNotingServerDate('/graphql');
    expect(await res.text()).toBe('{}');
    expect(serverNow()).toBe(Date.parse('2026-01-01T11:00:00.500Z'));
  });
});
