-- +goose Up
-- Each replica appends, once a second, the activity its requests noted since its last append:
-- one row a second a replica, however many sessions were active (issue 9). The activity reaches
-- the sessions rows later, within a minute or before it matters for an idle timeout, in one
-- batched write; this journal is what keeps it if the replica dies before that (store/activity.go).
-- A replica deletes its rows once their activity is in the sessions rows; rows older than that
-- belong to a replica that died and any replica folds them in (activity_journal.go).
CREATE TABLE activity_journal (
  id         bigserial PRIMARY KEY,
  replica    text NOT NULL,
  written_at timestamptz NOT NULL,
  entries    bytea NOT NULL
);
CREATE INDEX activity_journal_written_at ON activity_journal (written_at);

-- +goose Down
DROP TABLE activity_journal;
