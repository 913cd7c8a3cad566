-- +goose Up
-- Session lists sorted by end time: see the PostgreSQL migration of the same name.
CREATE INDEX sessions_account_status_ended ON sessions
  (account_id, status, COALESCE(ended_at, '9999-12-31 00:00:00+00:00') DESC, id DESC);

-- +goose Down
DROP INDEX sessions_account_status_ended;
