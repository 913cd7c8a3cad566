import { useSyncExternalStore } from 'react';
import { formatDistance } from 'date-fns';
import { formatTime } from './format';
import { serverNow } from './serverClock';

/** How often relative times move on: "3 minutes ago" is exact to the minute anyway. */
export const TICK_MS = 15_000;

// One timer for every relative time on the page, not one per table cell.
const listeners = new Set<() => void>();
let now = serverNow();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(onTick: () => void) {
  listeners.add(onTick);
  if (!timer) {
    now = serverNow();
    timer = setInterval(() => {
      now = serverNow();
      listeners.forEach((l) => l());
    }, TICK_MS);
  }
  return () => {
    listeners.delete(onTick);
    if (!listeners.size) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** now, brought up to date while no timer keeps it (before the first subscriber, or after the last). */
function snapshot(): number {
  if (!timer && Math.abs(serverNow() - now) >= 1000) now = serverNow();
  return now;
}

/** The server's time, moving on every TICK_MS while anything shows a relative time. */
function useTickingNow(): number {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}

/**
 * A moment as people say it ("3 minutes ago"), ticking, with the exact time in the browser's
 * locale (formatTime, the console's one date format) on hover and read after it by screen
 * readers. Times a little ahead of this clock (a login a second ago on a server whose clock
 * runs ahead) read as just now rather than "in less than a minute".
 */
export function RelativeTime({ iso }: { iso: string }) {
  const current = useTickingNow();
  const relative = formatDistance(Math.min(Date.parse(iso), current), current, { addSuffix: true });
  const exact = formatTime(iso);
  return (
    <time dateTime={iso} title={exact}>
      {relative}
      <span className="visually-hidden"> ({exact})</span>
    </time>
  );
}
