import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { RelativeTime, TICK_MS } from './RelativeTime';
import { formatTime } from './format';
import { advance, fakeTimeFrom } from './test-utils';

const t0 = Date.parse('2026-11-27T10:00:00Z');
fakeTimeFrom(t0);

describe('RelativeTime', () => {
  it('says how long ago, with the exact time on hover and for screen readers, and ticks', async () => {
    const iso = new Date(t0 - 3 * 60_000).toISOString();
    render(<RelativeTime iso={iso} />);
    const time = screen.getByText('3 minutes ago');
    expect(time.closest('time')).toHaveAttribute('title', formatTime(iso));
    expect(time.closest('time')).toHaveAttribute('dateTime', iso);
    expect(time.closest('time')).toHaveTextContent(`3 minutes ago (${formatTime(iso)})`);

    await advance(2 * 60_000 + TICK_MS);
    expect(screen.getByText('5 minutes ago')).toBeInTheDocument();
  });

  it('reads a moment a little ahead of the clock as just now', () => {
    render(<RelativeTime iso={new Date(t0 + 2_000).toISOString()} />);
    expect(screen.getByText('less than a minute ago')).toBeInTheDocument();
  });
});
