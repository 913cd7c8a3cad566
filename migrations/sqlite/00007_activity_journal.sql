-- +goose Up
-- Each replica's noted activity, appended once a second until it reaches the sessions rows (see
-- the PostgreSQL migration of the same name, and store/activity_journal.go).
CREATE TABLE activity_journal (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  replica    text NOT NULL,
  written_at datetime NOT NULL,
  entries    blob NOT NULL
);
CREATE INDEX activity_journal_written_at ON activity_journal (written_at);

-- +goose Down
DROP TABLE activity_journal;
