import { PolicyForm } from './PolicyForm';
import { SessionsPanel } from './SessionsPanel';

/**
 * My Account → Session Management: the sessions first, where an administrator works most (the
 * table starts above the fold of a 1400×900 window), then the session policy with its notes.
 */
export function SessionManagementPage() {
  return (
    <div className="page">
      <h2>Session Management</h2>
      <p className="lead">
        Limit how many devices or browsers each user can be signed in on at once, sign out inactive users automatically,
        and see and end sessions. The session policy follows the sessions.
      </p>
      <SessionsPanel path="session-management" />
      <PolicyForm />
    </div>
  );
}
