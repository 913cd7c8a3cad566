import { PolicyForm } from './PolicyForm';
import { SessionsPanel } from './SessionsPanel';

/** My Account → Session Management, laid out like the help article. */
export function SessionManagementPage() {
  return (
    <div className="page">
      <h2>Session Management</h2>
      <p className="lead">
        Limit how many devices or browsers each user can be signed in on at once, sign out inactive users automatically,
        and see and end sessions.
      </p>
      <PolicyForm />
      <SessionsPanel path="session-management" />
    </div>
  );
}
