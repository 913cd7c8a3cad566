-- +goose Up
-- The absolute lifetime (issue 10): see the PostgreSQL migration of the same name, and its
-- index of active sessions by login for the reaper.
ALTER TABLE session_policies ADD COLUMN absolute_lifetime_enabled boolean NOT NULL DEFAULT false;
ALTER TABLE session_policies ADD COLUMN absolute_lifetime_value integer;
ALTER TABLE session_policies ADD COLUMN absolute_lifetime_unit text;
CREATE INDEX sessions_active_login ON sessions (account_id, login_at) WHERE status = 'ACTIVE';

-- +goose Down
DROP INDEX sessions_active_login;
ALTER TABLE session_policies DROP COLUMN absolute_lifetime_unit;
ALTER TABLE session_policies DROP COLUMN absolute_lifetime_value;
ALTER TABLE session_policies DROP COLUMN absolute_lifetime_enabled;
