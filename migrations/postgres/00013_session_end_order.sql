-- +goose Up
-- Session lists sorted by end time (store.OrderEndedAt, issue 12: terminated sessions newest
-- ending first) walk this index by the same expression the store orders by, so a page is a
-- bounded index scan like the login-time order. Ending a session already changes the indexed
-- status, so this index costs no HOT update. last_active_at gets no index on purpose: activity
-- writes must stay HOT (see 00005); sorting by it sorts the filtered rows instead.
CREATE INDEX sessions_account_status_ended ON sessions
  (account_id, status, (COALESCE(ended_at, TIMESTAMPTZ '9999-12-31 00:00:00+00')) DESC, id DESC);

-- +goose Down
DROP INDEX sessions_account_status_ended;
