// Tells the other open tabs of this browser (they share the session cookie) that the session
// ended, that someone signed in, or when the session now goes idle.

export type TabMessage =
  | { type: 'signed-out'; sessionId: string | null; reason: string }
  | { type: 'signed-in' }
  /** The current session's idle deadline as last read by a tab (the idle countdown). */
  | { type: 'idle'; sessionId: string; lastActiveAt: string; idleExpiresAt: string | null };

const NAME = 'sessionguard';

export function openTabChannel(onMessage: (m: TabMessage) => void): { post: (m: TabMessage) => void; close: () => void } {
  if (typeof BroadcastChannel === 'undefined') return { post: () => {}, close: () => {} };
  const ch = new BroadcastChannel(NAME);
  ch.onmessage = (e: MessageEvent<TabMessage>) => onMessage(e.data);
  return { post: (m) => ch.postMessage(m), close: () => ch.close() };
}
