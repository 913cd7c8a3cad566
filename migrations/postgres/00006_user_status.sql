-- +goose Up
-- Offboarding (issue 10): a deactivated user keeps their row (their sessions and the changes
-- they made still name them) but can no longer log in. last_login_at is the moment of their
-- latest login, written in the login's own transaction.
ALTER TABLE users ADD COLUMN status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'DEACTIVATED'));
ALTER TABLE users ADD COLUMN deactivated_at timestamptz;
ALTER TABLE users ADD COLUMN last_login_at timestamptz;

-- +goose Down
ALTER TABLE users DROP COLUMN last_login_at;
ALTER TABLE users DROP COLUMN deactivated_at;
ALTER TABLE users DROP COLUMN status;
