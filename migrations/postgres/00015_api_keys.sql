-- +goose Up
-- API keys (issue 14): scoped, revocable credentials for scripts and services, never sessions.
-- Only the SHA-256 of a key's secret is kept (token_hash, unique: each request looks its key up
-- by it, so a revocation is seen by every replica at its next request). last_used_at/_ip are
-- written in batches (store/apikey_usage.go), never once per request.
CREATE TABLE api_keys (
  id            text PRIMARY KEY,
  account_id    text NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name          text NOT NULL,
  prefix        text NOT NULL,
  token_hash    bytea NOT NULL UNIQUE,
  scopes        text NOT NULL, -- comma-separated ApiScope names
  created_at    timestamptz NOT NULL,
  created_by_id text,
  expires_at    timestamptz,
  revoked_at    timestamptz,
  last_used_at  timestamptz,
  last_used_ip  text
);
CREATE INDEX api_keys_account ON api_keys (account_id, created_at DESC, id DESC);

-- What a key did is attributed to it: the sessions it ended, and its audit entries.
ALTER TABLE sessions ADD COLUMN ended_by_api_key_id text;
ALTER TABLE audit_events ADD COLUMN actor_api_key_id text;

-- +goose Down
ALTER TABLE audit_events DROP COLUMN actor_api_key_id;
ALTER TABLE sessions DROP COLUMN ended_by_api_key_id;
DROP TABLE api_keys;
