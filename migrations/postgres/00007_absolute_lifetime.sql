-- +goose Up
-- The absolute lifetime (issue 10): sessions end this long after their login, however active.
-- Stored like the idle timeout, and kept while disabled.
ALTER TABLE session_policies ADD COLUMN absolute_lifetime_enabled boolean NOT NULL DEFAULT false;
ALTER TABLE session_policies ADD COLUMN absolute_lifetime_value integer;
ALTER TABLE session_policies ADD COLUMN absolute_lifetime_unit text;
-- The reaper finds an account's active sessions past their lifetime by login_at (see
-- store.ReapIdle). sessions_account_status_login would serve a custom plan, but a generic plan
-- (status unknown) walks sessions_account_login from the oldest login and filters on status:
-- through every ended session of the account's history, on a pass that finds nothing. A partial
-- index holds only active sessions, so such a pass reads one entry. login_at never changes, and
-- an ended session's new row version does not enter it: activity writes stay HOT, and ending a
-- session adds no entry here.
-- "login_at IS NOT NULL" (always true) keeps the index from the idle reaper's query, which does
-- not imply it (a lifetime query's login_at <= $n does): on rows loaded and not yet analyzed,
-- PostgreSQL served the idle candidates from this index rather than sessions_active_idle_probe,
-- sorting the account's active sessions for each batch (100,000 idle sessions took twice as long).
CREATE INDEX sessions_active_login ON sessions (account_id, login_at)
  WHERE status = 'ACTIVE' AND login_at IS NOT NULL;

-- +goose Down
DROP INDEX sessions_active_login;
ALTER TABLE session_policies DROP COLUMN absolute_lifetime_unit;
ALTER TABLE session_policies DROP COLUMN absolute_lifetime_value;
ALTER TABLE session_policies DROP COLUMN absolute_lifetime_enabled;
