-- +goose Up
-- Webhooks (issue 14; see the PostgreSQL migration of the same name): an account's endpoints, and the outbox of deliveries to them. A delivery
-- row is written in the transaction of the change it announces, so a committed change is
-- delivered at least once and a rolled-back one never; every replica's worker claims due rows
-- with FOR UPDATE SKIP LOCKED.
CREATE TABLE webhooks (
  id          text PRIMARY KEY,
  account_id  text NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  url         text NOT NULL,
  events      text NOT NULL, -- comma-separated WebhookEvent names
  secret      text NOT NULL, -- the signing secret: HMAC needs it, so it is kept, not hashed
  created_at  datetime NOT NULL,
  created_by_id text
);
CREATE INDEX webhooks_account ON webhooks (account_id, created_at, id);

CREATE TABLE webhook_deliveries (
  id               text PRIMARY KEY,
  webhook_id       text NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  event_id         text NOT NULL,
  event_type       text NOT NULL,
  payload          text NOT NULL,
  status           text NOT NULL, -- PENDING, DELIVERED or FAILED
  attempts         integer NOT NULL DEFAULT 0,
  created_at       datetime NOT NULL,
  next_attempt_at  datetime NOT NULL,
  last_attempt_at  datetime,
  last_status_code integer,
  last_error       text,
  delivered_at     datetime,
  UNIQUE (webhook_id, event_id)
);
-- The workers' queue: only pending rows, oldest due first.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'PENDING';
-- An endpoint's delivery log, newest first.
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (webhook_id, created_at DESC, id DESC);

-- +goose Down
DROP TABLE webhook_deliveries;
DROP TABLE webhooks;
