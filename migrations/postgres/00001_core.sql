-- +goose Up
CREATE TABLE accounts (
  id         text PRIMARY KEY,
  name       text NOT NULL,
  created_at timestamptz NOT NULL
);

CREATE TABLE users (
  id            text PRIMARY KEY,
  account_id    text NOT NULL REFERENCES accounts (id),
  name          text NOT NULL,
  email         text NOT NULL,
  role          text NOT NULL CHECK (role IN ('ADMIN', 'MEMBER')),
  password_hash text NOT NULL,
  created_at    timestamptz NOT NULL
);
-- Login takes no account name, so an email identifies one user across all accounts.
CREATE UNIQUE INDEX users_email_key ON users (email);
CREATE INDEX users_account_name ON users (account_id, name, id);

CREATE TABLE session_policies (
  account_id              text PRIMARY KEY REFERENCES accounts (id),
  limit_multiple_sessions boolean NOT NULL DEFAULT false,
  max_concurrent_sessions integer NOT NULL DEFAULT 1,
  when_limit_reached      text NOT NULL DEFAULT 'EVICT_OLDEST',
  idle_timeout_enabled    boolean NOT NULL DEFAULT false,
  idle_timeout_value      integer,
  idle_timeout_unit       text,
  version                 bigint NOT NULL DEFAULT 1,
  updated_at              timestamptz,
  updated_by_id           text REFERENCES users (id)
);

CREATE TABLE sessions (
  id             text PRIMARY KEY,
  account_id     text NOT NULL REFERENCES accounts (id),
  user_id        text NOT NULL REFERENCES users (id),
  token_hash     bytea NOT NULL,
  status         text NOT NULL CHECK (status IN ('ACTIVE', 'TERMINATED')),
  login_ip       text NOT NULL,
  login_city     text,
  login_country  text,
  user_agent     text,
  device         text,
  login_at       timestamptz NOT NULL,
  last_active_at timestamptz NOT NULL,
  ended_at       timestamptz,
  end_reason     text,
  ended_by_id    text REFERENCES users (id)
);
-- The authenticated hot path: one lookup by token hash.
CREATE UNIQUE INDEX sessions_token_hash_key ON sessions (token_hash);
-- Session lists page newest login first by (login_at, id), per account, status or user.
CREATE INDEX sessions_account_login ON sessions (account_id, login_at DESC, id DESC);
CREATE INDEX sessions_account_status_login ON sessions (account_id, status, login_at DESC, id DESC);
CREATE INDEX sessions_user_login ON sessions (user_id, login_at DESC, id DESC);
-- Idle checks and the reaper only ever look at active sessions.
CREATE INDEX sessions_active_last_active ON sessions (account_id, last_active_at) WHERE status = 'ACTIVE';
CREATE INDEX sessions_user_active ON sessions (user_id, login_at) WHERE status = 'ACTIVE';

-- +goose Down
DROP TABLE sessions;
DROP TABLE session_policies;
DROP TABLE users;
DROP TABLE accounts;
