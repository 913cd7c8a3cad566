-- +goose Up
-- Activity writes move last_active_at on every busy session once a second. While an index held
-- last_active_at, each of those writes was a new row version in every index of sessions (nine,
-- two of them trigram GIN): 11 WAL records and ~120 µs of PostgreSQL per session written, most
-- of the hot path's cost with many sessions (issue 9). The reaper's index now holds
-- idle_probe_at instead: a lower bound of last_active_at that only the reaper moves, when it
-- finds a session it probed still active (see store.ReapIdle). Activity writes then touch no
-- indexed column and are HOT updates, given room on the page: hence the fill factor.
-- A row inserted without it (tools, old replicas) defaults to the year 1: a candidate at once,
-- which the reaper's next pass moves forward or ends. Never reaped early: it is only a bound.
-- Not '-infinity': Go cannot scan it into a time.Time, and the pass would fail on that row.
ALTER TABLE sessions ADD COLUMN idle_probe_at timestamptz NOT NULL DEFAULT '0001-01-01 00:00:00+00';
UPDATE sessions SET idle_probe_at = last_active_at WHERE status = 'ACTIVE';
DROP INDEX sessions_active_last_active;
CREATE INDEX sessions_active_idle_probe ON sessions (account_id, idle_probe_at) WHERE status = 'ACTIVE';
ALTER TABLE sessions SET (fillfactor = 80);

-- +goose Down
ALTER TABLE sessions RESET (fillfactor);
DROP INDEX sessions_active_idle_probe;
CREATE INDEX sessions_active_last_active ON sessions (account_id, last_active_at) WHERE status = 'ACTIVE';
ALTER TABLE sessions DROP COLUMN idle_probe_at;
