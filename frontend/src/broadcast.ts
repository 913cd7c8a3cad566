// Tells the other open tabs of this browser (they share the session cookie) that the session
// ended or that someone signed in.

export type TabMessage =
  | { type: 'signed-out'; sessionId: string | null; reason: string }
  | { type: 'signed-in' };

const NAME = 'sessionguard';

export function openTabChannel(onMessage: (m: TabMessage) => void): { post: (m: TabMessage) => void; close: () => void } {
  if (typeof BroadcastChannel === 'undefined') return { post: () => {}, close: () => {} };
  const ch = new BroadcastChannel(NAME);
  ch.onmessage = (e: MessageEvent<TabMessage>) => onMessage(e.data);
  return { post: (m) => ch.postMessage(m), close: () => ch.close() };
}
