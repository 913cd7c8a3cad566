-- +goose Up
-- The reaper's index holds idle_probe_at, a lower bound of last_active_at that only the reaper
-- moves, instead of last_active_at itself: an activity write then rewrites the row but no index
-- (see the PostgreSQL migration of the same name, and store.ReapIdle). A row inserted without it
-- defaults to the earliest time: a candidate at once, moved forward or ended by the next pass.
ALTER TABLE sessions ADD COLUMN idle_probe_at datetime NOT NULL DEFAULT '0001-01-01 00:00:00+00:00';
UPDATE sessions SET idle_probe_at = last_active_at WHERE status = 'ACTIVE';
DROP INDEX sessions_active_last_active;
CREATE INDEX sessions_active_idle_probe ON sessions (account_id, idle_probe_at) WHERE status = 'ACTIVE';

-- +goose Down
DROP INDEX sessions_active_idle_probe;
CREATE INDEX sessions_active_last_active ON sessions (account_id, last_active_at) WHERE status = 'ACTIVE';
ALTER TABLE sessions DROP COLUMN idle_probe_at;
