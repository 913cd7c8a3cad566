// The websocket's state, shared with the components: "offline" while it is down, and a resync
// signal after a reconnect (events may have been missed, so lists refetch).

export type ConnectionState = 'connecting' | 'online' | 'offline';

export class ConnectionStore {
  private state: ConnectionState = 'connecting';
  private connects = 0;
  private listeners = new Set<() => void>();
  private resyncListeners = new Set<() => void>();

  getState = (): ConnectionState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Calls listener after every reconnect (not after the first connect). */
  onResync = (listener: () => void): (() => void) => {
    this.resyncListeners.add(listener);
    return () => this.resyncListeners.delete(listener);
  };

  connected(): void {
    this.connects += 1;
    this.set('online');
    if (this.connects > 1) this.resyncListeners.forEach((l) => l());
  }

  closed(): void {
    this.set('offline');
  }

  private set(s: ConnectionState): void {
    if (s === this.state) return;
    this.state = s;
    this.listeners.forEach((l) => l());
  }
}
