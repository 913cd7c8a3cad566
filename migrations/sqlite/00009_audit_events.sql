-- +goose Up
-- The audit log (issue 11; see the PostgreSQL migration of the same name): one row per security-relevant action, written in the transaction of
-- the change it describes. Rows are never updated; retention deletes them by age. No foreign
-- keys: an entry must outlive what it names, and its account is all that scopes it.
CREATE TABLE audit_events (
  id                  text PRIMARY KEY,
  account_id          text NOT NULL,
  occurred_at         datetime NOT NULL,
  action              text NOT NULL,
  actor_user_id       text,
  actor_session_id    text,
  target_user_id      text,
  end_reason          text,
  ended_session_count integer,
  ended_session_ids   text,
  ip                  text,
  city                text,
  device              text,
  details             text
);
-- Newest first by (occurred_at, id), per account, per actor and per target user.
CREATE INDEX audit_events_account ON audit_events (account_id, occurred_at DESC, id DESC);
CREATE INDEX audit_events_actor ON audit_events (account_id, actor_user_id, occurred_at DESC, id DESC);
CREATE INDEX audit_events_target ON audit_events (account_id, target_user_id, occurred_at DESC, id DESC);

-- +goose Down
DROP TABLE audit_events;
