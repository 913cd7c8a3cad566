-- +goose Up
-- Offboarding (issue 10): see the PostgreSQL migration of the same name.
ALTER TABLE users ADD COLUMN status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'DEACTIVATED'));
ALTER TABLE users ADD COLUMN deactivated_at datetime;
ALTER TABLE users ADD COLUMN last_login_at datetime;

-- +goose Down
ALTER TABLE users DROP COLUMN last_login_at;
ALTER TABLE users DROP COLUMN deactivated_at;
ALTER TABLE users DROP COLUMN status;
