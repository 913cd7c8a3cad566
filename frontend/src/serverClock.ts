/**
 * The server's clock, as seen from this tab. Deadlines such as idleExpiresAt are server times, and
 * a browser clock that is minutes off would show the idle countdown minutes early or late. Every
 * response's `Date` header tells the server's time to the second; the offset follows it when the
 * two disagree by more than that precision allows, so a synchronised clock is never nudged.
 */
let offsetMs = 0;

/** Disagreements smaller than this are the Date header's own rounding (whole seconds) plus the trip. */
const TOLERANCE_MS = 1500;

/** Records the `Date` header of a response received at receivedAt (browser time). */
export function noteServerDate(header: string | null, receivedAt: number = Date.now()): void {
  if (!header) return;
  const at = Date.parse(header);
  if (Number.isNaN(at)) return;
  // The header drops the milliseconds: the server's time was, on average, half a second later.
  const estimate = at + 500 - receivedAt;
  if (Math.abs(estimate - offsetMs) > TOLERANCE_MS) offsetMs = estimate;
}

/** The server's current time, ms since the epoch. */
export function serverNow(): number {
  return Date.now() + offsetMs;
}

/** For tests: forget what responses said. */
export function resetServerClock(): void {
  offsetMs = 0;
}

/** fetch that notes each response's Date header. */
export const fetchNotingServerDate: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  noteServerDate(response.headers.get('Date'));
  return response;
};
