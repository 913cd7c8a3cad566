-- +goose Up
-- API keys (issue 14): see the PostgreSQL migration of the same name.
CREATE TABLE api_keys (
  id            text PRIMARY KEY,
  account_id    text NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name          text NOT NULL,
  prefix        text NOT NULL,
  token_hash    blob NOT NULL UNIQUE,
  scopes        text NOT NULL, -- comma-separated ApiScope names
  created_at    datetime NOT NULL,
  created_by_id text,
  expires_at    datetime,
  revoked_at    datetime,
  last_used_at  datetime,
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
