export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function roleText(role: string): string {
  return role === 'ADMIN' ? 'Admin' : role === 'MEMBER' ? 'Member' : role;
}
