export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function roleText(role: string): string {
  return role === 'ADMIN' ? 'Admin' : role === 'MEMBER' ? 'Member' : role;
}

/**
 * What an action that ends all of a user's sessions (role change, deactivation, password reset)
 * does to them, for its confirmation: "This ends Ann's 3 active sessions."
 */
export function sessionsEndedText(name: string, activeSessions: number, isSelf: boolean): string {
  if (isSelf) {
    const n = Math.max(activeSessions, 1); // this one, at least
    return `This ends your ${n === 1 ? 'active session' : `${n} active sessions`}, this one included: you will sign in again.`;
  }
  if (activeSessions === 0) return `${name} has no active session: none ends.`;
  if (activeSessions === 1) return `This ends ${name}'s active session.`;
  return `This ends ${name}'s ${activeSessions} active sessions.`;
}

/** 14:05: a time of day today, in the browser's zone and conventions. */
export function formatClock(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}
